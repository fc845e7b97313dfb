// The check-in commands: recording a KR's measurement and correcting one, each checked for the KR's type,
// the instant it is true for, and the cycle being open.
import { startOfDayInstant } from './day-boundary.js';
import { accept, type Decision, type DomainError, domainError, reject } from './errors.js';
import type { ObjectiveEvent } from './events.js';
import type { KeyResultState, ObjectiveState } from './model.js';
import {
  type CommandOf,
  closedCycleError,
  findLiveKeyResult,
  isError,
  type ObjectiveDecisionContext,
  type Path,
} from './decide-objective-guards.js';

/** How far back a check-in may be dated: the cycle's first day, less this many days. */
export const EFFECTIVE_AT_DAYS_BEFORE_CYCLE = 31;
/** How far ahead of the server's clock a check-in may be dated (clients' clocks drift a little). */
export const EFFECTIVE_AT_MINUTES_AHEAD = 5;

function checkInIdTaken(state: ObjectiveState, checkInId: string): boolean {
  return state.keyResults.some((kr) => kr.checkIns.some((checkIn) => checkIn.id === checkInId));
}

interface MeasurementInput {
  value?: number | null | undefined;
  milestonesDone?: string[] | null | undefined;
  done?: boolean | null | undefined;
}

interface Measurement {
  value: number | null;
  milestonesDone: string[] | null;
  done: boolean | null;
}

/** Each type is measured one way; anything else in the check-in is a mistake worth telling the sender. */
function checkMeasurement(keyResult: KeyResultState, input: MeasurementInput): Measurement | DomainError {
  const type = keyResult.definition.type;
  const measurement: Measurement = {
    value: input.value ?? null,
    milestonesDone: input.milestonesDone ?? null,
    done: input.done ?? null,
  };
  const wrong = (path: Path, message: string) => domainError('wrong_measurement', message, path);
  const notFor = (field: keyof Measurement) =>
    wrong([field], `${field} does not apply to a ${type} key result`);

  switch (type) {
    case 'increase':
    case 'decrease':
    case 'stay_above':
    case 'stay_below':
      if (measurement.value === null) return wrong(['value'], `a ${type} key result is measured by a value`);
      if (!Number.isFinite(measurement.value)) return wrong(['value'], 'value must be a finite number');
      if (measurement.milestonesDone !== null) return notFor('milestonesDone');
      if (measurement.done !== null) return notFor('done');
      return measurement;
    case 'milestone': {
      if (measurement.milestonesDone === null) {
        return wrong(['milestonesDone'], 'a milestone key result is measured by the milestones done');
      }
      if (measurement.value !== null) return notFor('value');
      if (measurement.done !== null) return notFor('done');
      const known = new Set(keyResult.definition.milestones.map((milestone) => milestone.id));
      const seen = new Set<string>();
      for (const [index, milestoneId] of measurement.milestonesDone.entries()) {
        if (!known.has(milestoneId)) {
          return wrong(['milestonesDone', index], `${milestoneId} is not a milestone of this key result`);
        }
        if (seen.has(milestoneId)) return wrong(['milestonesDone', index], `${milestoneId} is listed twice`);
        seen.add(milestoneId);
      }
      return measurement;
    }
    case 'binary':
      if (measurement.done === null) {
        return wrong(['done'], 'a binary key result is measured by done (true or false)');
      }
      if (measurement.value !== null) return notFor('value');
      if (measurement.milestonesDone !== null) return notFor('milestonesDone');
      return measurement;
    default: {
      const unknownType: never = type;
      throw new Error(`unknown key result type ${String(unknownType)}`);
    }
  }
}

/**
 * A check-in is true for an instant no later than a few minutes from now (a value is not known before it
 * happens) and no earlier than a month before the cycle starts (a typo'd year must not rewrite history).
 */
function checkEffectiveAt(effectiveAt: string, ctx: ObjectiveDecisionContext): DomainError | null {
  const instant = Date.parse(effectiveAt);
  if (Number.isNaN(instant)) {
    return domainError('wrong_measurement', 'effectiveAt must be an ISO 8601 date-time', ['effectiveAt']);
  }
  const latest = Date.parse(ctx.now) + EFFECTIVE_AT_MINUTES_AHEAD * 60_000;
  if (instant > latest) {
    return domainError(
      'effective_at_out_of_range',
      `effectiveAt must be no later than ${EFFECTIVE_AT_MINUTES_AHEAD} minutes from now (${new Date(latest).toISOString()})`,
      ['effectiveAt'],
    );
  }
  const earliest =
    Date.parse(startOfDayInstant(ctx.cycle.startsOn, ctx.cycle.timeZone)) -
    EFFECTIVE_AT_DAYS_BEFORE_CYCLE * 86_400_000;
  if (instant < earliest) {
    return domainError(
      'effective_at_out_of_range',
      `effectiveAt must be no earlier than ${EFFECTIVE_AT_DAYS_BEFORE_CYCLE} days before the cycle starts (${new Date(earliest).toISOString()})`,
      ['effectiveAt'],
    );
  }
  return null;
}

