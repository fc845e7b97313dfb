// Owns finding the add-on's columns in a sheet people have rearranged: each column by the developer
// metadata anchor the add-on left on it (so a renamed header still maps), else by its header text. Columns
// a person inserted anywhere are theirs: read past, never written. Rows are then handed to the rest of the
// core in the canonical order of EDITING_COLUMNS, so reading and diffing never see a sheet position.
import { type Cell, type Grid, readText } from './cells.js';
import { type ColumnKey, EDITING_COLUMNS, HEADER_ROW } from './columns.js';
import { AddonError, failure } from './failures.js';

/** Developer metadata key on each of the add-on's columns; the value is the column's key. */
export const COLUMN_ANCHOR_KEY = 'okr-ledger-column';

/** Where each of the add-on's columns sits: its 1-based sheet column. */
export type ColumnMap = ReadonlyMap<ColumnKey, number>;

export interface ColumnAnchor {
  key: string;
  column: number;
}

/** The layout of a freshly written sheet: the columns in spec order from A. */
export function defaultColumnMap(): ColumnMap {
  return new Map(EDITING_COLUMNS.map((spec, index) => [spec.key, index + 1]));
}

const KNOWN_KEYS = new Set<string>(EDITING_COLUMNS.map((spec) => spec.key));

function headerKey(text: string): string {
  return text.trim().toLowerCase().replace(/\s+/g, ' ');
}

export type Located =
  | { ok: true; columns: ColumnMap; unanchored: ColumnKey[] }
  | { ok: false; missing: string[] };

/**
 * Maps every column: an anchor wins over a header (a person may rename a header; the anchor moves with its
 * column). A header claimed by an anchor elsewhere is not matched twice.
 */
export function locateColumns(headers: readonly Cell[], anchors: readonly ColumnAnchor[]): Located {
  const columns = new Map<ColumnKey, number>();
  const claimed = new Set<number>();
  for (const anchor of anchors) {
    if (!KNOWN_KEYS.has(anchor.key) || claimed.has(anchor.column)) continue;
    const key = anchor.key as ColumnKey;
    if (columns.has(key)) continue;
    columns.set(key, anchor.column);
    claimed.add(anchor.column);
  }
  const unanchored: ColumnKey[] = [];
  const missing: string[] = [];
  for (const spec of EDITING_COLUMNS) {
    if (columns.has(spec.key)) continue;
    const wanted = headerKey(spec.header);
    const index = headers.findIndex(
      (header, i) => !claimed.has(i + 1) && headerKey(readText(header)) === wanted,
    );
    if (index < 0) {
      if (spec.optional !== true) missing.push(spec.header);
      continue;
    }
    columns.set(spec.key, index + 1);
    claimed.add(index + 1);
    unanchored.push(spec.key);
  }
  return missing.length > 0 ? { ok: false, missing } : { ok: true, columns, unanchored };
}

/** Like locateColumns, but a missing column is the one error a person sees. */
export function requireColumns(
  sheetName: string,
  headers: readonly Cell[],
  anchors: readonly ColumnAnchor[],
) {
  const located = locateColumns(headers, anchors);
  if (located.ok) return located;
  const names = located.missing.map((name) => `“${name}”`).join(', ');
  const plural = located.missing.length > 1;
  throw new AddonError(
    failure(
      'needs_action',
      `The column${plural ? 's' : ''} ${names} ${plural ? 'are' : 'is'} missing from row ${HEADER_ROW} of “${sheetName}”. Put the header${plural ? 's' : ''} back (any position works), or pull the cycle into a new sheet.`,
    ),
  );
}

/** One sheet row (every column) → the add-on's cells in EDITING_COLUMNS order ('' for an absent column). */
export function canonicalRow(cells: readonly Cell[], columns: ColumnMap): Cell[] {
  return EDITING_COLUMNS.map((spec) => cells[(columns.get(spec.key) ?? 0) - 1] ?? '');
}

export function canonicalRows(values: Grid, columns: ColumnMap): Grid {
  return values.map((cells) => canonicalRow(cells, columns));
}

/** The sheet columns the add-on writes, ascending. */
export function ownedColumns(columns: ColumnMap): number[] {
  return [...columns.values()].sort((a, b) => a - b);
}

export function columnOf(columns: ColumnMap, key: ColumnKey): number {
  const column = columns.get(key);
  if (column === undefined) throw new Error(`column ${key} not located`);
  return column;
}
