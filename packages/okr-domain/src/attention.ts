// Which key results need a nudge: due (no check-in for a cadence of calendar days in the cycle's zone,
// while the cycle is active) and behind pace (the score lags the elapsed share of the cycle, or the owner
// said off track). Pure: `now` is passed in. The rules and their worked vectors are in docs/attention.md.
import { expectedProgress } from './confidence.js';
import { localDateOf } from './day-boundary.js';
import type { Confidence, CycleState, ObjectiveState } from './model.js';
import { currentMeasurement, keyResultProgress, liveKeyResults } from './progress.js';

/** Days without a check-in before a KR is due, until an organization sets its own cadence. */
export const DEFAULT_CHECK_IN_CADENCE_DAYS = 7;
/** How far the score may trail the elapsed share of the cycle before the KR is behind pace. */
export const BEHIND_PACE_MARGIN = 0.25;

export const ATTENTION_REASONS = ['due', 'behind_pace', 'off_track'] as const;
export type AttentionReason = (typeof ATTENTION_REASONS)[number];

/** What the rules need to know of one KR; built from a folded state or from the board's view. */
export interface AttentionFacts {
  /** Clamped progress, what rolls up. */
  score: number;
  /** `effectiveAt` of the latest effective check-in; null before any. */
  lastCheckInAt: string | null;
  /** The confidence a person set on that check-in; null when none was set. */
  lastConfidence: Confidence | null;
}

export interface AttentionOptions {
  now: string;
  cadenceDays?: number;
}

export interface KeyResultAttention {
  due: boolean;
  behindPace: boolean;
  reasons: AttentionReason[];
  /** Calendar days in the cycle's zone since the last check-in (or since `startsOn` without one). */
  daysSinceCheckIn: number;
  /** The elapsed share of the cycle at `now`. */
  expected: number;
}

const DAY_MS = 86_400_000;

/** Whole days from one YYYY-MM-DD to another: calendar arithmetic, blind to clock changes. */
function calendarDaysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

export function keyResultAttention(
  cycle: CycleState,
  facts: AttentionFacts,
  options: AttentionOptions,
): KeyResultAttention {
  const cadence = options.cadenceDays ?? DEFAULT_CHECK_IN_CADENCE_DAYS;
  const today = localDateOf(options.now, cycle.timeZone);
  const since =
    facts.lastCheckInAt === null ? cycle.startsOn : localDateOf(facts.lastCheckInAt, cycle.timeZone);
  const daysSinceCheckIn = calendarDaysBetween(since, today);
  const expected = expectedProgress(cycle, options.now);
  const due = cycle.status === 'active' && daysSinceCheckIn >= cadence;
  const lagging = expected - facts.score > BEHIND_PACE_MARGIN;
  const offTrack = facts.lastConfidence === 'off_track';
  const reasons: AttentionReason[] = [];
  if (due) reasons.push('due');
  if (lagging) reasons.push('behind_pace');
  if (offTrack) reasons.push('off_track');
  return { due, behindPace: lagging || offTrack, reasons, daysSinceCheckIn, expected };
}

/** The facts of each live KR of a live objective, at `now`, in board order. */
export function attentionFactsOf(
  objective: ObjectiveState,
  now: string,
): { keyResultId: string; facts: AttentionFacts }[] {
  if (objective.archived) return [];
  const cutoff = { effectiveAtOrBefore: now };
  return liveKeyResults(objective).map((kr) => {
    const last = currentMeasurement(kr, cutoff).lastCheckIn;
    return {
      keyResultId: kr.id,
      facts: {
        score: keyResultProgress(kr, objective.initiatives, cutoff).score,
        lastCheckInAt: last?.effectiveAt ?? null,
        lastConfidence: last?.confidence ?? null,
      },
    };
  });
}