/** A closed cycle takes no measurement at all, whatever its date: an admin reopens it first. */
function fallsInClosedCycle(ctx: ObjectiveDecisionContext): boolean {
  return ctx.cycle.status === 'closed';
}

export function recordCheckIn(
  command: CommandOf<'RecordCheckIn'>,
  state: ObjectiveState,
  ctx: ObjectiveDecisionContext,
): Decision<ObjectiveEvent> {
  const keyResult = findLiveKeyResult(state, command.keyResultId);
  if (isError(keyResult)) return reject(keyResult);
  if (checkInIdTaken(state, command.checkInId)) {
    return reject(
      'id_taken',
      `check-in ${command.checkInId} already exists: ids are created once per organization`,
      ['checkInId'],
    );
  }
  const effectiveAt = command.effectiveAt ?? ctx.now;
  const badInstant = checkEffectiveAt(effectiveAt, ctx);
  if (badInstant !== null) return reject(badInstant);
  if (fallsInClosedCycle(ctx)) return reject(closedCycleError(ctx, ['effectiveAt']));
  const measurement = checkMeasurement(keyResult, command);
  if (isError(measurement)) return reject(measurement);
  return accept({
    type: 'CheckInRecorded',
    data: {
      objectiveId: state.id,
      keyResultId: keyResult.id,
      checkInId: command.checkInId,
      ...measurement,
      confidence: command.confidence ?? null,
      note: command.note,
      effectiveAt,
      source: command.source ?? { kind: 'manual' },
    },
  });
}

export function correctCheckIn(
  command: CommandOf<'CorrectCheckIn'>,
  state: ObjectiveState,
  ctx: ObjectiveDecisionContext,
): Decision<ObjectiveEvent> {
  const keyResult = findLiveKeyResult(state, command.keyResultId);
  if (isError(keyResult)) return reject(keyResult);
  const original = keyResult.checkIns.find((checkIn) => checkIn.id === command.correctsCheckInId);
  if (original === undefined) {
    return reject(
      'unknown_check_in',
      `check-in ${command.correctsCheckInId} is not a check-in of key result ${keyResult.id}`,
      ['correctsCheckInId'],
    );
  }
  if (original.correctedBy !== null) {
    return reject(
      'already_corrected',
      `check-in ${original.id} was already corrected by ${original.correctedBy}; correct that one instead`,
      ['correctsCheckInId'],
    );
  }
  if (checkInIdTaken(state, command.checkInId)) {
    return reject(
      'id_taken',
      `check-in ${command.checkInId} already exists: ids are created once per organization`,
      ['checkInId'],
    );
  }
  const reason = command.reason.trim();
  if (reason === '') return reject('reason_required', 'a correction needs a reason', ['reason']);
  // A correction fixes what was measured for the original's day unless the sender says otherwise.
  const effectiveAt = command.effectiveAt ?? original.effectiveAt;
  const badInstant = checkEffectiveAt(effectiveAt, ctx);
  if (badInstant !== null) return reject(badInstant);
  // Replacing a check-in that counted in a closed cycle would move its frozen grades just the same.
  if (fallsInClosedCycle(ctx)) {
    return reject(closedCycleError(ctx, ['correctsCheckInId']));
  }
  if (fallsInClosedCycle(ctx)) return reject(closedCycleError(ctx, ['effectiveAt']));
  const measurement = checkMeasurement(keyResult, command);
  if (isError(measurement)) return reject(measurement);
  return accept({
    type: 'CheckInCorrected',
    data: {
      objectiveId: state.id,
      keyResultId: keyResult.id,
      checkInId: command.checkInId,
      correctsCheckInId: original.id,
      ...measurement,
      confidence: command.confidence ?? null,
      note: command.note,
      effectiveAt,
      source: command.source ?? { kind: 'manual' },
      reason,
    },
  });
}
