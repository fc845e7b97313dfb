// Owns the check-in form of the sidebar: what a person may submit (a value, milestones or a done flag by
// KR type; confidence; a note up to 2,000 characters; an effective date not after today) and the request
// it becomes. The page validates with it as the person types; the server side checks again on submit.
import type { CheckInRequest } from '@okr-ledger/api-contract';
import type { Confidence, KeyResultType } from '@okr-ledger/okr-domain';
import { KEY_RESULT_TYPES } from '@okr-ledger/okr-domain/vocabulary';
import { normalizeWord, readNumber } from './cells.js';
import { CONFIDENCE_CHOICES } from './labels.js';
import { NOTE_MAX } from './limits.js';

/** What the sidebar shows about the KR being checked in. */
export interface CheckInContext {
  cycleId: string;
  objectiveId: string;
  objectiveTitle: string;
  keyResultId: string;
  title: string;
  type: KeyResultType;
  unit: string;
  start: number | null;
  target: number | null;
  threshold: number | null;
  current: number | null;
  done: boolean | null;
  milestones: { id: string; title: string; done: boolean }[];
  confidence: Confidence | null;
  lastCheckInAt: string | null;
  lastNote: string;
}

/** The form as the page sends it: raw strings, validated again on the server. */
export interface CheckInForm {
  keyResultId: string;
  type: KeyResultType;
  value: string;
  done: boolean;
  milestonesDone: string[];
  confidence: string;
  note: string;
  effectiveDate: string;
  /** The browser's local date: "today" for the person filling the form. */
  today: string;
  /** Minutes east of UTC in the browser, so a past date means noon of that day where the person is. */
  utcOffsetMinutes: number;
  /** Minted per submission; only an unchanged retry reuses it (see keyForSubmission). */
  idempotencyKey: string;
}

export type FormField = 'value' | 'done' | 'milestones' | 'confidence' | 'note' | 'effectiveDate' | 'form';

export interface FormError {
  field: FormField;
  message: string;
}

