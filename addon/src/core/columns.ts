// Owns the layout of a cycle's editing sheet: which column holds what, which a person edits, which the
// add-on computes (protected) and which carry ids and versions (hidden). Every other module finds a column
// through this spec, never by a literal index.

export type ColumnKey =
  | 'kind'
  | 'title'
  | 'owner'
  | 'team'
  | 'type'
  | 'start'
  | 'target'
  | 'threshold'
  | 'unit'
  | 'milestones'
  | 'servesKr'
  | 'weight'
  | 'progressFrom'
  | 'blendShare'
  | 'parentObjective'
  | 'current'
  | 'confidence'
  | 'note'
  | 'effectiveDate'
  | 'reason'
  | 'progress'
  | 'bar'
  | 'score'
  | 'status'
  | 'lint'
  | 'linkedCell'
  | 'id'
  | 'parent'
  | 'version';

export type ColumnRole = 'editable' | 'computed' | 'hidden';

export interface ColumnSpec {
  key: ColumnKey;
  header: string;
  role: ColumnRole;
  width: number;
  /** Plain-text format, so Sheets does not turn "2026-10" or "=x" into a date or a formula. */
  text: boolean;
  /** Added after sheets were first pulled: a sheet without it still works, without that feature. */
  optional?: boolean;
  numberFormat?: string;
  help: string;
}

export const EDITING_COLUMNS: readonly ColumnSpec[] = [
  {
    key: 'kind',
    header: 'Row kind',
    role: 'editable',
    width: 100,
    text: true,
    help: 'Objective, Key result or Initiative',
  },
  { key: 'title', header: 'Title', role: 'editable', width: 320, text: true, help: 'What the row is about' },
  { key: 'owner', header: 'Owner', role: 'editable', width: 160, text: true, help: 'Who answers for it' },
  {
    key: 'team',
    header: 'Team',
    role: 'editable',
    width: 120,
    text: true,
    help: 'Objectives only: the team id (dropdown of the organization’s teams)',
  },
  {
    key: 'type',
    header: 'Type / status',
    role: 'editable',
    width: 120,
    text: true,
    help: 'Objective: committed/aspirational (or archived). KR: increase, decrease, stay above, stay below, milestone, binary (or removed). Initiative: planned, in progress, done, dropped',
  },
  { key: 'start', header: 'Start', role: 'editable', width: 80, text: false, help: 'increase/decrease KRs' },
  {
    key: 'target',
    header: 'Target',
    role: 'editable',
    width: 80,
    text: false,
    help: 'increase/decrease KRs',
  },
  {
    key: 'threshold',
    header: 'Threshold',
    role: 'editable',
    width: 90,
    text: false,
    help: 'stay above/below KRs',
  },
  { key: 'unit', header: 'Unit', role: 'editable', width: 70, text: true, help: '%, $, users, …' },
  {
    key: 'milestones',
    header: 'Milestones',
    role: 'editable',
    width: 260,
    text: true,
    help: 'Milestone KRs: titles in order, separated by ";", with an optional weight, e.g. "Design approved; Pilot built; Pilot live ×2". ✓ marks the done ones and is ignored on push: check milestones in from the sidebar',
  },
  {
    key: 'servesKr',
    header: 'Serves KR',
    role: 'editable',
    width: 200,
    text: true,
    help: "Initiatives: the title of the objective's key result it moves (dropdown); empty means the objective as a whole",
  },
  { key: 'weight', header: 'Weight', role: 'editable', width: 70, text: false, help: 'Default 1' },
  {
    key: 'progressFrom',
    header: 'Progress from',
    role: 'editable',
    width: 120,
    text: true,
    optional: true,
    help: 'Objective: key results (weighted), initiatives, or blended. KR: check ins, or initiatives. Blank keeps what the server has',
  },
  {
    key: 'blendShare',
    header: 'Blend share',
    role: 'editable',
    width: 90,
    text: false,
    numberFormat: '0%',
    optional: true,
    help: 'Blended objectives: the share that comes from initiatives (0–100%); the rest comes from key results',
  },
  {
    key: 'parentObjective',
    header: 'Parent objective',
    role: 'editable',
    width: 170,
    text: true,
    optional: true,
    help: 'Objectives only: the id of the objective it aligns to (dropdown: this cycle’s and the enclosing cycles’). “none” unlinks; blank keeps what the server has',
  },
  {
    key: 'current',
    header: 'Current value',
    role: 'editable',
    width: 110,
    text: false,
    help: 'KR: the value now (a change is a check-in). Initiative: percent complete',
  },
  {
    key: 'confidence',
    header: 'Confidence',
    role: 'editable',
    width: 100,
    text: true,
    help: 'on track, at risk, off track',
  },
  {
    key: 'note',
    header: 'Check-in note',
    role: 'editable',
    width: 220,
    text: true,
    help: 'Sent with the next check-in',
  },
  {
    key: 'effectiveDate',
    header: 'Effective date',
    role: 'editable',
    width: 100,
    text: false,
    numberFormat: 'yyyy-mm-dd',
    optional: true,
    help: 'A check-in typed in this row: the day the value is true for (blank = now)',
  },
  {
    key: 'reason',
    header: 'Reason for change',
    role: 'editable',
    width: 220,
    text: true,
    help: 'Required for definition changes while the cycle is active; on an objective row it covers its KRs too',
  },
  {
    key: 'progress',
    header: 'Progress',
    role: 'computed',
    width: 80,
    text: false,
    numberFormat: '0%',
    help: 'Raw progress, may exceed 100%',
  },
  { key: 'bar', header: 'Progress bar', role: 'computed', width: 110, text: false, help: 'Score as a bar' },
  {
    key: 'score',
    header: 'Score',
    role: 'computed',
    width: 60,
    text: false,
    numberFormat: '0.00',
    help: 'Progress clamped to 0–1',
  },
  {
    key: 'status',
    header: 'Status',
    role: 'computed',
    width: 130,
    text: true,
    help: 'Confidence: set by a person, or derived from elapsed time',
  },
  {
    key: 'lint',
    header: 'Lint',
    role: 'computed',
    width: 200,
    text: true,
    help: 'Coaching findings (never block saving)',
  },
  {
    key: 'linkedCell',
    header: 'Linked cell',
    role: 'computed',
    width: 180,
    text: true,
    optional: true,
    help: 'KR: the cell its value is read from (OKR Ledger → Link KR to a cell…); ⚠ while the cell gives no number',
  },
  { key: 'id', header: 'Id', role: 'hidden', width: 120, text: true, help: 'Do not edit' },
  { key: 'parent', header: 'Parent', role: 'hidden', width: 120, text: true, help: 'Do not edit' },
  { key: 'version', header: 'Version', role: 'hidden', width: 60, text: false, help: 'Do not edit' },
];

