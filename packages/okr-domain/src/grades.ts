// Quarter-end grades: a KR's score as of the end of the cycle, an objective's roll-up, the band and the
// committed-objective rule, and the grades report that puts computed, original and overridden grades
// side by side. Rounding is decimal half-up on two places, never at the mercy of binary floats.
import { endOfDayInstant, startOfDayInstant } from './day-boundary.js';
import type {
  Band,
  CheckInSourceKind,
  CycleState,
  Initiative,
  KeyResultState,
  ObjectiveKind,
  ObjectiveState,
} from './model.js';
import {
  blendByMode,
  holdsThreshold,
  initiativeProgress,
  instantOf,
  keyResultProgress,
  liveKeyResults,
  measuredCheckIns,
  weightedMean,
} from './progress.js';

export const NO_CHECK_INS_FLAG = 'no check-ins';
export const NO_KEY_RESULTS_FLAG = 'no key results';

export interface KeyResultGrade {
  grade: number;
  flags: string[];
}

/**
 * Rounds half-up (half away from zero, like BigDecimal's HALF_UP) to two decimals on the number's
 * shortest decimal form, the digits a person reads: 0.125 → 0.13 and 1.005 → 1.01 although both sit a
 * hair below the half in binary. Scaling by 100 in floating point would get these wrong.
 */
export function roundHalfUp2(x: number): number {
  if (!Number.isFinite(x)) {
    throw new RangeError(`cannot round a non-finite number: ${x}`);
  }
  const [mantissa = '0', exponentText = '0'] = Math.abs(x).toString().split('e');
  const [integerDigits = '0', fractionDigits = ''] = mantissa.split('.');
  const digits = integerDigits + fractionDigits;
  // Position of the decimal point within `digits` once the exponent is applied.
  const point = integerDigits.length + Number(exponentText);
  const padded = point < 0 ? '0'.repeat(-point) + digits : digits;
  const shiftedPoint = Math.max(point, 0);
  const keptLength = shiftedPoint + 2;
  const kept = padded.padEnd(keptLength, '0').slice(0, keptLength);
  const firstDropped = padded.charAt(keptLength);
  const hundredths = BigInt(kept === '' ? '0' : kept) + (firstDropped >= '5' ? 1n : 0n);
  // Integer division by 100 in IEEE arithmetic is correctly rounded: the nearest double to the decimal.
  const magnitude = Number(hundredths) / 100;
  return x < 0 && magnitude !== 0 ? -magnitude : magnitude;
}

/** ≥ 0.7 delivered (green), ≥ 0.4 progress made (yellow), below that red. */
export function band(grade: number): Band {
  if (grade >= 0.7) return 'green';
  if (grade >= 0.4) return 'yellow';
  return 'red';
}

/** A committed objective is delivered only at 1.0; anything less is a missed commitment. */
export const isMissedCommitment = (kind: ObjectiveKind, grade: number): boolean =>
  kind === 'committed' && grade < 1;

const noCheckIns = (): KeyResultGrade => ({ grade: 0, flags: [NO_CHECK_INS_FLAG] });

/**
 * A KR's grade for a cycle: its score from the check-ins effective by the end of `endsOn` in the cycle's
 * zone. stay_above/stay_below are graded on the whole quarter instead of the last reading: the share of
 * their check-ins inside the cycle that held the threshold. A KR driven by initiatives is graded on them.
 */
export function gradeKeyResult(
  kr: KeyResultState,
  initiatives: Initiative[],
  cycle: CycleState,
): KeyResultGrade {
  const cutoff = { effectiveAtOrBefore: endOfDayInstant(cycle.endsOn, cycle.timeZone) };
  if (kr.definition.progressSource === 'initiatives') {
    return { grade: roundHalfUp2(keyResultProgress(kr, initiatives, cutoff).score), flags: [] };
  }
  const measured = measuredCheckIns(kr, cutoff);
  const type = kr.definition.type;
  if (type === 'stay_above' || type === 'stay_below') {
    const cycleStart = instantOf(startOfDayInstant(cycle.startsOn, cycle.timeZone));
    const inCycle = measured.filter((checkIn) => instantOf(checkIn.effectiveAt) >= cycleStart);
    if (inCycle.length === 0) return noCheckIns();
    const held = inCycle.filter((checkIn) => holdsThreshold(kr.definition, checkIn.value)).length;
    return { grade: roundHalfUp2(held / inCycle.length), flags: [] };
  }
  if (measured.length === 0) return noCheckIns();
  return { grade: roundHalfUp2(keyResultProgress(kr, initiatives, cutoff).score), flags: [] };
}

/**
 * An objective's grade: in `key_results` mode the weighted mean of its live KRs' (rounded) grades; in
 * the other modes the same blend as its progress, with initiative progress as it stands at close.
 * KR grade overrides are not fed in: the computed grade stays computed, overrides sit beside it.
 */
export function gradeObjective(objective: ObjectiveState, cycle: CycleState): number {
  const { progressMode, blendShare } = objective.definition;
  const grade = blendByMode(
    progressMode,
    blendShare,
    () =>
      weightedMean(
        liveKeyResults(objective).map((kr) => ({
          weight: kr.definition.weight,
          value: gradeKeyResult(kr, objective.initiatives, cycle).grade,
        })),
      ),
    () => initiativeProgress(objective.initiatives),
  );
  return roundHalfUp2(grade);
}

