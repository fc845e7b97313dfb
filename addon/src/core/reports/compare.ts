// Owns "Compare two dates…": per objective that changed between two instants, and each of its KRs, the
// progress before → after, the definition changes (field before → after) with the reasons the audit
// holds, the check-ins, corrections and overrides in between, and who made them. Rises are green, falls
// red, definition changes amber.
import type { AuditEntry, Board, ChangesResponse, KeyResultView } from '@okr-ledger/api-contract';
import type { Cell } from '../cells.js';
import { COLORS, emptyPlan, grid, type SheetPlan, textFormats } from '../sheet-plan.js';
import { nullableCell } from '../values.js';
import { describeInstant } from './past-board.js';

interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

interface NamedKeyResult {
  keyResultId: string;
  title: string;
}

/** `GET /cycles/{cycle}/diff`, as much of it as the sheet shows. */
export interface DiffView {
  cycleId: string;
  from: string;
  to: string;
  objectives: {
    objectiveId: string;
    title: string;
    created: boolean;
    objective: FieldChange[];
    keyResults: {
      added: NamedKeyResult[];
      removed: NamedKeyResult[];
      changed: (NamedKeyResult & { changes: FieldChange[] })[];
    };
    checkInsAdded: {
      keyResultId: string;
      value: number | null;
      done: boolean | null;
      effectiveAt: string;
      recordedBy: { email: string };
      corrects: string | null;
    }[];
    overrides: { targetId: string; before: number | null; after: number; reason: string }[];
  }[];
}

export interface Comparison {
  diff: DiffView;
  before: Board;
  after: Board;
  changes: ChangesResponse;
}

export const COMPARE_HEADERS = [
  'Level',
  'Title',
  'Progress before',
  'Progress after',
  'Change',
  'What changed',
  'Reason',
  'Who',
  'Id',
] as const;

export function compareSheetName(cycleId: string): string {
  return `Compare ${cycleId}`;
}