export const COLUMN_COUNT = EDITING_COLUMNS.length;

/** Row 1 is a banner, row 2 the headers; rows from 3 on are data. */
export const BANNER_ROW = 1;
export const HEADER_ROW = 2;
export const DATA_START_ROW = 3;

const indexByKey = new Map<ColumnKey, number>(EDITING_COLUMNS.map((spec, index) => [spec.key, index]));

/** Zero-based index of a column in a row array. */
export function columnIndex(key: ColumnKey): number {
  const index = indexByKey.get(key);
  if (index === undefined) throw new Error(`unknown column ${key}`);
  return index;
}

/** One-based sheet column number. */
export function columnNumber(key: ColumnKey): number {
  return columnIndex(key) + 1;
}

export function columnSpec(key: ColumnKey): ColumnSpec {
  const spec = EDITING_COLUMNS[columnIndex(key)];
  if (spec === undefined) throw new Error(`unknown column ${key}`);
  return spec;
}

export function columnHeader(key: ColumnKey): string {
  return columnSpec(key).header;
}

export function columnsWithRole(role: ColumnRole): ColumnSpec[] {
  return EDITING_COLUMNS.filter((spec) => spec.role === role);
}

/** A problem with one cell of the editing sheet, shown as a note on that cell. */
export interface CellIssue {
  row: number;
  column: ColumnKey;
  message: string;
}

/** "Row 7: Target must be a number, got "abc"" — for alerts that list issues. */
export function describeIssue(issue: CellIssue): string {
  return `Row ${issue.row}: ${issue.message}`;
}

export function editingSheetName(cycleId: string): string {
  return `OKRs ${cycleId}`;
}

export function cycleOfEditingSheet(sheetName: string): string | null {
  const match = /^OKRs (\S+)$/.exec(sheetName);
  return match?.[1] ?? null;
}
