// Progress of key results, initiatives and objectives: which check-ins count, what a KR currently
// measures, and how raw progress and the clamped score roll up. Pure arithmetic over folded state.
import type {
  CheckIn,
  Initiative,
  KeyResultDefinition,
  KeyResultState,
  KeyResultType,
  ObjectiveState,
  ProgressMode,
} from './model.js';

/** Limits the check-ins considered to those true at or before an instant (grades, as-of views). */
export interface ProgressCutoff {
  effectiveAtOrBefore?: string;
}

/** `raw` may leave 0–1 and is shown as it is (125 %); `score` is clamped and is what rolls up. */
export interface Progress {
  raw: number;
  score: number;
}

export interface Measurement {
  /** increase/decrease/stay_above/stay_below. */
  value: number | null;
  /** binary. */
  done: boolean | null;
  /** milestone: ids of the milestones done. */
  milestonesDone: string[];
  /** The latest effective check-in, whatever it carries (its confidence and note are shown). */
  lastCheckIn: CheckIn | null;
}

/**
 * Milliseconds since the epoch of an ISO 8601 instant. Instants are compared as numbers because the
 * same moment can be written with different offsets, which string order would get wrong.
 */
export function instantOf(iso: string): number {
  const millis = Date.parse(iso);
  if (Number.isNaN(millis)) {
    throw new RangeError(`not an ISO 8601 instant: ${iso}`);
  }
  return millis;
}

export const clampUnit = (x: number): number => Math.min(1, Math.max(0, x));

/**
 * The check-ins that count: corrected ones are kept in the state for the history but replaced by
 * their correction here. Ordered by the instant they are true for, then by when they were recorded,
 * so a back-dated check-in takes its place in time rather than winning because it arrived last.
 */
export function effectiveCheckIns(kr: KeyResultState, cutoff?: ProgressCutoff): CheckIn[] {
  const limit =
    cutoff?.effectiveAtOrBefore === undefined
      ? Number.POSITIVE_INFINITY
      : instantOf(cutoff.effectiveAtOrBefore);
  // Each instant is parsed once, not once per comparison.
  const counted: { checkIn: CheckIn; effective: number; recorded: number; recordingOrder: number }[] = [];
  for (const checkIn of kr.checkIns) {
    if (checkIn.correctedBy !== null) continue;
    const effective = instantOf(checkIn.effectiveAt);
    if (effective > limit) continue;
    counted.push({
      checkIn,
      effective,
      recorded: instantOf(checkIn.recordedAt),
      recordingOrder: counted.length,
    });
  }
  return counted
    .sort(
      (a, b) => a.effective - b.effective || a.recorded - b.recorded || a.recordingOrder - b.recordingOrder,
    )
    .map(({ checkIn }) => checkIn);
}

/**
 * Whether a check-in carries the measurement a KR of this type is moved by. A check-in that only
 * updates confidence or the note leaves the measurement where the previous one put it.
 */
export function carriesMeasurement(type: KeyResultType, checkIn: CheckIn): boolean {
  switch (type) {
    case 'increase':
    case 'decrease':
    case 'stay_above':
    case 'stay_below':
      return checkIn.value !== null;
    case 'milestone':
      return checkIn.milestonesDone !== null;
    case 'binary':
      return checkIn.done !== null;
    default: {
      const unknownType: never = type;
      throw new Error(`unknown key result type: ${String(unknownType)}`);
    }
  }
}

/** The effective check-ins that carry a measurement for the KR's type, oldest first. */
export function measuredCheckIns(kr: KeyResultState, cutoff?: ProgressCutoff): CheckIn[] {
  return effectiveCheckIns(kr, cutoff).filter((checkIn) => carriesMeasurement(kr.definition.type, checkIn));
}

export function currentMeasurement(kr: KeyResultState, cutoff?: ProgressCutoff): Measurement {
  const effective = effectiveCheckIns(kr, cutoff);
  const lastCheckIn = effective.at(-1) ?? null;
  const lastMeasured = effective.filter((checkIn) => carriesMeasurement(kr.definition.type, checkIn)).at(-1);
  const { type, start } = kr.definition;
  if (lastMeasured === undefined) {
    // With no check-in yet a moving KR stands at its start; a threshold has not been observed at all.
    const value = type === 'increase' || type === 'decrease' ? (start ?? 0) : null;
    return { value, done: null, milestonesDone: [], lastCheckIn };
  }
  return {
    value: lastMeasured.value,
    done: lastMeasured.done,
    milestonesDone: lastMeasured.milestonesDone ?? [],
    lastCheckIn,
  };
}

/**
 * Whether a value held a stay_above/stay_below threshold. Both bounds are inclusive: "stay below 12
 * hours" is met at exactly 12. A missing value or threshold holds nothing.
 */
export function holdsThreshold(definition: KeyResultDefinition, value: number | null): boolean {
  const threshold = definition.threshold;
  if (threshold === null || value === null) return false;
  if (definition.type === 'stay_above') return value >= threshold;
  if (definition.type === 'stay_below') return value <= threshold;
  return false;
}

