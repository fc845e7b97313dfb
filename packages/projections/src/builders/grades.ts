// The grades view: the domain's grades report fed with the current and the original definitions and the
// mid-cycle changes from the audit, plus the grades frozen at close rebuilt from the recorded events and
// brought up to date with overrides made afterwards.
import type { AuditEntry, GradeRow, GradesReport } from '@okr-ledger/api-contract';
import {
  band,
  type CycleState,
  evolveObjective,
  foldObjective,
  gradesReport,
  isMissedCommitment,
  type ObjectiveEvent,
  type ObjectiveState,
  type RecordedEvent,
} from '@okr-ledger/okr-domain';
import { auditEntriesFor, midCycleChangeNotes } from './audit.js';

/** Rows in the order objectives were created, whichever order the states were read in. */
const byCreation = (a: ObjectiveState, b: ObjectiveState): number =>
  Date.parse(a.createdAt) - Date.parse(b.createdAt) || a.id.localeCompare(b.id);

/**
 * What the original grade reads of an objective as it stood at activation: its definitions (the KR set,
 * weights, targets, mode), not its facts. The report grades the original definitions on the current
 * check-ins, initiatives and overrides, so storing them again beside the current state would only make
 * every grades read pay for the quarter's check-ins twice.
 */
export function originalDefinitions(state: ObjectiveState): ObjectiveState {
  return {
    ...state,
    keyResults: state.keyResults.map(({ omittedCheckIns: _omitted, ...kr }) => ({ ...kr, checkIns: [] })),
    initiatives: [],
    overrides: {},
  };
}

/**
 * Grades of a cycle's objectives: computed against the current definitions and against those in force when
 * the cycle became active (`originalStates`, folded as of `cycle.activatedAt`), with the mid-cycle changes
 * among `auditEntries` named where they made a difference.
 */
export function gradesFor(
  cycle: CycleState,
  currentStates: ObjectiveState[],
  originalStates: ObjectiveState[],
  auditEntries: AuditEntry[],
): GradesReport {
  const rows = gradesReport({
    cycle,
    objectives: [...currentStates].sort(byCreation),
    originalObjectives: originalStates,
    midCycleChanges: midCycleChangeNotes(auditEntries),
  });
  return { cycleId: cycle.id, status: cycle.status, frozen: cycle.status === 'closed', rows };
}

/**
 * Brings the override columns of (frozen) rows up to the overrides the objectives carry now: admins
 * override grades after the close, and those overrides must show beside the frozen computed grades.
 */
export function withCurrentOverrides(rows: GradeRow[], currentStates: ObjectiveState[]): GradeRow[] {
  const objectives = new Map(currentStates.map((state) => [state.id, state]));
  return rows.map((row) => {
    const objective = objectives.get(row.objectiveId);
    if (objective === undefined) return row;
    const override = objective.overrides[row.keyResultId ?? row.objectiveId];
    const final = override?.grade ?? row.computed;
    return {
      ...row,
      override: override?.grade ?? null,
      overrideReason: override?.reason ?? null,
      final,
      band: band(final),
      missedCommitment: row.kind === null ? false : isMissedCommitment(row.kind, final),
    };
  });
}

/** An objective stream cut at an instant: its state then and the audit entries it had produced. */
function replayUpTo(
  events: RecordedEvent<ObjectiveEvent>[],
  asOf: string,
): { state: ObjectiveState | null; audit: AuditEntry[] } {
  const limit = Date.parse(asOf);
  let state: ObjectiveState | null = null;
  const audit: AuditEntry[] = [];
  for (const event of events) {
    // A prefix, like the domain's fold: stop at the first event recorded after the instant.
    if (Date.parse(event.metadata.recordedAt) > limit) break;
    const next = evolveObjective(state, event);
    audit.push(...auditEntriesFor(event, state, next));
    state = next;
  }
  return { state, audit };
}

/**
 * The grades as they stood when the cycle closed, from the recorded events of its objective streams:
 * every definition and check-in recorded by `closedAt`. Overrides are taken as they are at close and
 * are meant to be refreshed with `withCurrentOverrides` when read.
 */
export function gradesAtClose(cycle: CycleState, streams: RecordedEvent<ObjectiveEvent>[][]): GradesReport {
  if (cycle.closedAt === null) throw new Error(`cycle ${cycle.id} is not closed`);
  const currents: ObjectiveState[] = [];
  const originals: ObjectiveState[] = [];
  const audit: AuditEntry[] = [];
  for (const events of streams) {
    const atClose = replayUpTo(events, cycle.closedAt);
    if (atClose.state === null || atClose.state.cycleId !== cycle.id) continue;
    currents.push(atClose.state);
    audit.push(...atClose.audit);
    const original = cycle.activatedAt === null ? null : foldObjective(events, cycle.activatedAt);
    if (original !== null) originals.push(original);
  }
  return { ...gradesFor(cycle, currents, originals, audit), frozen: true };
}
