// Owns the "KR history" report: every event of one key result, oldest first, as a timeline with before →
// after, who and why; corrected check-ins kept but greyed; mid-cycle changes highlighted; a line chart of
// the check-ins that count against the target in force at each date, so a target change shows as a step.
// Each check-in says where its value came from (typed, a linked cell, a program through the API).
import type { HistoryEntry, KeyResultHistory } from '@okr-ledger/api-contract';
import type { Cell } from '../cells.js';
import { label } from '../labels.js';
import { COLORS, emptyPlan, grid, type SheetPlan, textFormats } from '../sheet-plan.js';
import { instantCell, nullableCell } from '../values.js';

export const HISTORY_SHEET = 'KR history';

export const HISTORY_HEADERS = [
  'Recorded',
  'Effective',
  'By',
  'Event',
  'Summary',
  'Value',
  'Done',
  'Confidence',
  'Note',
  'Reason',
  'Mid-cycle',
  'Check-in',
  'Corrects',
  'Corrected by',
  'Source',
  'Version',
] as const;

const EVENT_LABELS: Record<string, string> = {
  KeyResultAdded: 'Added',
  KeyResultChanged: 'Definition changed',
  KeyResultRemoved: 'Removed',
  CheckInRecorded: 'Check-in',
  CheckInCorrected: 'Correction',
  GradeOverridden: 'Grade override',
  ObjectiveArchived: 'Objective archived',
  InitiativeUpdated: 'Initiative updated',
  InitiativeAdded: 'Initiative added',
};

export function eventLabel(eventType: string): string {
  return EVENT_LABELS[eventType] ?? eventType.replace(/([a-z])([A-Z])/g, '$1 $2');
}

const TABLE_ROW = 3;
const CHART_DATA_COLUMN = HISTORY_HEADERS.length + 2;

function entryRow(entry: HistoryEntry): Cell[] {
  return [
    instantCell(entry.recordedAt),
    instantCell(entry.effectiveAt),
    entry.recordedBy.email,
    eventLabel(entry.eventType),
    entry.summary,
    nullableCell(entry.value),
    entry.done === null ? '' : entry.done ? 'yes' : 'no',
    entry.confidence === null ? '' : label(entry.confidence),
    entry.note,
    nullableCell(entry.reason),
    entry.midCycle ? 'yes' : '',
    nullableCell(entry.checkInId),
    nullableCell(entry.corrects),
    nullableCell(entry.correctedBy),
    sourceLabel(entry.source),
    entry.version,
  ];
}

/** Where a check-in's value came from, in words: typed by a person, a linked cell, or a named program. */
export function sourceLabel(source: HistoryEntry['source'] | undefined): string {
  switch (source?.kind) {
    case undefined:
      return '';
    case 'manual':
      return 'typed';
    case 'linked_cell':
      return `cell ${source.sheetName}!${source.a1}`;
    case 'api':
      return `API: ${source.client}`;
  }
}

/** The check-ins that count (not replaced by a correction), by effective date: what the chart draws. */
export function countedCheckIns(history: KeyResultHistory): { effective: Date; value: number }[] {
  return history.entries
    .filter((entry) => entry.checkInId !== null && entry.correctedBy === null && entry.value !== null)
    .map((entry) => ({ effective: new Date(entry.effectiveAt ?? entry.recordedAt), value: entry.value ?? 0 }))
    .sort((a, b) => a.effective.getTime() - b.effective.getTime());
}

export interface ChartPoint {
  at: Date;
  /** A check-in that counts at this date, if any. */
  value: number | null;
  /** The target (or threshold) in force at this date, null before the KR had one. */
  target: number | null;
}

/** Where the target (or, for stay_* KRs, the threshold) was set or changed: definition events, by record time. */
function targetSteps(history: KeyResultHistory): { at: Date; target: number }[] {
  return history.entries.flatMap((entry) =>
    entry.changes
      .filter(
        (change) =>
          (change.field === 'target' || change.field === 'threshold') && typeof change.after === 'number',
      )
      .map((change) => ({ at: new Date(entry.recordedAt), target: change.after as number })),
  );
}

/**
 * The chart's rows: every counted check-in and every target step, by date, each with the target in force
 * then. A target step is a row of its own (no value), so the target line moves where the change happened.
 */
export function chartPoints(history: KeyResultHistory): ChartPoint[] {
  const steps = targetSteps(history).sort((a, b) => a.at.getTime() - b.at.getTime());
  const targetAt = (at: Date) =>
    steps.filter((step) => step.at.getTime() <= at.getTime()).pop()?.target ?? null;
  const rows = [
    ...steps.map((step) => ({ at: step.at, value: null })),
    ...countedCheckIns(history).map((point) => ({ at: point.effective, value: point.value })),
  ].sort((a, b) => a.at.getTime() - b.at.getTime());
  return rows.map((row) => ({ ...row, target: targetAt(row.at) }));
}

