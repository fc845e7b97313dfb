// What an objective's stored snapshot (the stream's tip) keeps. `decide` reads no check-in except the one
// a correction replaces, and the board reads only each KR's latest check-ins and how many there are; yet
// a busy objective gathers thousands of check-ins with notes of up to 2,000 characters. Kept whole, the
// snapshot would outgrow DynamoDB's 400 KB item and cost write units per kilobyte on every command, so it
// keeps a window of each KR's latest check-ins (the note of the latest only) and a count of the rest. The events keep everything
// (history, audit, grades and as-of fold them), and a correction is decided on the full fold.
import type { KeyResultState, ObjectiveState } from './model.js';
import { carriesMeasurement, effectiveCheckIns } from './progress.js';

/** How many of a KR's latest effective check-ins a snapshot keeps (the board's "last check-in", with slack). */
export const CHECK_INS_KEPT_PER_KEY_RESULT = 3;
/** How many of its latest measured check-ins (the board's "current value", with slack). */
export const MEASURED_CHECK_INS_KEPT_PER_KEY_RESULT = 2;
/** Only the latest effective check-in keeps its note: the board's "last note". */
const NOTES_KEPT_PER_KEY_RESULT = 1;

function compactKeyResult(kr: KeyResultState): KeyResultState {
  const effective = effectiveCheckIns(kr);
  const keep = new Set(
    [
      ...effective.slice(-CHECK_INS_KEPT_PER_KEY_RESULT),
      ...effective
        .filter((checkIn) => carriesMeasurement(kr.definition.type, checkIn))
        .slice(-MEASURED_CHECK_INS_KEPT_PER_KEY_RESULT),
    ].map((checkIn) => checkIn.id),
  );
  const withNote = new Set(effective.slice(-NOTES_KEPT_PER_KEY_RESULT).map((checkIn) => checkIn.id));
  const noteless = kr.checkIns.some((checkIn) => checkIn.note !== '' && !withNote.has(checkIn.id));
  if (kr.checkIns.length === keep.size && !noteless) return kr;
  return {
    ...kr,
    // Recording order is kept: it breaks ties between check-ins effective at the same instant.
    checkIns: kr.checkIns
      .filter((checkIn) => keep.has(checkIn.id))
      .map((checkIn) => (withNote.has(checkIn.id) ? checkIn : { ...checkIn, note: '' })),
    omittedCheckIns: (kr.omittedCheckIns ?? 0) + effective.length - keep.size,
  };
}

/** The snapshot form of an objective: every KR's latest check-ins and the count of the others. */
export function compactObjective(state: ObjectiveState): ObjectiveState {
  return { ...state, keyResults: state.keyResults.map(compactKeyResult) };
}
