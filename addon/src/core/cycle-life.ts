// Owns the words and rules of a cycle's life as the add-on offers it to admins: the New cycle dialog's
// defaults (the quarter after the last cycle, its time zone), checking what was typed there before it is
// sent, and the confirmations that say what each step changes for everyone.
import type { CycleView } from '@okr-ledger/api-contract';
import { type Parsed, readText } from './cells.js';

export interface NewCycleForm {
  cycleId: string;
  title: string;
  startsOn: string;
  endsOn: string;
  timeZone: string;
}

export interface NewCycleDefaults extends NewCycleForm {
  /** The cycles that exist, for the dialog to say what it follows. */
  existing: string[];
}

const DAY_MS = 86_400_000;

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The last day of the month `months` after the month of `date` (0: that month). */
function endOfMonth(date: string, months: number): string {
  const [year, month] = date.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, month - 1 + months + 1, 0)).toISOString().slice(0, 10);
}

function monthsSpanned(startsOn: string, endsOn: string): number | null {
  const [y1, m1, d1] = startsOn.split('-').map(Number) as [number, number, number];
  const [y2, m2] = endsOn.split('-').map(Number) as [number, number];
  if (d1 !== 1 || endOfMonth(endsOn, 0) !== endsOn) return null;
  return (y2 - y1) * 12 + (m2 - m1) + 1;
}

/** "2026-Q4" → "2027-Q1"; other ids get "-next". */
function nextCycleId(id: string): string {
  const quarter = /^(\d{4})-Q([1-4])$/.exec(id);
  if (quarter === null) return `${id}-next`;
  const year = Number(quarter[1]);
  const q = Number(quarter[2]);
  return q === 4 ? `${year + 1}-Q1` : `${year}-Q${q + 1}`;
}

/** The calendar quarter `today` falls in. */
function quarterOf(today: string): NewCycleForm {
  const [year, month] = today.split('-').map(Number) as [number, number];
  const q = Math.floor((month - 1) / 3) + 1;
  const startsOn = `${year}-${String((q - 1) * 3 + 1).padStart(2, '0')}-01`;
  const cycleId = `${year}-Q${q}`;
  return { cycleId, title: cycleId, startsOn, endsOn: endOfMonth(startsOn, 2), timeZone: 'UTC' };
}

/**
 * What the New cycle dialog proposes: the cycle right after the one that ends last, as long as it was
 * (whole months stay whole months), in its time zone; with no cycle yet, the current calendar quarter.
 */
export function newCycleDefaults(cycles: CycleView[], today: string): NewCycleDefaults {
  const existing = cycles.map((cycle) => cycle.id);
  const last = [...cycles].sort((a, b) => a.endsOn.localeCompare(b.endsOn)).pop();
  if (last === undefined) return { ...quarterOf(today), existing };
  const startsOn = addDays(last.endsOn, 1);
  const months = monthsSpanned(last.startsOn, last.endsOn);
  const lengthDays = Math.round((Date.parse(last.endsOn) - Date.parse(last.startsOn)) / DAY_MS);
  const endsOn = months === null ? addDays(startsOn, lengthDays) : endOfMonth(startsOn, months - 1);
  let cycleId = nextCycleId(last.id);
  while (existing.includes(cycleId)) cycleId = nextCycleId(cycleId);
  return { cycleId, title: cycleId, startsOn, endsOn, timeZone: last.timeZone, existing };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The dialog's answer, checked for what can be told before asking the server (which checks it all again). */
export function parseNewCycleForm(form: unknown): Parsed<NewCycleForm> {
  const source = (typeof form === 'object' && form !== null ? form : {}) as Record<string, unknown>;
  const text = (key: string) => readText(source[key] as string | undefined);
  const value: NewCycleForm = {
    cycleId: text('cycleId'),
    title: text('title'),
    startsOn: text('startsOn'),
    endsOn: text('endsOn'),
    timeZone: text('timeZone'),
  };
  const problems: string[] = [];
  if (value.cycleId === '') problems.push('Cycle id is required, e.g. 2027-Q1.');
  if (!DATE.test(value.startsOn)) problems.push('Starts on must be a date like 2027-01-01.');
  if (!DATE.test(value.endsOn)) problems.push('Ends on must be a date like 2027-03-31.');
  if (DATE.test(value.startsOn) && DATE.test(value.endsOn) && value.endsOn < value.startsOn)
    problems.push('Ends on must not be before Starts on.');
  if (value.timeZone === '') problems.push('Time zone is required, e.g. Europe/Berlin.');
  return problems.length === 0 ? { ok: true, value } : { ok: false, message: problems.join('\n') };
}

export function createdMessage(cycle: CycleView): string {
  return `${cycle.id} (${cycle.startsOn} → ${cycle.endsOn}, ${cycle.timeZone}) is in planning. Pull it to plan its objectives; choose Activate cycle when the quarter starts.`;
}

export function activateConfirmation(cycleId: string): { title: string; message: string } {
  return {
    title: `Activate ${cycleId}?`,
    message: [
      `${cycleId} becomes active for everyone.`,
      'From now on, definition changes (titles, targets, weights, progress modes, KRs added or removed) need a reason, and each one is listed as a mid-cycle change.',
      'The definitions in force now are the ones the “original definition” grades are computed against.',
      'Activate now?',
    ].join('\n\n'),
  };
}

export function reopenPrompt(cycleId: string): { title: string; message: string } {
  return {
    title: `Reopen ${cycleId}?`,
    message: [
      `${cycleId} becomes active again: its grades are no longer frozen, late check-ins and corrections are accepted, and definition changes still need a reason.`,
      'The reopening and its reason are kept in the audit. Close it again when done.',
      'Why reopen it? (required)',
    ].join('\n'),
  };
}
