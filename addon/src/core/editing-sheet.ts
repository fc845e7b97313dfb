// Owns how a cycle's editing sheet looks: board → rows (an objective, its KRs and initiatives beneath,
// grouped), protected computed columns with a progress bar, hidden ids and versions, dropdowns, lint
// findings as notes on the cells they concern, and — after a push — rows that still hold a person's
// edits, annotated with what went wrong. The result is a SheetPlan written with one setValues.
import { attentionFormats } from './attention-highlights.js';
import type { AttentionResponse, Board, InitiativeView } from '@okr-ledger/api-contract';
import { type AlignmentChoices, labelOf, NO_ALIGNMENT_CHOICES } from './alignment-cells.js';
import { ownerChoices, validationsFor } from './cell-rules.js';
import type { Cell } from './cells.js';
import { type ColumnMap, columnOf, defaultColumnMap } from './column-map.js';
import {
  BANNER_ROW,
  COLUMN_COUNT,
  type ColumnKey,
  columnIndex,
  columnNumber,
  columnsWithRole,
  DATA_START_ROW,
  EDITING_COLUMNS,
  editingSheetName,
  HEADER_ROW,
} from './columns.js';
import { label, ROW_KIND_LABELS, type RowKind } from './labels.js';
import { linkedCellText } from './linked-cells.js';
import { formatMilestones } from './milestones.js';
import { type BoardEntry, boardEntries, entryId, milestonesText, servedKeyResultTitle } from './model.js';
import { keyResultModeCell, objectiveModeCells } from './progress-modes.js';
import { type CellAnnotation, findingsByTarget, lintNote, markNote, rowDecorations } from './row-notes.js';

export { ownerChoices, validationsFor } from './cell-rules.js';
export { entryId } from './model.js';
export {
  type AnnotationTone,
  type CellAnnotation,
  findingsByTarget,
  markNote,
  mergeNote,
  NOTE_MARK,
  rowDecorations,
  splitNote,
} from './row-notes.js';

import type { ReadRow } from './read-sheet.js';
import {
  a1,
  COLORS,
  columnLetter,
  emptyPlan,
  grid,
  ourRule,
  type SheetPlan,
  type ValidationPlan,
} from './sheet-plan.js';

/** Where a row's cells come from: the server's state, or what a person typed (kept until it is saved). */
export type RowSource =
  | { source: 'server'; entry: BoardEntry }
  | { source: 'sheet'; read: ReadRow; entry: BoardEntry | null; annotations: CellAnnotation[] };

/** Blank rows with dropdowns below the data, where new objectives and KRs are typed. */
export const SPARE_ROWS = 20;

const BAR_COLOR = '#1a73e8';

export function initiativeProgress(initiative: InitiativeView): number | null {
  switch (initiative.status) {
    case 'done':
      return 1;
    case 'in_progress':
      return initiative.percentComplete / 100;
    case 'planned':
      return 0;
    case 'dropped':
      return null;
    default: {
      const unknownStatus: never = initiative.status;
      throw new Error(`unknown initiative status ${String(unknownStatus)}`);
    }
  }
}

function blankRow(): Cell[] {
  return Array.from({ length: COLUMN_COUNT }, () => '' as Cell);
}

function put(row: Cell[], key: ColumnKey, value: Cell | null): void {
  row[columnIndex(key)] = value ?? '';
}

/** Computed and hidden cells, which always come from the server. */
function putComputed(row: Cell[], entry: BoardEntry, sheetRow: number, columns?: ColumnMap): void {
  const progressCell = a1(sheetRow, columns?.get('progress') ?? columnNumber('progress'));
  put(
    row,
    'bar',
    `=IF(ISNUMBER(${progressCell}),SPARKLINE(MAX(0,MIN(1,${progressCell})),{"charttype","bar";"max",1;"color1","${BAR_COLOR}"}),"")`,
  );
  put(row, 'id', entryId(entry));
  put(row, 'version', entry.objective.version);
  switch (entry.kind) {
    case 'objective':
      put(row, 'progress', entry.objective.progress);
      put(row, 'score', entry.objective.score);
      break;
    case 'key_result': {
      const { keyResult } = entry;
      put(row, 'progress', keyResult.progress);
      put(row, 'score', keyResult.score);
      put(row, 'status', `${label(keyResult.confidence)} (${keyResult.confidenceSource})`);
      put(row, 'linkedCell', linkedCellText(keyResult));
      put(row, 'parent', entry.objective.id);
      break;
    }
    case 'initiative':
      put(row, 'progress', initiativeProgress(entry.initiative));
      put(row, 'parent', entry.objective.id);
      break;
  }
}

