// Confidence of a key result: the one a person set on the latest check-in, or, failing that, one derived
// for display from how the score compares with the share of the cycle already elapsed.
import { endOfDayInstant, startOfDayInstant } from './day-boundary.js';
import type { Confidence, CycleState, KeyResultState } from './model.js';
import { clampUnit, effectiveCheckIns, instantOf } from './progress.js';

export type ConfidenceSource = 'set' | 'derived';

export interface KeyResultConfidence {
  confidence: Confidence;
  source: ConfidenceSource;
}

const ON_TRACK_SHARE = 0.7;
const AT_RISK_SHARE = 0.5;

/**
 * Elapsed share of the cycle at `at`, from the first instant of `startsOn` to the end of `endsOn` in the
 * cycle's zone, clamped to [0, 1]. The end is taken as the start of the following day so that a whole
 * cycle is exactly 1 and no millisecond is lost at the seam.
 */
export function expectedProgress(cycle: CycleState, at: string): number {
  const start = instantOf(startOfDayInstant(cycle.startsOn, cycle.timeZone));
  const endExclusive = instantOf(endOfDayInstant(cycle.endsOn, cycle.timeZone)) + 1;
  const length = endExclusive - start;
  if (length <= 0) return 1;
  return clampUnit((instantOf(at) - start) / length);
}

export function deriveConfidence(score: number, expected: number): Confidence {
  if (score >= ON_TRACK_SHARE * expected) return 'on_track';
  if (score >= AT_RISK_SHARE * expected) return 'at_risk';
  return 'off_track';
}

/**
 * The confidence shown for a KR at `at`. The latest check-in effective by then decides: if its author
 * set a confidence, that judgement wins over any arithmetic; otherwise it is derived from `score`.
 */
export function keyResultConfidence(
  kr: KeyResultState,
  score: number,
  cycle: CycleState,
  at: string,
): KeyResultConfidence {
  const latest = effectiveCheckIns(kr, { effectiveAtOrBefore: at }).at(-1);
  if (latest !== undefined && latest.confidence !== null) {
    return { confidence: latest.confidence, source: 'set' };
  }
  return { confidence: deriveConfidence(score, expectedProgress(cycle, at)), source: 'derived' };
}
