// Owns writing a cycle's editing sheet in place, in a sheet a team works in: each pulled row is found by
// its hidden id wherever sorting put it, and only the add-on's cells are written (values, validations, its
// own notes and flag colours). Columns a person inserted, their notes, formats, filters and formulas stay.
// Entities the server added are appended; rows of entities it no longer has are cleared, or only marked
// when the row holds a person's content.
import type { AttentionResponse, Board } from '@okr-ledger/api-contract';
import type { AlignmentChoices } from './alignment-cells.js';
import { type Cell, type Grid, isBlank } from './cells.js';
import {
  type ColumnAnchor,
  type ColumnMap,
  canonicalRow,
  columnOf,
  ownedColumns,
  requireColumns,
} from './column-map.js';
import { type ColumnKey, DATA_START_ROW, EDITING_COLUMNS, editingSheetName } from './columns.js';
import {
  bannerText,
  type CellAnnotation,
  columnProtections,
  computedCells,
  entryId,
  findingsByTarget,
  indexEntries,
  markNote,
  mergeNote,
  ownerChoices,
  rowDecorations,
  SPARE_ROWS,
  editingSheetFormats,
  serverCells,
  splitNote,
  validationsFor,
} from './editing-sheet.js';
import { type BoardEntry, boardEntries } from './model.js';
import { GONE_PREFIX, type ReadRow } from './read-sheet.js';
import { type BlockPlan, COLORS, emptyPlan, type SheetPlan, type ValidationPlan } from './sheet-plan.js';

/** The editing sheet as read: every column of rows DATA_START_ROW…last used row. */
export interface EditingSheetState {
  columns: ColumnMap;
  /** Columns found by header only; the next write anchors them. */
  unanchored: ColumnKey[];
  values: Grid;
  formulas: string[][];
  notes: string[][];
  backgrounds: string[][];
}

/** What the adapter reads of an editing sheet: row 2's headers, the column anchors, and rows 3… in full. */
export interface RawEditingSheet {
  headers: Cell[];
  anchors: ColumnAnchor[];
  values: Grid;
  formulas: string[][];
  notes: string[][];
  backgrounds: string[][];
}

export function editingState(sheetName: string, raw: RawEditingSheet): EditingSheetState {
  const located = requireColumns(sheetName, raw.headers, raw.anchors);
  return { ...raw, columns: located.columns, unanchored: located.unanchored };
}

/** What a sync does to one row. Rows without a target are left exactly as they are. */
export type RowTarget =
  | { kind: 'server'; entry: BoardEntry }
  | { kind: 'pending'; entry: BoardEntry | null; annotations: CellAnnotation[]; id: string | null }
  | { kind: 'gone'; id: string; why: string };

export interface RowTargets {
  byRow: Map<number, RowTarget>;
  /** Live entities no row holds: appended below the data, in board order. */
  appended: BoardEntry[];
}

/**
 * `pending` rows keep what was typed (with annotations); other pulled rows refresh from `board`. With a
 * `scope`, only rows of those ids are touched and nothing is appended (a check-in refreshes its objective).
 */
export function rowTargets(
  rows: readonly ReadRow[],
  board: Board,
  pending: ReadonlyMap<number, CellAnnotation[]>,
  entityIdByRow: ReadonlyMap<number, string> = new Map(),
  scope: ReadonlySet<string> | null = null,
  /** Ids the server has that this pull's filter leaves out. */
  outside: ReadonlySet<string> = new Set(),
): RowTargets {
  const index = indexEntries(board);
  const byRow = new Map<number, RowTarget>();
  const seen = new Set<string>();
  for (const read of rows) {
    const id = read.id ?? entityIdByRow.get(read.row) ?? null;
    if (id !== null) seen.add(id);
    if (scope !== null && (id === null || !scope.has(id))) continue;
    const item = id === null ? undefined : index.get(id);
    const annotations = pending.get(read.row);
    if (annotations !== undefined) {
      byRow.set(read.row, { kind: 'pending', entry: item?.entry ?? null, annotations, id });
    } else if (id !== null && item?.live === true) {
      byRow.set(read.row, { kind: 'server', entry: item.entry });
    } else if (id !== null) {
      const why = outside.has(id)
        ? "outside this pull's filter"
        : item === undefined
          ? 'no longer in this cycle on the server'
          : item.entry.kind === 'objective' || item.entry.objective.archived
            ? 'archived on the server'
            : 'removed on the server';
      byRow.set(read.row, { kind: 'gone', id, why });
    }
  }
  const appended = scope === null ? boardEntries(board).filter((entry) => !seen.has(entryId(entry))) : [];
  return { byRow, appended };
}

const FLAG_COLORS = new Set<string>([COLORS.error, COLORS.conflict, COLORS.lint]);
const BASE_COLORS = new Set<string>([COLORS.computed, COLORS.objectiveRow]);

