// Owns the "Mid-cycle changes" report: the cycle's audit (definition changes with before → after and the
// reason, KRs added or removed, late check-ins, corrections, overrides, reopenings, objectives aligned to
// one of the cycle's objectives), coloured by kind.
import type { AuditEntry, AuditKind, ChangesResponse } from '@okr-ledger/api-contract';
import { type Cell, normalizeWord, type Parsed } from '../cells.js';
import { COLORS, columnLetter, emptyPlan, grid, type SheetPlan, textFormats } from '../sheet-plan.js';
import { instantCell, looseCell, nullableCell } from '../values.js';

export const AUDIT_KIND_LABELS: Record<AuditKind, string> = {
  definition_change: 'definition change',
  key_result_added: 'KR added',
  key_result_removed: 'KR removed',
  objective_archived: 'objective archived',
  late_check_in: 'late check-in',
  correction: 'correction',
  grade_override: 'grade override',
  reopen: 'reopened',
  close: 'closed',
  aligned_to_you: 'aligned to you',
};

export const CHANGES_HEADERS = [
  'When',
  'Who',
  'Kind',
  'Objective',
  'Key result',
  'Team',
  'Owner',
  'Field',
  'Before',
  'After',
  'Reason',
] as const;

export function changesSheetName(cycleId: string): string {
  return `Changes ${cycleId}`;
}

export interface ChangesFilter {
  from?: string;
  to?: string;
  team?: string;
  owner?: string;
  kind?: AuditKind;
}

const FILTER_KEYS = ['from', 'to', 'team', 'owner', 'kind'] as const;
type FilterKey = (typeof FILTER_KEYS)[number];
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function auditKindOf(text: string): AuditKind | null {
  const wanted = normalizeWord(text);
  for (const [kind, shown] of Object.entries(AUDIT_KIND_LABELS) as [AuditKind, string][]) {
    if (normalizeWord(kind) === wanted || normalizeWord(shown) === wanted) return kind;
  }
  return null;
}

/**
 * Reads what a person typed in the filter prompt: `from=2026-10-01 to=2026-12-31 team="Growth EU"
 * owner=ana@example.com kind=late check-in`; empty means everything.
 */
export function parseChangesFilter(input: string): Parsed<ChangesFilter> {
  const filter: ChangesFilter = {};
  const pattern = /(\w+)\s*=\s*("([^"]*)"|'([^']*)'|(.*?))(?=\s+\w+\s*=|\s*$)/gy;
  const text = input.trim();
  if (text === '') return { ok: true, value: filter };
  let consumed = 0;
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    consumed = pattern.lastIndex;
    const key = (match[1] ?? '').toLowerCase();
    const value = (match[3] ?? match[4] ?? match[5] ?? '').trim();
    if (!(FILTER_KEYS as readonly string[]).includes(key)) {
      return { ok: false, message: `Unknown filter "${key}": use ${FILTER_KEYS.join(', ')}` };
    }
    const filterKey = key as FilterKey;
    if ((filterKey === 'from' || filterKey === 'to') && !DATE.test(value)) {
      return { ok: false, message: `${filterKey} must be a date like 2026-10-01, got "${value}"` };
    }
    if (filterKey === 'kind') {
      const kind = auditKindOf(value);
      if (kind === null) {
        return {
          ok: false,
          message: `kind must be one of ${Object.values(AUDIT_KIND_LABELS).join(', ')}, got "${value}"`,
        };
      }
      filter.kind = kind;
    } else {
      filter[filterKey] = value;
    }
    while (consumed < text.length && /\s/.test(text.charAt(consumed))) consumed += 1;
    pattern.lastIndex = consumed;
  }
  if (consumed < text.length) {
    return { ok: false, message: `Could not read "${text.slice(consumed)}": write filters as name=value` };
  }
  if (filter.from !== undefined && filter.to !== undefined && filter.from > filter.to) {
    return { ok: false, message: `from (${filter.from}) is after to (${filter.to})` };
  }
  return { ok: true, value: filter };
}

/** Query parameters for GET /cycles/{cycle}/changes. */
export function changesQuery(filter: ChangesFilter): Record<string, string> {
  const query: Record<string, string> = {};
  for (const key of FILTER_KEYS) {
    const value = filter[key];
    if (value !== undefined && value !== '') query[key] = value;
  }
  return query;
}

