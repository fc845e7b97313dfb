// Owns the "sheet plan": everything a report or the editing sheet looks like, as plain data. The core
// builds plans; one thin adapter applies them with one setValues (and one call per format kind) per block.
import type { Cell } from './cells.js';

export interface GridRange {
  row: number;
  column: number;
  numRows: number;
  numColumns: number;
}

export type ValidationPlan =
  | { type: 'list'; values: string[]; strict: boolean; helpText?: string }
  | { type: 'checkbox' }
  | { type: 'date'; helpText?: string }
  | { type: 'number'; min?: number; max?: number; strict: boolean; helpText?: string };

/** One rectangle written at once. Every optional grid has the shape of `values`. */
export interface BlockPlan {
  row: number;
  column: number;
  values: Cell[][];
  notes?: string[][];
  backgrounds?: (string | null)[][];
  fontColors?: (string | null)[][];
  fontWeights?: ('bold' | 'normal')[][];
  validations?: (ValidationPlan | null)[][];
  wrap?: boolean;
  /**
   * The sheet columns of the block to write, when not all: the cells of columns a person inserted between
   * the add-on's stay untouched. The adapter writes each contiguous run with one call per kind.
   */
  columns?: number[];
  /** Write the formats and validations only (the cells' values are blank and stay so). */
  skipValues?: boolean;
}

/** A rule applied while the custom formula is true for a cell (relative to the range's top-left cell). */
export interface ConditionalFormatPlan {
  range: GridRange;
  formula: string;
  background?: string;
  fontColor?: string;
}

export interface ChartPlan {
  kind: 'bar' | 'column' | 'line';
  title: string;
  ranges: GridRange[];
  anchor: { row: number; column: number };
  width: number;
  height: number;
}

export interface ProtectionPlan {
  range: GridRange;
  description: string;
  /** Warn rather than block: the owner of a file can always edit it, so a hard lock would be a pretence. */
  warningOnly: true;
}

export interface SheetPlan {
  name: string;
  /**
   * replace: the sheet is the add-on's alone (reports, the data sheets, a new editing sheet) and is laid
   * out from blank. update: a sheet people work in; only the given blocks are written, the add-on's own
   * conditional formats and protections are swapped, and everything else stays as they left it.
   */
  mode?: 'replace' | 'update';
  /** Named ranges to (re)point at a range of this sheet. */
  namedRanges?: { name: string; range: GridRange }[];
  /** Developer metadata to leave on whole columns (key = the column's key), so renamed headers still map. */
  columnAnchors?: { column: number; key: string }[];
  hidden: boolean;
  frozenRows: number;
  frozenColumns: number;
  blocks: BlockPlan[];
  columnWidths: { column: number; width: number }[];
  /** Per column range rather than per cell: "leave as is" has no spelling in a setNumberFormats grid. */
  numberFormats: { range: GridRange; format: string }[];
  hiddenColumns: { column: number; count: number }[];
  conditionalFormats: ConditionalFormatPlan[];
  charts: ChartPlan[];
  protections: ProtectionPlan[];
  /** Rows grouped one level deep (a KR/initiative group under its objective row). */
  rowGroups: { row: number; count: number }[];
}

/** Marks a conditional format rule as the add-on's, so a sync replaces its own rules and keeps a person's. */
export const RULE_MARK = 'N("OKR Ledger")=0';

/** A custom formula rule: true while every condition holds (N of a text is 0, so the mark is always true). */
export function ourRule(conditions: string): string {
  return `=AND(${conditions},${RULE_MARK})`;
}

export function emptyPlan(name: string): SheetPlan {
  return {
    name,
    hidden: false,
    frozenRows: 0,
    frozenColumns: 0,
    blocks: [],
    columnWidths: [],
    numberFormats: [],
    hiddenColumns: [],
    conditionalFormats: [],
    charts: [],
    protections: [],
    rowGroups: [],
  };
}

export function columnLetter(column: number): string {
  let remaining = column;
  let letters = '';
  while (remaining > 0) {
    const digit = (remaining - 1) % 26;
    letters = String.fromCharCode(65 + digit) + letters;
    remaining = Math.floor((remaining - 1) / 26);
  }
  return letters;
}

export function a1(row: number, column: number): string {
  return `${columnLetter(column)}${row}`;
}

export function grid<T>(rows: number, columns: number, fill: T): T[][] {
  return Array.from({ length: rows }, () => Array.from({ length: columns }, () => fill));
}

/** The rectangle a block covers. */
export function blockRange(block: BlockPlan): GridRange {
  return {
    row: block.row,
    column: block.column,
    numRows: block.values.length,
    numColumns: block.values[0]?.length ?? 0,
  };
}

/**
 * Plain-text formats ('@') for the given columns of rows `row…row+numRows-1`, one range per contiguous run:
 * text from the server is written as text, so a title starting with "=" never becomes a formula.
 */
export function textFormats(row: number, numRows: number, columns: number[]): SheetPlan['numberFormats'] {
  const formats: SheetPlan['numberFormats'] = [];
  for (const column of [...columns].sort((a, b) => a - b)) {
    const last = formats[formats.length - 1];
    if (last !== undefined && last.range.column + last.range.numColumns === column)
      last.range.numColumns += 1;
    else formats.push({ range: { row, column, numRows, numColumns: 1 }, format: '@' });
  }
  return formats;
}

/** A text block (title + header + rows) padded to one width, which setValues requires. */
export function rectangular(rows: Cell[][]): Cell[][] {
  const width = Math.max(1, ...rows.map((row) => row.length));
  return rows.map((row) => [...row, ...Array.from({ length: width - row.length }, () => '' as Cell)]);
}

export const COLORS = {
  header: '#e8eaed',
  objectiveRow: '#e8f0fe',
  computed: '#f8f9fa',
  error: '#f4c7c3',
  conflict: '#fce8b2',
  lint: '#fef7e0',
  green: '#b7e1cd',
  yellow: '#fce8b2',
  red: '#f4c7c3',
  muted: '#80868b',
  midCycle: '#fff4e5',
} as const;