/**
 * Every cell of a row as the server has it; with `alignment`, the Team and Parent objective cells show the
 * labels of its dropdowns (a push maps them back to ids), else the ids.
 */
export function serverCells(
  entry: BoardEntry,
  sheetRow: number,
  columns?: ColumnMap,
  alignment?: AlignmentChoices,
): Cell[] {
  const row = blankRow();
  put(row, 'kind', ROW_KIND_LABELS[entry.kind]);
  switch (entry.kind) {
    case 'objective': {
      const { objective } = entry;
      put(row, 'title', objective.title);
      put(row, 'owner', objective.owner);
      put(row, 'team', alignment ? labelOf(objective.team, alignment.teams) : objective.team);
      put(
        row,
        'parentObjective',
        alignment ? labelOf(objective.parentObjectiveId, alignment.parents) : objective.parentObjectiveId,
      );
      put(row, 'type', label(objective.kind));
      put(row, 'weight', objective.weight);
      const modes = objectiveModeCells(objective);
      put(row, 'progressFrom', modes.progressFrom);
      put(row, 'blendShare', modes.blendShare);
      break;
    }
    case 'key_result': {
      const { keyResult } = entry;
      put(row, 'title', keyResult.title);
      put(row, 'owner', keyResult.owner);
      put(row, 'type', label(keyResult.type));
      put(row, 'start', keyResult.start);
      put(row, 'target', keyResult.target);
      put(row, 'threshold', keyResult.threshold);
      put(row, 'unit', keyResult.unit);
      if (keyResult.type === 'milestone') put(row, 'milestones', formatMilestones(keyResult.milestones));
      put(row, 'weight', keyResult.weight);
      put(row, 'progressFrom', keyResultModeCell(keyResult));
      if (keyResult.type === 'binary') put(row, 'current', keyResult.done ?? false);
      else if (keyResult.type === 'milestone') put(row, 'current', milestonesText(keyResult));
      else put(row, 'current', keyResult.current);
      put(row, 'confidence', keyResult.confidenceSource === 'set' ? label(keyResult.confidence) : '');
      break;
    }
    case 'initiative': {
      const { initiative } = entry;
      put(row, 'title', initiative.title);
      put(row, 'owner', initiative.owner);
      put(row, 'type', label(initiative.status));
      put(row, 'current', initiative.percentComplete);
      put(row, 'servesKr', servedKeyResultTitle(entry.objective, initiative));
      break;
    }
  }
  putComputed(row, entry, sheetRow, columns);
  return row;
}

/** Only the computed and hidden cells of `entry` (blank elsewhere): for rows that keep a person's edits. */
export function computedCells(entry: BoardEntry, sheetRow: number, columns?: ColumnMap): Cell[] {
  const row = blankRow();
  putComputed(row, entry, sheetRow, columns);
  return row;
}

/** A row with a person's edits kept in the editable cells and fresh computed cells where known. */
function sheetCells(read: ReadRow, entry: BoardEntry | null, sheetRow: number): Cell[] {
  const row = blankRow();
  for (const spec of columnsWithRole('editable')) put(row, spec.key, read.cells[columnIndex(spec.key)] ?? '');
  if (entry !== null) putComputed(row, entry, sheetRow);
  else put(row, 'id', read.id);
  return row;
}

function kindOfSource(source: RowSource): RowKind | null {
  return source.source === 'server' ? source.entry.kind : source.read.kind;
}

export function bannerText(board: Board): string {
  const { cycle } = board;
  const title = cycle.title !== '' && cycle.title !== cycle.id ? `${cycle.title} (${cycle.id})` : cycle.id;
  return `OKR Ledger · ${title} · ${cycle.status} · ${cycle.startsOn} → ${cycle.endsOn} · ${board.organizationId} · board as of ${board.asOf}`;
}

/** Row sources for a fresh pull: every live entity in board order. */
export function pulledSources(board: Board): RowSource[] {
  return boardEntries(board).map((entry) => ({ source: 'server', entry }));
}