function show(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

function fieldLines(changes: FieldChange[]): string[] {
  return changes.map((change) => `${change.field}: ${show(change.before)} → ${show(change.after)}`);
}

function unique(values: string[]): string[] {
  return [...new Set(values.filter((value) => value !== ''))];
}

interface CompareRow {
  cells: Cell[];
  objective: boolean;
  definitionChanged: boolean;
  added: boolean;
}

function progressOf(board: Board, id: string, objective: boolean): number | null {
  for (const o of board.objectives) {
    if (objective && o.id === id) return o.progress;
    const kr = o.keyResults.find((candidate) => candidate.id === id);
    if (!objective && kr !== undefined && !kr.removed) return kr.progress;
  }
  return null;
}

function row(
  level: string,
  title: string,
  before: number | null,
  after: number | null,
  lines: string[],
  audit: AuditEntry[],
  people: string[],
  id: string,
): Cell[] {
  const change = before !== null && after !== null ? after - before : null;
  return [
    level,
    title,
    nullableCell(before),
    nullableCell(after),
    nullableCell(change),
    lines.join('\n'),
    unique(audit.map((entry) => (entry.reason === null ? '' : entry.reason))).join('\n'),
    unique([...people, ...audit.map((entry) => entry.by.email)]).join('\n'),
    id,
  ];
}

function compareRows({ diff, before, after, changes }: Comparison): CompareRow[] {
  const rows: CompareRow[] = [];
  for (const objective of diff.objectives) {
    const objectiveAudit = changes.entries.filter(
      (entry) => entry.objectiveId === objective.objectiveId && entry.keyResultId === null,
    );
    const objectiveLines = [
      ...(objective.created ? ['created'] : []),
      ...fieldLines(objective.objective),
      ...objective.overrides
        .filter((override) => override.targetId === objective.objectiveId)
        .map(
          (override) => `grade override: ${show(override.before)} → ${override.after} (${override.reason})`,
        ),
    ];
    rows.push({
      objective: true,
      definitionChanged: objective.objective.length > 0,
      added: objective.created,
      cells: row(
        'Objective',
        objective.title,
        progressOf(before, objective.objectiveId, true),
        progressOf(after, objective.objectiveId, true),
        objectiveLines,
        objectiveAudit,
        [],
        objective.objectiveId,
      ),
    });
    const view = after.objectives.find((o) => o.id === objective.objectiveId);
    const keyResults: { id: string; title: string }[] = [
      ...(view?.keyResults ?? [])
        .filter((kr: KeyResultView) => !kr.removed)
        .map((kr) => ({ id: kr.id, title: kr.title })),
      ...objective.keyResults.removed.map((kr) => ({ id: kr.keyResultId, title: kr.title })),
    ];
    for (const keyResult of keyResults) {
      const added = objective.keyResults.added.some((kr) => kr.keyResultId === keyResult.id);
      const removed = objective.keyResults.removed.some((kr) => kr.keyResultId === keyResult.id);
      const changed =
        objective.keyResults.changed.find((kr) => kr.keyResultId === keyResult.id)?.changes ?? [];
      const checkIns = objective.checkInsAdded.filter((checkIn) => checkIn.keyResultId === keyResult.id);
      const overrides = objective.overrides.filter((override) => override.targetId === keyResult.id);
      const lines = [
        ...(added ? ['added'] : []),
        ...(removed ? ['removed'] : []),
        ...fieldLines(changed),
        ...checkIns.map(
          (checkIn) =>
            `${checkIn.corrects === null ? 'check-in' : 'correction'} ${checkIn.value ?? (checkIn.done === null ? '' : checkIn.done ? 'done' : 'not done')} for ${checkIn.effectiveAt.slice(0, 10)}`,
        ),
        ...overrides.map((o) => `grade override: ${show(o.before)} → ${o.after} (${o.reason})`),
      ];
      if (lines.length === 0) continue;
      const audit = changes.entries.filter((entry) => entry.keyResultId === keyResult.id);
      rows.push({
        objective: false,
        definitionChanged: changed.length > 0 || added || removed,
        added,
        cells: row(
          'Key result',
          keyResult.title,
          progressOf(before, keyResult.id, false),
          progressOf(after, keyResult.id, false),
          lines,
          audit,
          checkIns.map((checkIn) => checkIn.recordedBy.email),
          keyResult.id,
        ),
      });
    }
  }
  return rows;
}

export function comparePlan(comparison: Comparison): SheetPlan {
  const { diff } = comparison;
  const width = COMPARE_HEADERS.length;
  const pad = (first: string): Cell[] => [first, ...Array.from({ length: width - 1 }, () => '')];
  const body = compareRows(comparison);
  const rows: Cell[][] = [
    pad(
      `Compare ${diff.cycleId}: ${describeInstant(diff.from)} → ${describeInstant(diff.to)} · ${diff.objectives.length} objectives changed`,
    ),
    [...COMPARE_HEADERS],
    ...body.map((r) => r.cells),
  ];
  if (body.length === 0) rows.push(pad('Nothing changed between these two instants.'));
  const backgrounds = grid<string | null>(rows.length, width, null);
  const fontWeights = grid<'bold' | 'normal'>(rows.length, width, 'normal');
  fontWeights[0] = fontWeights[0]?.map(() => 'bold') ?? [];
  fontWeights[1] = fontWeights[1]?.map(() => 'bold') ?? [];
  backgrounds[1] = backgrounds[1]?.map(() => COLORS.header) ?? [];
  body.forEach((r, index) => {
    const colours = backgrounds[index + 2];
    if (colours === undefined) return;
    if (r.objective) {
      fontWeights[index + 2] = fontWeights[index + 2]?.map(() => 'bold') ?? [];
      for (let c = 0; c < width; c += 1) colours[c] = COLORS.objectiveRow;
    }
    const change = r.cells[4];
    if (typeof change === 'number' && change > 0) colours[4] = COLORS.green;
    if (typeof change === 'number' && change < 0) colours[4] = COLORS.red;
    if (r.definitionChanged) colours[5] = COLORS.midCycle;
    if (r.added) colours[0] = COLORS.green;
  });
  const dataRows = Math.max(1, body.length);
  return {
    ...emptyPlan(compareSheetName(diff.cycleId)),
    frozenRows: 2,
    blocks: [{ row: 1, column: 1, values: rows, backgrounds, fontWeights, wrap: true }],
    columnWidths: [90, 300, 90, 90, 70, 360, 260, 180, 130].map((w, index) => ({
      column: index + 1,
      width: w,
    })),
    numberFormats: [
      ...textFormats(1, 1, [1]),
      ...textFormats(3, dataRows, [1, 2, 6, 7, 8, 9]),
      { range: { row: 3, column: 3, numRows: dataRows, numColumns: 3 }, format: '0%' },
    ],
  };
}