function baseColor(kind: BoardEntry['kind'] | null, key: ColumnKey): string | null {
  const spec = EDITING_COLUMNS.find((candidate) => candidate.key === key);
  if (spec?.role === 'computed') return COLORS.computed;
  if (kind === 'objective' && spec?.role === 'editable') return COLORS.objectiveRow;
  return null;
}

/** A cell as it must be written back to stay as it is: its formula if it has one. */
function preserved(value: Cell | undefined, formula: string | undefined): Cell {
  return formula !== undefined && formula !== '' ? formula : (value ?? '');
}

function hasUserContent(state: EditingSheetState, offset: number, owned: ReadonlySet<number>): boolean {
  const values = state.values[offset] ?? [];
  const formulas = state.formulas[offset] ?? [];
  const notes = state.notes[offset] ?? [];
  const width = Math.max(values.length, notes.length);
  for (let index = 0; index < width; index += 1) {
    if (splitNote(notes[index] ?? '').theirs !== '') return true;
    if (owned.has(index + 1)) continue;
    if (!isBlank(values[index]) || (formulas[index] ?? '') !== '') return true;
  }
  return false;
}

interface RowOut {
  values: Cell[];
  notes: string[];
  backgrounds: (string | null)[];
  validations: (ValidationPlan | null)[];
}

function keyIndex(key: ColumnKey): number {
  return EDITING_COLUMNS.findIndex((spec) => spec.key === key);
}

export interface SyncOptions {
  /** Rewrite the banner (a pull); a push or check-in leaves it as the pull wrote it. */
  banner: boolean;
  /** The organization's members the last pull saw, for the Owner dropdown. */
  members?: readonly string[];
  /** The teams and parent objectives the last pull saw, for the Team and Parent objective dropdowns. */
  alignment?: AlignmentChoices;
  /** A pull's attention list, whose KRs' titles are coloured; absent, nothing is. */
  attention?: AttentionResponse | null;
}