export interface EntryIndexItem {
  entry: BoardEntry;
  live: boolean;
}

export function indexEntries(board: Board): Map<string, EntryIndexItem> {
  const index = new Map<string, EntryIndexItem>();
  for (const objective of board.objectives) {
    index.set(objective.id, { entry: { kind: 'objective', objective }, live: !objective.archived });
    for (const keyResult of objective.keyResults) {
      index.set(keyResult.id, {
        entry: { kind: 'key_result', objective, keyResult },
        live: !objective.archived && !keyResult.removed,
      });
    }
    for (const initiative of objective.initiatives) {
      index.set(initiative.id, {
        entry: { kind: 'initiative', objective, initiative },
        live: !objective.archived,
      });
    }
  }
  return index;
}

/** The whole editing sheet of `board`'s cycle for the given rows. */
export function editingSheetPlan(
  board: Board,
  sources: RowSource[],
  members: readonly string[] = [],
  alignment: AlignmentChoices = NO_ALIGNMENT_CHOICES,
  attention: AttentionResponse | null = null,
): SheetPlan {
  const findings = findingsByTarget(board);
  const owners = ownerChoices(board, members);
  const dataRows = sources.length + SPARE_ROWS;
  const totalRows = DATA_START_ROW - 1 + dataRows;
  const values: Cell[][] = [];
  const notes = grid(totalRows, COLUMN_COUNT, '');
  const backgrounds = grid<string | null>(totalRows, COLUMN_COUNT, null);
  const fontWeights = grid<'bold' | 'normal'>(totalRows, COLUMN_COUNT, 'normal');
  const validations = grid<ValidationPlan | null>(totalRows, COLUMN_COUNT, null);

  const banner = blankRow();
  banner[0] = bannerText(board);
  values.push(banner);
  const cycleFindings = [...board.lint, ...board.objectives.flatMap((o) => o.lint)].filter(
    (f) => f.targetType === 'cycle',
  );
  notes[BANNER_ROW - 1] = Array.from({ length: COLUMN_COUNT }, (_, i) =>
    i === 0 ? cycleFindings.map(lintNote).join('\n\n') : '',
  );
  fontWeights[BANNER_ROW - 1] = fontWeights[BANNER_ROW - 1]?.map(() => 'bold') ?? [];
  values.push(EDITING_COLUMNS.map((spec) => spec.header));
  notes[HEADER_ROW - 1] = EDITING_COLUMNS.map((spec) => spec.help);
  backgrounds[HEADER_ROW - 1] = EDITING_COLUMNS.map(() => COLORS.header);
  fontWeights[HEADER_ROW - 1] = EDITING_COLUMNS.map(() => 'bold');

  const computedIndexes = columnsWithRole('computed').map((spec) => columnIndex(spec.key));
  const rowGroups: { row: number; count: number }[] = [];
  let groupStart: number | null = null;
  const closeGroup = (endRow: number) => {
    if (groupStart !== null && endRow >= groupStart)
      rowGroups.push({ row: groupStart, count: endRow - groupStart + 1 });
    groupStart = null;
  };

  sources.forEach((source, offset) => {
    const sheetRow = DATA_START_ROW + offset;
    const r = sheetRow - 1;
    const entry = source.entry;
    const kind = kindOfSource(source);
    values.push(
      source.source === 'server'
        ? serverCells(source.entry, sheetRow, undefined, alignment)
        : sheetCells(source.read, entry, sheetRow),
    );
    validations[r] = validationsFor(kind, entry, owners, alignment);
    const rowNotes = notes[r] ?? [];
    const rowBackgrounds = backgrounds[r] ?? [];
    for (const index of computedIndexes) rowBackgrounds[index] = COLORS.computed;

    if (kind === 'objective') {
      closeGroup(sheetRow - 1);
      groupStart = sheetRow + 1;
      fontWeights[r] = fontWeights[r]?.map(() => 'bold') ?? [];
      for (const spec of columnsWithRole('editable'))
        rowBackgrounds[columnIndex(spec.key)] = COLORS.objectiveRow;
    }

    const decorations = rowDecorations(entry, source.source === 'sheet' ? source.annotations : [], findings);
    for (const [key, note] of decorations.notes) rowNotes[columnIndex(key)] = markNote(note);
    for (const [key, color] of decorations.colors) rowBackgrounds[columnIndex(key)] = color;
    if (decorations.lintCell !== null) {
      const row = values[r];
      if (row !== undefined) row[columnIndex('lint')] = decorations.lintCell;
    }
  });
  closeGroup(DATA_START_ROW + sources.length - 1);

  for (let offset = sources.length; offset < dataRows; offset += 1) {
    values.push(blankRow());
    validations[DATA_START_ROW - 1 + offset] = validationsFor(null, null, owners, alignment);
  }

  return {
    ...emptyPlan(editingSheetName(board.cycle.id)),
    frozenRows: HEADER_ROW,
    frozenColumns: 2,
    blocks: [{ row: 1, column: 1, values, notes, backgrounds, fontWeights, validations }],
    columnWidths: EDITING_COLUMNS.map((spec, index) => ({ column: index + 1, width: spec.width })),
    numberFormats: EDITING_COLUMNS.flatMap((spec, index) => {
      const format = spec.text ? '@' : spec.numberFormat;
      if (format === undefined) return [];
      return [
        { range: { row: DATA_START_ROW, column: index + 1, numRows: dataRows, numColumns: 1 }, format },
      ];
    }),
    hiddenColumns: [{ column: columnNumber('id'), count: columnsWithRole('hidden').length }],
    conditionalFormats: editingSheetFormats(defaultColumnMap(), dataRows, attention),
    protections: [
      {
        range: { row: BANNER_ROW, column: 1, numRows: HEADER_ROW, numColumns: COLUMN_COUNT },
        description: 'OKR Ledger headers',
        warningOnly: true,
      },
      ...columnProtections(defaultColumnMap(), dataRows),
    ],
    columnAnchors: EDITING_COLUMNS.map((spec, index) => ({ column: index + 1, key: spec.key })),
    rowGroups,
  };
}

