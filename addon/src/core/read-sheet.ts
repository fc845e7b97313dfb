// Owns reading a cycle's editing sheet back: the grid one getValues returned → the editing model, plus a
// CellIssue for every cell a person must fix (text where a number belongs, a missing type, a KR above any
// objective). Rows with issues stay in the model but are flagged, so the diff sends nothing for them; each
// row is read by read-row.
import { type Cell, type Grid, isBlank, readChoice, readText } from './cells.js';
import { type CellIssue, COLUMN_COUNT, columnIndex, columnsWithRole, DATA_START_ROW } from './columns.js';
import { ROW_KIND_CHOICES, ROW_KIND_LABELS, ROW_KINDS, type RowKind, rowKindOfId } from './labels.js';
import type { InitiativeRow, KeyResultRow, ObjectiveGroup, SheetModel } from './model.js';
import { RowReader, readInitiative, readKeyResult, readObjective } from './read-row.js';

/** The hidden id of a row whose entity the server no longer has, kept because the row holds a person's content. */
export const GONE_PREFIX = 'gone:';

/** A data row as read, kept so a row with pending edits can be written back exactly as typed. */
export interface ReadRow {
  row: number;
  cells: Cell[];
  kind: RowKind | null;
  id: string | null;
}

export interface SheetRead {
  model: SheetModel;
  rows: ReadRow[];
  issues: CellIssue[];
  /** Rows that cannot be sent until a person fixes them. */
  invalidRows: Set<number>;
}

const EDITABLE_KEYS = columnsWithRole('editable').map((spec) => spec.key);

function isBlankRow(cells: Cell[]): boolean {
  return [...EDITABLE_KEYS, 'id' as const].every((key) => isBlank(cells[columnIndex(key)]));
}

/** Which kind a row is: the Row kind cell, checked against the id a pulled row carries. */
function rowKind(reader: RowReader, id: string | null): RowKind | null {
  const chosen = reader.take(
    'kind',
    readChoice(
      reader.cell('kind'),
      'Row kind',
      ROW_KIND_CHOICES,
      ROW_KINDS.map((kind) => ROW_KIND_LABELS[kind]),
    ),
    null,
  );
  const fromId = id === null ? null : rowKindOfId(id);
  if (id !== null && fromId === null) {
    reader.issue('title', `This row carries an unknown id "${id}"; pull the cycle again`);
    return null;
  }
  if (chosen !== null && fromId !== null && chosen !== fromId) {
    reader.issue(
      'kind',
      `This row is ${ROW_KIND_LABELS[fromId].toLowerCase()} ${id}; its Row kind cannot change. Insert a new row instead`,
    );
    return null;
  }
  const kind = chosen ?? fromId;
  if (kind === null && reader.issues.length === 0) {
    reader.issue('kind', 'Row kind must be one of Objective, Key result, Initiative');
  }
  return kind;
}

/**
 * Reads the data rows of an editing sheet (the grid starts at `firstRow`, cells in EDITING_COLUMNS order).
 * A pulled KR or initiative joins the objective its hidden Parent names, wherever a sort moved it; a new
 * one joins the objective row above it.
 */
export function readEditingRows(values: Grid, firstRow = DATA_START_ROW): SheetRead {
  const groups: ObjectiveGroup[] = [];
  const groupById = new Map<string, ObjectiveGroup>();
  const rows: ReadRow[] = [];
  const readers: RowReader[] = [];
  const children: {
    reader: RowReader;
    child: KeyResultRow | InitiativeRow;
    parent: string;
    above?: ObjectiveGroup;
  }[] = [];

  values.forEach((rawCells, offset) => {
    const cells = Array.from({ length: COLUMN_COUNT }, (_, index) => rawCells[index] ?? '');
    if (isBlankRow(cells)) return;
    const reader = new RowReader(firstRow + offset, cells);
    readers.push(reader);
    const idText = readText(reader.cell('id'));
    // A row whose entity is gone from the server keeps a person's content but takes no part in a push.
    if (idText.startsWith(GONE_PREFIX)) return;
    const id = idText === '' ? null : idText;
    const kind = rowKind(reader, id);
    rows.push({ row: reader.row, cells, kind, id });

    if (kind === 'objective') {
      const group: ObjectiveGroup = { objective: readObjective(reader, id), keyResults: [], initiatives: [] };
      groups.push(group);
      if (id !== null) groupById.set(id, group);
    } else if (kind !== null) {
      const child = kind === 'key_result' ? readKeyResult(reader, id) : readInitiative(reader, id);
      children.push({
        reader,
        child,
        parent: readText(reader.cell('parent')),
        above: groups[groups.length - 1],
      });
    }
  });

  for (const { reader, child, parent, above } of children) {
    const group = (child.id !== null ? groupById.get(parent) : undefined) ?? above;
    if (group === undefined) {
      reader.issue('kind', `A ${ROW_KIND_LABELS[child.kind].toLowerCase()} must sit below its objective row`);
    } else if (child.kind === 'key_result') {
      group.keyResults.push(child);
    } else {
      group.initiatives.push(child);
    }
  }

  const issues: CellIssue[] = [];
  const invalidRows = new Set<number>();
  for (const reader of readers) {
    if (reader.issues.length === 0) continue;
    invalidRows.add(reader.row);
    issues.push(...reader.issues);
  }
  return { model: { groups }, rows, issues, invalidRows };
}