/** One initiative's share of done: dropped work is not counted at all, see `initiativeProgress`. */
function initiativeShare(initiative: Initiative): number {
  switch (initiative.status) {
    case 'done':
      return 1;
    case 'in_progress':
      return clampUnit(initiative.percentComplete / 100);
    case 'planned':
    case 'dropped':
      return 0;
    default: {
      const unknownStatus: never = initiative.status;
      throw new Error(`unknown initiative status: ${String(unknownStatus)}`);
    }
  }
}

/** Mean progress of the initiatives that are still bets (dropped ones excluded); none → 0. */
export function initiativeProgress(initiatives: Initiative[]): number {
  const counted = initiatives.filter((initiative) => initiative.status !== 'dropped');
  if (counted.length === 0) return 0;
  return counted.reduce((sum, initiative) => sum + initiativeShare(initiative), 0) / counted.length;
}

const toProgress = (raw: number): Progress => ({ raw, score: clampUnit(raw) });

function rawFromCheckIns(kr: KeyResultState, cutoff?: ProgressCutoff): number {
  const definition = kr.definition;
  const measurement = currentMeasurement(kr, cutoff);
  switch (definition.type) {
    case 'increase':
    case 'decrease': {
      // One expression for both directions: (current − s)/(t − s) equals (s − current)/(s − t), so a
      // decrease cannot go wrong on its own. Validation refuses t = s; guard anyway rather than divide by 0.
      const start = definition.start ?? 0;
      const target = definition.target;
      const current = measurement.value ?? start;
      if (target === null || target === start) return 0;
      return (current - start) / (target - start);
    }
    case 'stay_above':
    case 'stay_below': {
      // Before any check-in nothing shows the threshold held, so raw progress is 0 until one does.
      return holdsThreshold(definition, measurement.value) ? 1 : 0;
    }
    case 'milestone': {
      const done = new Set(measurement.milestonesDone);
      const total = definition.milestones.reduce((sum, milestone) => sum + milestone.weight, 0);
      if (total === 0) return 0;
      const achieved = definition.milestones
        .filter((milestone) => done.has(milestone.id))
        .reduce((sum, milestone) => sum + milestone.weight, 0);
      return achieved / total;
    }
    case 'binary':
      return measurement.done === true ? 1 : 0;
    default: {
      const unknownType: never = definition.type;
      throw new Error(`unknown key result type: ${String(unknownType)}`);
    }
  }
}

/**
 * A KR's progress. Initiatives move a KR only when the KR says so (`progressSource: 'initiatives'`);
 * they carry no effective date, so a cutoff does not apply to them (as-of views fold the state instead).
 */
export function keyResultProgress(
  kr: KeyResultState,
  initiatives: Initiative[],
  cutoff?: ProgressCutoff,
): Progress {
  if (kr.definition.progressSource === 'initiatives') {
    const linked = initiatives.filter((initiative) => initiative.keyResultId === kr.id);
    return toProgress(initiativeProgress(linked));
  }
  return toProgress(rawFromCheckIns(kr, cutoff));
}

export const liveKeyResults = (objective: ObjectiveState): KeyResultState[] =>
  objective.keyResults.filter((kr) => !kr.removed);

/** Σ wᵢ·xᵢ / Σ wᵢ; 0 when there is nothing to weigh (no items, or all weights 0). */
export function weightedMean(items: { weight: number; value: number }[]): number {
  const totalWeight = items.reduce((sum, item) => sum + item.weight, 0);
  if (totalWeight === 0) return 0;
  return items.reduce((sum, item) => sum + item.weight * item.value, 0) / totalWeight;
}

/** Blends a KR-based figure with an initiative-based one the way the objective's mode asks. */
export function blendByMode(
  mode: ProgressMode,
  blendShare: number,
  fromKeyResults: () => number,
  fromInitiatives: () => number,
): number {
  switch (mode) {
    case 'key_results':
      return fromKeyResults();
    case 'initiatives':
      return fromInitiatives();
    case 'blended': {
      const share = clampUnit(blendShare);
      return (1 - share) * fromKeyResults() + share * fromInitiatives();
    }
    default: {
      const unknownMode: never = mode;
      throw new Error(`unknown progress mode: ${String(unknownMode)}`);
    }
  }
}

/** An objective's progress over its live KRs and/or all its non-dropped initiatives, per its mode. */
export function objectiveProgress(objective: ObjectiveState, cutoff?: ProgressCutoff): Progress {
  const { progressMode, blendShare } = objective.definition;
  const raw = blendByMode(
    progressMode,
    blendShare,
    () =>
      weightedMean(
        liveKeyResults(objective).map((kr) => ({
          weight: kr.definition.weight,
          value: keyResultProgress(kr, objective.initiatives, cutoff).score,
        })),
      ),
    () => initiativeProgress(objective.initiatives),
  );
  return toProgress(raw);
}
