// Owns "Correct this check-in…": finding the check-in a person selected on the KR history sheet, the form
// the dialog shows for it, and the CorrectCheckIn command its answer becomes. A correction is a new event
// that names the original and keeps it, with a reason; its ids are fingerprints of what was typed, so
// sending the same correction twice records it once.
import type { HistoryEntry, KeyResultHistory } from '@okr-ledger/api-contract';
import type { ObjectiveCommand } from '@okr-ledger/okr-domain';
import { type Cell, type Parsed, readBoolean, readNumber, readText } from './cells.js';
import { fingerprint } from './ids.js';
import { REASON_MAX } from './limits.js';
import { HISTORY_HEADERS } from './reports/history.js';

type CorrectCommand = Extract<ObjectiveCommand, { type: 'CorrectCheckIn' }>;

export interface SelectedCheckIn {
  keyResultId: string;
  checkInId: string;
}

/** What the Correction dialog shows: the original, and the fields a correction may change. */
export interface CorrectionContext extends SelectedCheckIn {
  title: string;
  type: string;
  unit: string;
  value: number | null;
  done: boolean | null;
  note: string;
  effectiveAt: string | null;
  recordedBy: string;
}

const TABLE_ROW = 3;

/** The KR and check-in of the active row of the KR history sheet; a message when it is not one. */
export function selectedCheckIn(values: Cell[][], activeRow: number): Parsed<SelectedCheckIn> {
  const keyResultId = /\((kr_[A-Za-z0-9_-]{8,40})\)/.exec(readText(values[0]?.[0]))?.[1];
  const cells = values[activeRow - 1];
  const checkInId = readText(cells?.[HISTORY_HEADERS.indexOf('Check-in')]);
  if (keyResultId === undefined || activeRow < TABLE_ROW || cells === undefined || checkInId === '') {
    return {
      ok: false,
      message:
        'Select a check-in row of the “KR history” sheet (choose KR history on a key result first), then choose Correct this check-in again.',
    };
  }
  const correctedBy = readText(cells[HISTORY_HEADERS.indexOf('Corrected by')]);
  if (correctedBy !== '') {
    return {
      ok: false,
      message: `This check-in was already corrected by ${correctedBy}: select that correction’s row to correct it again.`,
    };
  }
  return { ok: true, value: { keyResultId, checkInId } };
}

export function correctionContext(
  history: KeyResultHistory,
  selected: SelectedCheckIn,
): Parsed<CorrectionContext> {
  const entry: HistoryEntry | undefined = history.entries.find(
    (candidate) => candidate.checkInId === selected.checkInId,
  );
  if (entry === undefined)
    return {
      ok: false,
      message: `Check-in ${selected.checkInId} is not in this KR’s history: open KR history again.`,
    };
  if (entry.correctedBy !== null)
    return {
      ok: false,
      message: `Check-in ${entry.checkInId} was already corrected by ${entry.correctedBy}.`,
    };
  return {
    ok: true,
    value: {
      ...selected,
      title: history.title,
      type: history.type,
      unit: history.unit,
      value: entry.value,
      done: entry.done,
      note: entry.note,
      effectiveAt: entry.effectiveAt,
      recordedBy: entry.recordedBy.email,
    },
  };
}

/** The dialog's answer → the command; the value is checked for the KR's type, the reason is required. */
export function correctionCommand(
  context: CorrectionContext,
  objectiveId: string,
  form: unknown,
): Parsed<CorrectCommand> {
  const source = (typeof form === 'object' && form !== null ? form : {}) as Record<string, unknown>;
  const reason = readText(source.reason as Cell | undefined);
  const note = readText(source.note as Cell | undefined);
  const problems: string[] = [];
  if (reason === '') problems.push('A correction needs a reason.');
  if (reason.length > REASON_MAX) problems.push(`The reason must be at most ${REASON_MAX} characters.`);
  const measurement: { value?: number; done?: boolean } = {};
  if (context.type === 'binary') {
    const done = readBoolean(source.done as Cell | undefined, 'Done');
    if (!done.ok) problems.push(done.message);
    else measurement.done = done.value ?? false;
  } else if (context.type !== 'milestone') {
    const value = readNumber(source.value as Cell | undefined, 'Value');
    if (!value.ok) problems.push(value.message);
    else if (value.value === null) problems.push('Type the corrected value.');
    else measurement.value = value.value;
  } else {
    problems.push(
      'Milestone check-ins are corrected from the check-in sidebar by checking the milestones in again.',
    );
  }
  if (problems.length > 0) return { ok: false, message: problems.join('\n') };
  const seed = `correction|${context.checkInId}|${JSON.stringify(measurement)}|${note}|${reason}`;
  return {
    ok: true,
    value: {
      type: 'CorrectCheckIn',
      commandId: `cmd_${fingerprint(seed)}`,
      objectiveId,
      keyResultId: context.keyResultId,
      checkInId: `chk_${fingerprint(`${seed}|id`)}`,
      correctsCheckInId: context.checkInId,
      ...measurement,
      note,
      reason,
    },
  };
}
