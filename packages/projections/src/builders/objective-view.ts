// The board's shapes built from folded state: an objective with its KRs, initiatives, progress, confidence
// and lint at an instant, and the board of a cycle. Pure, so the projector, the reader and the API's
// as-of answers all build the very same view from the same state.
import type {
  Board,
  CycleView,
  KeyResultView,
  LintFindingView,
  ObjectiveView,
} from '@okr-ledger/api-contract';
import {
  type CycleState,
  currentMeasurement,
  describeLinkFailure,
  effectiveCheckIns,
  type KeyResultState,
  keyResultConfidence,
  keyResultProgress,
  lintCycle,
  lintObjective,
  measuredCheckIns,
  type ObjectiveState,
  objectiveProgress,
  type ProgressCutoff,
} from '@okr-ledger/okr-domain';

export function toCycleView(cycle: CycleState): CycleView {
  return {
    id: cycle.id,
    title: cycle.title,
    startsOn: cycle.startsOn,
    endsOn: cycle.endsOn,
    timeZone: cycle.timeZone,
    status: cycle.status,
    activatedAt: cycle.activatedAt,
    closedAt: cycle.closedAt,
    version: cycle.version,
  };
}

function toKeyResultView(
  kr: KeyResultState,
  objective: ObjectiveState,
  cycle: CycleState,
  at: string,
  cutoff: ProgressCutoff,
): KeyResultView {
  const { definition } = kr;
  const measurement = currentMeasurement(kr, cutoff);
  // The measurement falls back to the start before any check-in; the view says "nothing measured yet".
  const measured = measuredCheckIns(kr, cutoff).length > 0;
  const progress = keyResultProgress(kr, objective.initiatives, cutoff);
  const confidence = keyResultConfidence(kr, progress.score, cycle, at);
  const done = new Set(measurement.milestonesDone);
  return {
    id: kr.id,
    objectiveId: objective.id,
    title: definition.title,
    owner: definition.owner,
    weight: definition.weight,
    type: definition.type,
    start: definition.start,
    target: definition.target,
    threshold: definition.threshold,
    unit: definition.unit,
    milestones: definition.milestones.map((milestone) => ({
      id: milestone.id,
      title: milestone.title,
      weight: milestone.weight,
      done: done.has(milestone.id),
    })),
    progressSource: definition.progressSource,
    removed: kr.removed,
    current: measured ? measurement.value : null,
    done: measured ? measurement.done : null,
    progress: progress.raw,
    score: progress.score,
    confidence: confidence.confidence,
    confidenceSource: confidence.source,
    lastCheckInAt: measurement.lastCheckIn?.effectiveAt ?? null,
    lastNote: measurement.lastCheckIn?.note ?? '',
    // A stored snapshot counts the check-ins it left out; they are older than those it kept.
    checkInCount: effectiveCheckIns(kr, cutoff).length + (kr.omittedCheckIns ?? 0),
    // States stored before links read as unlinked.
    valueSource: definition.valueSource ?? null,
    linkFailure: linkFailureView(kr),
  };
}

function linkFailureView(kr: KeyResultState): KeyResultView['linkFailure'] {
  const failure = kr.linkFailure;
  if (!failure || (kr.definition.valueSource ?? null) === null) return null;
  return {
    problem: failure.problem,
    detail: failure.detail,
    since: failure.since,
    reportedAt: failure.reportedAt,
    reportedBy: failure.reportedBy.email,
    message: describeLinkFailure(failure),
  };
}

const toLintView = (finding: LintFindingView): LintFindingView => ({
  rule: finding.rule,
  severity: finding.severity,
  targetType: finding.targetType,
  targetId: finding.targetId,
  message: finding.message,
  hint: finding.hint,
});

/**
 * An objective as the board shows it at instant `at`: only check-ins effective by then count, and a
 * confidence nobody set is derived from how much of the cycle has elapsed at `at`. Removed KRs stay in
 * the list (flagged) so a sheet can show what happened to a row.
 */
export function toObjectiveView(state: ObjectiveState, cycle: CycleState, at: string): ObjectiveView {
  const cutoff: ProgressCutoff = { effectiveAtOrBefore: at };
  const { definition } = state;
  const progress = objectiveProgress(state, cutoff);
  return {
    id: state.id,
    cycleId: state.cycleId,
    title: definition.title,
    description: definition.description,
    owner: definition.owner,
    team: definition.team,
    kind: definition.kind,
    parentObjectiveId: definition.parentObjectiveId,
    weight: definition.weight,
    progressMode: definition.progressMode,
    blendShare: definition.blendShare,
    archived: state.archived,
    version: state.version,
    progress: progress.raw,
    score: progress.score,
    keyResults: state.keyResults.map((kr) => toKeyResultView(kr, state, cycle, at, cutoff)),
    initiatives: state.initiatives.map((initiative) => ({
      id: initiative.id,
      objectiveId: state.id,
      keyResultId: initiative.keyResultId,
      title: initiative.title,
      owner: initiative.owner,
      status: initiative.status,
      percentComplete: initiative.percentComplete,
    })),
    lint: lintObjective(state).map(toLintView),
  };
}

/** Objectives in the order they were created, so a sheet's rows do not move between pulls. */
const byCreation = (a: ObjectiveState, b: ObjectiveState): number =>
  Date.parse(a.createdAt) - Date.parse(b.createdAt) || a.id.localeCompare(b.id);

export function toBoard(org: string, cycle: CycleState, states: ObjectiveState[], at: string): Board {
  const ordered = [...states].sort(byCreation);
  return {
    organizationId: org,
    cycle: toCycleView(cycle),
    asOf: at,
    objectives: ordered.map((state) => toObjectiveView(state, cycle, at)),
    lint: lintCycle(ordered).map(toLintView),
  };
}
