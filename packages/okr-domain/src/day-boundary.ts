// Where a calendar day begins and ends in an IANA time zone, computed with `Intl.DateTimeFormat` alone so
// the pure domain needs no date library. Cycles are dated in calendar days ("endsOn 2026-12-31") while
// check-ins carry instants, so every cutoff ("effectiveAt ≤ end of endsOn") goes through these functions.
// Instants are returned as UTC ISO strings (`toISOString`); compare instants with `Date.parse`, never as
// strings, because clients may send other offsets.
import { BoundedMap } from './bounded-map.js';

const HOUR_MS = 3_600_000;
/** Real offsets stay within ±14 h, so local midnight always lies within this distance of UTC midnight. */
const MAX_OFFSET_MS = 15 * HOUR_MS;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClockAt(epochMs: number, timeZone: string): WallClock {
  const clock: WallClock = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of formatterFor(timeZone).formatToParts(epochMs)) {
    if (part.type in clock) clock[part.type as keyof WallClock] = Number(part.value);
  }
  return clock;
}

/** The zone's offset from UTC at an instant, in ms (Berlin in summer: +2 h). Whole seconds only. */
function offsetAt(epochMs: number, timeZone: string): number {
  const wall = wallClockAt(epochMs, timeZone);
  const wallAsUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return wallAsUtc - (epochMs - (((epochMs % 1000) + 1000) % 1000));
}

function parseDate(date: string): { year: number; month: number; day: number } {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const year = Number(match?.[1]);
  const month = Number(match?.[2]);
  const day = Number(match?.[3]);
  const check = new Date(Date.UTC(year, month - 1, day));
  if (
    match === null ||
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day
  ) {
    throw new RangeError(`not a calendar date (YYYY-MM-DD): ${date}`);
  }
  return { year, month, day };
}

/** Whether `date` is a real calendar date written YYYY-MM-DD (2026-02-30 is not). */
export function isCalendarDate(date: string): boolean {
  try {
    parseDate(date);
    return true;
  } catch {
    return false;
  }
}

/** Whether the runtime knows the IANA zone (`Europe/Berlin` yes, `Mars/Olympus` no). */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The calendar date (YYYY-MM-DD) an instant falls on in a zone. */
export function localDateOf(instant: string | number, timeZone: string): string {
  const epochMs = typeof instant === 'number' ? instant : Date.parse(instant);
  const wall = wallClockAt(epochMs, timeZone);
  return `${String(wall.year).padStart(4, '0')}-${pad2(wall.month)}-${pad2(wall.day)}`;
}

/** The hour (0–23) of the wall clock in a zone at an instant. */
export function localHourOf(instant: string | number, timeZone: string): number {
  return wallClockAt(typeof instant === 'number' ? instant : Date.parse(instant), timeZone).hour;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** The day after `date`, as YYYY-MM-DD. */
export function nextDate(date: string): string {
  const { year, month, day } = parseDate(date);
  return new Date(Date.UTC(year, month - 1, day + 1)).toISOString().slice(0, 10);
}

/**
 * Where days begin, by date and zone: a cycle's few dates are asked for on every check-in and for every KR
 * of a board, and each answer costs several `formatToParts` calls. A zone's rules do not change while a
 * process runs. Bounded, oldest first out.
 */
const dayStarts = new BoundedMap<string, number>(2_000);

function startOfDayMs(date: string, timeZone: string): number {
  const key = `${date} ${timeZone}`;
  const known = dayStarts.get(key);
  if (known !== undefined) return known;
  const start = computeStartOfDayMs(date, timeZone);
  dayStarts.set(key, start);
  return start;
}

function computeStartOfDayMs(date: string, timeZone: string): number {
  const { year, month, day } = parseDate(date);
  const midnightAsUtc = Date.UTC(year, month - 1, day);
  // The offsets in force around local midnight; a DST switch near midnight gives two of them.
  const offsets = new Set([
    offsetAt(midnightAsUtc - MAX_OFFSET_MS, timeZone),
    offsetAt(midnightAsUtc, timeZone),
    offsetAt(midnightAsUtc + MAX_OFFSET_MS, timeZone),
  ]);
  const midnights = [...offsets]
    .map((offset) => midnightAsUtc - offset)
    .filter((candidate) => {
      const wall = wallClockAt(candidate, timeZone);
      return (
        wall.year === year &&
        wall.month === month &&
        wall.day === day &&
        wall.hour === 0 &&
        wall.minute === 0 &&
        wall.second === 0
      );
    });
  // When a fall-back repeats midnight, the day begins at the first of the two.
  if (midnights.length > 0) return Math.min(...midnights);
  // Midnight was skipped by a spring-forward (e.g. America/Santiago): the day begins at the switch, the
  // first instant whose local date is `date`.
  let before = midnightAsUtc - MAX_OFFSET_MS;
  let after = midnightAsUtc + MAX_OFFSET_MS;
  while (after - before > 1) {
    const middle = Math.floor((before + after) / 2);
    if (localDateOf(middle, timeZone) >= date) after = middle;
    else before = middle;
  }
  return after;
}

/** The first instant of `date` in `timeZone` (usually local midnight), as a UTC ISO string. */
export function startOfDayInstant(date: string, timeZone: string): string {
  return new Date(startOfDayMs(date, timeZone)).toISOString();
}

/**
 * The last instant of `date` in `timeZone`: one millisecond before the next day begins. "effectiveAt ≤
 * endOfDayInstant(endsOn)" is the rule for what counts in a cycle, so the bound is inclusive.
 */
export function endOfDayInstant(date: string, timeZone: string): string {
  return new Date(startOfDayMs(nextDate(date), timeZone) - 1).toISOString();
}

/** Whether instant `a` is at or before instant `b`; both may carry any ISO offset. */
export function isAtOrBefore(a: string, b: string): boolean {
  return Date.parse(a) <= Date.parse(b);
}