/** Computed and hidden columns warn before a person edits them: the next sync overwrites them. */
export function columnProtections(columns: ColumnMap, dataRows: number): SheetPlan['protections'] {
  return columnsWithRole('computed')
    .concat(columnsWithRole('hidden'))
    .map((spec) => ({
      range: { row: DATA_START_ROW, column: columnOf(columns, spec.key), numRows: dataRows, numColumns: 1 },
      description: `OKR Ledger computes ${spec.header}; edits here are overwritten`,
      warningOnly: true as const,
    }));
}

/** The add-on's own rules: score bands, status colours and, after a pull, the attention list's titles. */
export function editingSheetFormats(
  columns: ColumnMap,
  dataRows: number,
  attention: AttentionResponse | null = null,
): SheetPlan['conditionalFormats'] {
  return [
    ...scoreAndStatusFormats(columns, dataRows),
    ...(attention === null ? [] : attentionFormats(columns, dataRows, attention)),
  ];
}

function scoreAndStatusFormats(columns: ColumnMap, dataRows: number): SheetPlan['conditionalFormats'] {
  const scoreColumn = columnOf(columns, 'score');
  const statusColumn = columnOf(columns, 'status');
  const scoreRange = { row: DATA_START_ROW, column: scoreColumn, numRows: dataRows, numColumns: 1 };
  const statusRange = { row: DATA_START_ROW, column: statusColumn, numRows: dataRows, numColumns: 1 };
  const cell = `$${columnLetter(scoreColumn)}${DATA_START_ROW}`;
  const statusCell = `$${columnLetter(statusColumn)}${DATA_START_ROW}`;
  return [
    { range: scoreRange, formula: ourRule(`ISNUMBER(${cell}),${cell}>=0.7`), background: COLORS.green },
    {
      range: scoreRange,
      formula: ourRule(`ISNUMBER(${cell}),${cell}>=0.4,${cell}<0.7`),
      background: COLORS.yellow,
    },
    { range: scoreRange, formula: ourRule(`ISNUMBER(${cell}),${cell}<0.4`), background: COLORS.red },
    { range: statusRange, formula: ourRule(`LEFT(${statusCell},9)="off track"`), fontColor: '#c5221f' },
    { range: statusRange, formula: ourRule(`LEFT(${statusCell},7)="at risk"`), fontColor: '#b06000' },
  ];
}