export interface ValidCheckIn {
  keyResultId: string;
  idempotencyKey: string;
  request: CheckInRequest;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const KEY = /^[A-Za-z0-9_-]{8,36}$/;
const KR_ID = /^kr_[A-Za-z0-9_-]{8,40}$/;
const TYPES: readonly KeyResultType[] = KEY_RESULT_TYPES;

export function isCalendarDate(text: string): boolean {
  const match = DATE.exec(text);
  if (match === null) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** "+01:00" for 60 minutes east of UTC. */
export function offsetText(minutes: number): string {
  const bounded = Math.max(-14 * 60, Math.min(14 * 60, Math.round(minutes)));
  const sign = bounded < 0 ? '-' : '+';
  const absolute = Math.abs(bounded);
  const hours = String(Math.floor(absolute / 60)).padStart(2, '0');
  const rest = String(absolute % 60).padStart(2, '0');
  return `${sign}${hours}:${rest}`;
}

function field<T>(
  record: Record<string, unknown>,
  key: string,
  check: (value: unknown) => value is T,
  fallback: T,
): T {
  const value = record[key];
  return check(value) ? value : fallback;
}
const isString = (value: unknown): value is string => typeof value === 'string';
const isBoolean = (value: unknown): value is boolean => typeof value === 'boolean';
const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const isStringArray = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'string');

/** A form of unknown shape (it crossed google.script.run) as a CheckInForm, with safe defaults. */
export function coerceForm(input: unknown): CheckInForm {
  const record = typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
  const type = field(record, 'type', isString, '');
  return {
    keyResultId: field(record, 'keyResultId', isString, ''),
    type: (TYPES as readonly string[]).includes(type) ? (type as KeyResultType) : 'increase',
    value: field(record, 'value', isString, ''),
    done: field(record, 'done', isBoolean, false),
    milestonesDone: field(record, 'milestonesDone', isStringArray, []),
    confidence: field(record, 'confidence', isString, ''),
    note: field(record, 'note', isString, ''),
    effectiveDate: field(record, 'effectiveDate', isString, ''),
    today: field(record, 'today', isString, ''),
    utcOffsetMinutes: field(record, 'utcOffsetMinutes', isNumber, 0),
    idempotencyKey: field(record, 'idempotencyKey', isString, ''),
  };
}

/**
 * Validates a check-in form. `latestDate` is the latest date anyone can be living (the page passes its own
 * today; the server passes today in UTC+14 so a person ahead of UTC is not refused).
 */
export function validateCheckInForm(
  form: CheckInForm,
  latestDate: string,
  milestoneIds: readonly string[] | null = null,
): { ok: true; value: ValidCheckIn } | { ok: false; errors: FormError[] } {
  const errors: FormError[] = [];
  const request: CheckInRequest = {};

  if (!KR_ID.test(form.keyResultId) || !KEY.test(form.idempotencyKey)) {
    errors.push({
      field: 'form',
      message: 'This form is out of date: close the sidebar and open Check in again',
    });
  }

  if (form.type === 'binary') {
    request.done = form.done;
  } else if (form.type === 'milestone') {
    const unknown =
      milestoneIds === null ? [] : form.milestonesDone.filter((id) => !milestoneIds.includes(id));
    if (unknown.length > 0)
      errors.push({ field: 'milestones', message: 'Some milestones are unknown: reload the sidebar' });
    request.milestonesDone = [...new Set(form.milestonesDone)];
  } else if (form.value.trim() === '') {
    errors.push({ field: 'value', message: 'Enter a value' });
  } else {
    const parsed = readNumber(form.value, 'Value');
    if (!parsed.ok) errors.push({ field: 'value', message: parsed.message });
    else request.value = parsed.value;
  }

  if (form.confidence === '') {
    request.confidence = null;
  } else {
    const confidence = CONFIDENCE_CHOICES.get(normalizeWord(form.confidence));
    if (confidence === undefined) {
      errors.push({ field: 'confidence', message: 'Confidence must be on track, at risk or off track' });
    } else {
      request.confidence = confidence;
    }
  }

  if (form.note.length > NOTE_MAX) {
    errors.push({
      field: 'note',
      message: `Note must be at most ${NOTE_MAX} characters (it has ${form.note.length})`,
    });
  }
  request.note = form.note;

  const today = isCalendarDate(form.today) && form.today <= latestDate ? form.today : latestDate;
  if (form.effectiveDate === '') {
    errors.push({ field: 'effectiveDate', message: 'Enter the date the value is true for' });
  } else if (!isCalendarDate(form.effectiveDate)) {
    errors.push({ field: 'effectiveDate', message: `Effective date must be a date like ${today}` });
  } else if (form.effectiveDate > today) {
    errors.push({ field: 'effectiveDate', message: `Effective date cannot be after today (${today})` });
  } else if (form.effectiveDate !== today) {
    request.effectiveAt = `${form.effectiveDate}T12:00:00${offsetText(form.utcOffsetMinutes)}`;
  }

  if (errors.length > 0) return { ok: false, errors };
  // No check-in id: the server derives it from the command id, so a retry names the same check-in and the
  // write claims no id of its own.
  request.commandId = form.idempotencyKey;
  return { ok: true, value: { keyResultId: form.keyResultId, idempotencyKey: form.idempotencyKey, request } };
}

/** The key a submission was sent with, and what was sent: an unchanged retry reuses the key. */
export interface SentKey {
  fingerprint: string;
  key: string;
}

/** What of a form reaches the server; the key and the browser's clock are not part of it. */
export function submissionFingerprint(form: CheckInForm): string {
  return JSON.stringify([
    form.keyResultId,
    form.value.trim(),
    form.done,
    [...form.milestonesDone].sort(),
    form.confidence,
    form.note,
    form.effectiveDate,
  ]);
}

/**
 * The idempotency key for a submission. A retry of exactly what was sent last (its answer lost or
 * refused) reuses that key, so the server records it once; anything changed — the value, confidence, note,
 * date, milestones or the KR — gets a new key, or the server would replay the first answer and the
 * corrected value would be lost.
 */
export function keyForSubmission(form: CheckInForm, last: SentKey | null, mint: () => string): SentKey {
  const fingerprint = submissionFingerprint(form);
  if (last !== null && last.fingerprint === fingerprint) return last;
  return { fingerprint, key: mint() };
}