/** The in-place write of `board` into an editing sheet people have rearranged. */
export function editingSyncPlan(
  board: Board,
  state: EditingSheetState,
  targets: RowTargets,
  readRows: readonly ReadRow[],
  options: SyncOptions,
): SheetPlan {
  const { columns } = state;
  const owned = ownedColumns(columns);
  const ownedSet = new Set(owned);
  const findings = findingsByTarget(board);
  const index = indexEntries(board);
  const kindByRow = new Map(readRows.map((read) => [read.row, read]));
  const width = Math.max(...owned, ...state.values.map((row) => row.length));
  const owners = ownerChoices(board, options.members ?? []);

  const out = (offset: number): RowOut => {
    const sheetRow = DATA_START_ROW + offset;
    const values = canonicalRow(
      (state.values[offset] ?? []).map((value, i) => preserved(value, state.formulas[offset]?.[i])),
      columns,
    );
    const notes = canonicalRow(state.notes[offset] ?? [], columns).map((note) => String(note));
    const backgrounds: (string | null)[] = canonicalRow(state.backgrounds[offset] ?? [], columns).map((c) =>
      String(c) === '' ? null : String(c).toLowerCase(),
    );
    const read = kindByRow.get(sheetRow);
    const knownEntry = read?.id == null ? null : (index.get(read.id)?.entry ?? null);
    let validations = validationsFor(read?.kind ?? null, knownEntry, owners, options.alignment);
    const target = targets.byRow.get(sheetRow);
    if (target === undefined) return { values, notes, backgrounds, validations };

    let annotations: CellAnnotation[] = [];
    let entry: BoardEntry | null = null;
    if (target.kind === 'server') {
      entry = target.entry;
      serverCells(entry, sheetRow, columns, options.alignment).forEach((cell, i) => {
        values[i] = cell;
      });
    } else if (target.kind === 'pending') {
      entry = target.entry;
      annotations = target.annotations;
      if (entry !== null) {
        const computed = computedCells(entry, sheetRow, columns);
        EDITING_COLUMNS.forEach((spec, i) => {
          if (spec.role !== 'editable') values[i] = computed[i] ?? '';
        });
      } else if (target.id !== null) {
        values[keyIndex('id')] = target.id;
      }
      validations = validationsFor(read?.kind ?? null, entry, owners, options.alignment);
    } else {
      const keep = hasUserContent(state, offset, ownedSet);
      EDITING_COLUMNS.forEach((spec, i) => {
        if (!keep || spec.role !== 'editable') values[i] = '';
        notes[i] = mergeNote(notes[i] ?? '', '');
        // Only the add-on's own colours go; a colour a person chose stays, even on a cleared row.
        const color = backgrounds[i] ?? '';
        if (FLAG_COLORS.has(color) || (!keep && BASE_COLORS.has(color))) backgrounds[i] = null;
      });
      if (keep) {
        values[keyIndex('id')] = `${GONE_PREFIX}${target.id}`;
        values[keyIndex('status')] = target.why;
        notes[keyIndex('title')] = mergeNote(
          notes[keyIndex('title')] ?? '',
          `This row is ${target.why}. It is kept because it holds your content, and a push ignores it; delete the row when you no longer need it.`,
        );
      }
      return { values, notes, backgrounds, validations: validations.map(() => null) };
    }

    const decorations = rowDecorations(entry, annotations, findings);
    if (decorations.lintCell !== null) values[keyIndex('lint')] = decorations.lintCell;
    EDITING_COLUMNS.forEach((spec, i) => {
      notes[i] = mergeNote(notes[i] ?? '', decorations.notes.get(spec.key) ?? '');
      const flag = decorations.colors.get(spec.key);
      if (flag !== undefined) backgrounds[i] = flag;
      else if (FLAG_COLORS.has(backgrounds[i] ?? ''))
        backgrounds[i] = baseColor(entry?.kind ?? read?.kind ?? null, spec.key);
    });
    return { values, notes, backgrounds, validations };
  };

  const existing = state.values.map((_, offset) => out(offset));
  const appendedRow = DATA_START_ROW + existing.length;
  const appended: RowOut[] = targets.appended.map((entry, i) => {
    const decorations = rowDecorations(entry, [], findings);
    const values = serverCells(entry, appendedRow + i, columns, options.alignment);
    if (decorations.lintCell !== null) values[keyIndex('lint')] = decorations.lintCell;
    return {
      values,
      notes: EDITING_COLUMNS.map((spec) => markNote(decorations.notes.get(spec.key) ?? '')),
      backgrounds: EDITING_COLUMNS.map(
        (spec) => decorations.colors.get(spec.key) ?? baseColor(entry.kind, spec.key),
      ),
      validations: validationsFor(entry.kind, entry, owners, options.alignment),
    };
  });
  const spare: RowOut[] = Array.from({ length: SPARE_ROWS }, () => ({
    values: EDITING_COLUMNS.map(() => ''),
    notes: EDITING_COLUMNS.map(() => ''),
    backgrounds: EDITING_COLUMNS.map(() => null),
    validations: validationsFor(null, null, owners, options.alignment),
  }));

  const toBlock = (row: number, rows: RowOut[], bold: boolean[] | null): BlockPlan => {
    // Sheet-wide rows: only the owned columns are written, so what sits in the others does not matter.
    const spread = <T>(cells: T[], fill: T): T[] => {
      const line = Array.from({ length: width }, () => fill);
      EDITING_COLUMNS.forEach((spec, i) => {
        const column = columns.get(spec.key);
        if (column !== undefined) line[column - 1] = cells[i] as T;
      });
      return line;
    };
    return {
      row,
      column: 1,
      columns: owned,
      values: rows.map((r) => spread<Cell>(r.values, '')),
      notes: rows.map((r) => spread(r.notes, '')),
      backgrounds: rows.map((r) => spread(r.backgrounds, null)),
      validations: rows.map((r) => spread(r.validations, null)),
      ...(bold === null
        ? {}
        : {
            fontWeights: bold.map((b) =>
              Array.from({ length: width }, () => (b ? 'bold' : 'normal') as 'bold' | 'normal'),
            ),
          }),
    };
  };

  const dataRows = existing.length + appended.length + SPARE_ROWS;
  const blocks: BlockPlan[] = [];
  if (options.banner) {
    blocks.push({ row: 1, column: columnOf(columns, 'kind'), values: [[bannerText(board)]] });
  }
  if (existing.length > 0) blocks.push(toBlock(DATA_START_ROW, existing, null));
  if (appended.length > 0) {
    blocks.push(
      toBlock(
        appendedRow,
        appended,
        targets.appended.map((entry) => entry.kind === 'objective'),
      ),
    );
  }
  // Blank rows below keep their dropdowns for new rows; their (blank) values and formats are left alone.
  const spareBlock = toBlock(appendedRow + appended.length, spare, null);
  blocks.push({ ...spareBlock, skipValues: true, notes: undefined, backgrounds: undefined });
  return {
    ...emptyPlan(editingSheetName(board.cycle.id)),
    mode: 'update',
    blocks,
    numberFormats: EDITING_COLUMNS.flatMap((spec) => {
      const format = spec.text ? '@' : spec.numberFormat;
      const column = columns.get(spec.key);
      if (format === undefined || (spec.role === 'editable' && !spec.text) || column === undefined) return [];
      return [{ range: { row: DATA_START_ROW, column, numRows: dataRows, numColumns: 1 }, format }];
    }),
    conditionalFormats: editingSheetFormats(columns, dataRows, options.attention ?? null),
    protections: columnProtections(columns, dataRows),
    columnAnchors: state.unanchored.map((key) => ({ column: columnOf(columns, key), key })),
  };
}