export function historyPlan(history: KeyResultHistory): SheetPlan {
  const width = HISTORY_HEADERS.length;
  const unit = history.unit === '' ? '' : ` in ${history.unit}`;
  const title = `History of “${history.title}” (${history.keyResultId}) · ${label(history.type)}${unit} · ${history.entries.length} events`;
  const rows: Cell[][] = [
    [title, ...Array.from({ length: width - 1 }, () => '')],
    [...HISTORY_HEADERS],
    ...history.entries.map(entryRow),
  ];
  if (history.entries.length === 0)
    rows.push(['No events yet.', ...Array.from({ length: width - 1 }, () => '')]);

  const notes = grid(rows.length, width, '');
  const backgrounds = grid<string | null>(rows.length, width, null);
  const fontColors = grid<string | null>(rows.length, width, null);
  const fontWeights = grid<'bold' | 'normal'>(rows.length, width, 'normal');
  fontWeights[0] = fontWeights[0]?.map(() => 'bold') ?? [];
  fontWeights[1] = fontWeights[1]?.map(() => 'bold') ?? [];
  backgrounds[1] = backgrounds[1]?.map(() => COLORS.header) ?? [];
  history.entries.forEach((entry, index) => {
    const r = TABLE_ROW - 1 + index;
    if (entry.midCycle) backgrounds[r] = backgrounds[r]?.map(() => COLORS.midCycle) ?? [];
    if (entry.correctedBy !== null) {
      fontColors[r] = fontColors[r]?.map(() => COLORS.muted) ?? [];
      const rowNotes = notes[r];
      if (rowNotes !== undefined)
        rowNotes[4] = `Replaced by correction ${entry.correctedBy}; kept for the record`;
    }
    if (entry.changes.length > 0) {
      const rowNotes = notes[r];
      const lines = entry.changes.map(
        (c) => `${c.field}: ${JSON.stringify(c.before)} → ${JSON.stringify(c.after)}`,
      );
      if (rowNotes !== undefined)
        rowNotes[4] = [rowNotes[4], ...lines].filter((line) => line !== '').join('\n');
    }
  });

  const plan: SheetPlan = {
    ...emptyPlan(HISTORY_SHEET),
    frozenRows: 2,
    blocks: [{ row: 1, column: 1, values: rows, notes, backgrounds, fontColors, fontWeights }],
    columnWidths: [150, 150, 180, 130, 320, 80, 60, 90, 260, 220, 80, 120, 120, 120, 160, 70].map(
      (width, index) => ({
        column: index + 1,
        width,
      }),
    ),
    numberFormats: [
      {
        range: { row: TABLE_ROW, column: 1, numRows: Math.max(1, history.entries.length), numColumns: 2 },
        format: 'yyyy-mm-dd hh:mm',
      },
      ...textFormats(1, 1, [1]),
      // Who, event, summary, done, confidence, note, reason, flags and ids: server text, kept as text.
      ...textFormats(
        TABLE_ROW,
        Math.max(1, history.entries.length),
        [3, 4, 5, 7, 8, 9, 10, 11, 12, 13, 14, 15],
      ),
    ],
  };

  const points = chartPoints(history);
  if (points.some((point) => point.value !== null)) {
    const withTarget = points.some((point) => point.target !== null);
    const header: Cell[] = ['Effective', `Value${unit}`, ...(withTarget ? [`Target${unit}`] : [])];
    const chartRows: Cell[][] = [
      header,
      ...points.map((p) => [p.at, nullableCell(p.value), ...(withTarget ? [nullableCell(p.target)] : [])]),
    ];
    const range = { row: 1, column: CHART_DATA_COLUMN, numRows: chartRows.length, numColumns: header.length };
    plan.blocks.push({ row: 1, column: CHART_DATA_COLUMN, values: chartRows });
    plan.numberFormats.push({
      range: { ...range, row: 2, numRows: points.length, numColumns: 1 },
      format: 'yyyy-mm-dd',
    });
    plan.charts.push({
      kind: 'line',
      title: withTarget ? `${history.title}: check-ins against the target` : `${history.title}: check-ins`,
      ranges: [range],
      anchor: { row: 3, column: CHART_DATA_COLUMN + 4 },
      width: 560,
      height: 320,
    });
  }
  return plan;
}