/** The source of the KR's last measured check-in by the cycle's end; null when none, or when initiatives drive it. */
function valueSourceOf(kr: KeyResultState, cycle: CycleState): CheckInSourceKind | null {
  if (kr.definition.progressSource === 'initiatives') return null;
  const cutoff = { effectiveAtOrBefore: endOfDayInstant(cycle.endsOn, cycle.timeZone) };
  return measuredCheckIns(kr, cutoff).at(-1)?.source.kind ?? null;
}

/** One row of the grades report; the API serves it as-is (api-contract `GradeRowSchema`). */
export interface GradeRow {
  targetType: 'objective' | 'key_result';
  objectiveId: string;
  keyResultId: string | null;
  title: string;
  owner: string | null;
  team: string | null;
  kind: ObjectiveKind | null;
  weight: number;
  computed: number;
  original: number | null;
  override: number | null;
  overrideReason: string | null;
  final: number;
  band: Band;
  missedCommitment: boolean;
  flags: string[];
  changedBy: string[];
  /** Where a KR's graded value came from: the source of its last measured check-in by the cycle's end. */
  valueSource: CheckInSourceKind | null;
}

export interface MidCycleChangeNote {
  objectiveId: string;
  /** null for a change to the objective itself (title, weight, archive, …). */
  keyResultId: string | null;
  description: string;
}

export interface GradesReportInput {
  cycle: CycleState;
  /** The objectives of the cycle now. */
  objectives: ObjectiveState[];
  /** The same objectives folded as of `cycle.activatedAt` (empty when the cycle never became active). */
  originalObjectives: ObjectiveState[];
  midCycleChanges: MidCycleChangeNote[];
}

/**
 * The original definitions with today's facts: check-ins and initiatives are things that happened and
 * count whichever yardstick measures them; only the definitions (KR set, weights, targets, mode) are
 * taken from when the cycle became active. KRs removed since still find their check-ins, because the
 * current state keeps removed KRs.
 */
function originalYardstickWithCurrentFacts(
  original: ObjectiveState,
  current: ObjectiveState,
): ObjectiveState {
  const currentById = new Map(current.keyResults.map((kr) => [kr.id, kr]));
  return {
    ...original,
    initiatives: current.initiatives,
    keyResults: original.keyResults.map((kr) => ({
      ...kr,
      checkIns: currentById.get(kr.id)?.checkIns ?? kr.checkIns,
    })),
  };
}

function overrideOf(objective: ObjectiveState, targetId: string) {
  const override = objective.overrides[targetId];
  return { override: override?.grade ?? null, overrideReason: override?.reason ?? null };
}

/**
 * The grades report: per objective, its row then one row per live KR. Archived objectives and removed
 * KRs are left out entirely: they no longer belong to the cycle's result, and the mid-cycle change
 * audit is where their archiving or removal is shown. They still shape an objective's `original` grade,
 * which is computed on the KR set in force when the cycle became active.
 */
export function gradesReport(input: GradesReportInput): GradeRow[] {
  const { cycle } = input;
  const originals = new Map(
    input.originalObjectives.filter((objective) => !objective.archived).map((o) => [o.id, o]),
  );
  const rows: GradeRow[] = [];
  for (const objective of input.objectives) {
    if (objective.archived) continue;
    const definition = objective.definition;
    const original = originals.get(objective.id);
    const changes = input.midCycleChanges.filter((change) => change.objectiveId === objective.id);

    const computed = gradeObjective(objective, cycle);
    const originalGrade =
      original === undefined
        ? null
        : gradeObjective(originalYardstickWithCurrentFacts(original, objective), cycle);
    const objectiveOverride = overrideOf(objective, objective.id);
    const objectiveFinal = objectiveOverride.override ?? computed;
    const usesKeyResults = definition.progressMode !== 'initiatives';
    rows.push({
      targetType: 'objective',
      objectiveId: objective.id,
      keyResultId: null,
      title: definition.title,
      owner: definition.owner,
      team: definition.team,
      kind: definition.kind,
      weight: definition.weight,
      computed,
      original: originalGrade,
      ...objectiveOverride,
      final: objectiveFinal,
      band: band(objectiveFinal),
      missedCommitment: isMissedCommitment(definition.kind, objectiveFinal),
      flags: usesKeyResults && liveKeyResults(objective).length === 0 ? [NO_KEY_RESULTS_FLAG] : [],
      // Any change inside the objective's stream can move its roll-up (a KR target, a KR removed), so
      // the objective row lists them all, its KRs' included.
      changedBy: computed === originalGrade ? [] : changes.map((change) => change.description),
      valueSource: null,
    });

    for (const kr of liveKeyResults(objective)) {
      const { grade, flags } = gradeKeyResult(kr, objective.initiatives, cycle);
      const originalKr = original?.keyResults.find(
        (candidate) => candidate.id === kr.id && !candidate.removed,
      );
      const originalKrGrade =
        originalKr === undefined
          ? null
          : gradeKeyResult({ ...originalKr, checkIns: kr.checkIns }, objective.initiatives, cycle).grade;
      const krOverride = overrideOf(objective, kr.id);
      const final = krOverride.override ?? grade;
      rows.push({
        targetType: 'key_result',
        objectiveId: objective.id,
        keyResultId: kr.id,
        title: kr.definition.title,
        owner: kr.definition.owner,
        team: definition.team,
        kind: null,
        weight: kr.definition.weight,
        computed: grade,
        original: originalKrGrade,
        ...krOverride,
        final,
        band: band(final),
        // The commitment is the objective's; its KRs are graded, not judged.
        missedCommitment: false,
        flags,
        changedBy:
          grade === originalKrGrade
            ? []
            : changes.filter((change) => change.keyResultId === kr.id).map((change) => change.description),
        valueSource: valueSourceOf(kr, cycle),
      });
    }
  }
  return rows;
}