export function describeFilter(filter: ChangesFilter): string {
  const parts = FILTER_KEYS.flatMap((key) => {
    const value = filter[key];
    if (value === undefined) return [];
    return [`${key} ${key === 'kind' ? AUDIT_KIND_LABELS[value as AuditKind] : value}`];
  });
  return parts.length === 0 ? 'all changes' : parts.join(', ');
}

/** An objective that now aligns to one of this cycle's: who, where, how much it counts. */
function alignedChild(after: unknown): Cell {
  if (typeof after !== 'object' || after === null) return looseCell(after);
  const child = after as Record<string, unknown>;
  const owner = typeof child.owner === 'string' ? ` · owner ${child.owner}` : '';
  return `“${String(child.objectiveTitle)}” (${String(child.cycleId)})${owner} · weight ${String(child.weight)}`;
}

function entryRow(entry: AuditEntry): Cell[] {
  return [
    instantCell(entry.at),
    entry.by.email,
    AUDIT_KIND_LABELS[entry.kind],
    nullableCell(entry.objectiveTitle),
    nullableCell(entry.keyResultTitle),
    nullableCell(entry.team),
    nullableCell(entry.owner),
    nullableCell(entry.field),
    looseCell(entry.before),
    entry.kind === 'aligned_to_you' ? alignedChild(entry.after) : looseCell(entry.after),
    nullableCell(entry.reason),
  ];
}

const KIND_COLORS: [AuditKind, string][] = [
  ['late_check_in', COLORS.conflict],
  ['correction', '#e8eaf6'],
  ['grade_override', '#e6f4ea'],
  ['reopen', COLORS.red],
  ['key_result_removed', COLORS.midCycle],
  ['objective_archived', COLORS.midCycle],
  ['aligned_to_you', '#e8f0fe'],
];

export function changesPlan(changes: ChangesResponse, filter: ChangesFilter): SheetPlan {
  const width = CHANGES_HEADERS.length;
  const pad = (first: string): Cell[] => [first, ...Array.from({ length: width - 1 }, () => '')];
  const rows: Cell[][] = [
    pad(
      `Mid-cycle changes · ${changes.cycleId} · ${describeFilter(filter)} · ${changes.entries.length} entries`,
    ),
    [...CHANGES_HEADERS],
    ...changes.entries.map(entryRow),
  ];
  if (changes.entries.length === 0) rows.push(pad('No changes match.'));
  const notes = grid(rows.length, width, '');
  changes.entries.forEach((entry, index) => {
    const row = notes[2 + index];
    if (row !== undefined)
      row[0] = `${entry.id}${entry.keyResultId === null ? '' : ` · ${entry.keyResultId}`}`;
  });
  const fontWeights = grid<'bold' | 'normal'>(rows.length, width, 'normal');
  fontWeights[0] = fontWeights[0]?.map(() => 'bold') ?? [];
  fontWeights[1] = fontWeights[1]?.map(() => 'bold') ?? [];
  const backgrounds = grid<string | null>(rows.length, width, null);
  backgrounds[1] = backgrounds[1]?.map(() => COLORS.header) ?? [];
  const dataRows = Math.max(1, changes.entries.length);
  const table = { row: 3, column: 1, numRows: dataRows, numColumns: width };
  const kindCell = `$${columnLetter(3)}3`;
  return {
    ...emptyPlan(changesSheetName(changes.cycleId)),
    frozenRows: 2,
    blocks: [{ row: 1, column: 1, values: rows, notes, fontWeights, backgrounds }],
    columnWidths: [150, 180, 130, 240, 240, 110, 160, 100, 160, 160, 260].map((w, index) => ({
      column: index + 1,
      width: w,
    })),
    numberFormats: [
      ...textFormats(1, 1, [1]),
      { range: { row: 3, column: 1, numRows: dataRows, numColumns: 1 }, format: 'yyyy-mm-dd hh:mm' },
      { range: { row: 3, column: 2, numRows: dataRows, numColumns: width - 1 }, format: '@' },
    ],
    conditionalFormats: KIND_COLORS.map(([kind, color]) => ({
      range: table,
      formula: `=${kindCell}="${AUDIT_KIND_LABELS[kind]}"`,
      background: color,
    })),
  };
}
