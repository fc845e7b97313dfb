// Owns wall-clock arithmetic in a named time zone: splitting an instant into local fields, turning local
// fields back into an instant, and the two date pattern languages the fakes need — Java SimpleDateFormat
// (Utilities.formatDate) and Sheets number-format date tokens (getDisplayValues).

export interface ZonedFields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  /** 0 = Sunday. */
  weekday: number;
  offsetMinutes: number;
}

type Zone = { kind: 'fixed'; offsetMinutes: number; label: string } | { kind: 'named'; name: string };

const FIXED_ZONE = /^(?:GMT|UTC)(?:([+-])(\d{1,2})(?::?(\d{2}))?)?$/i;
const formatterCache = new Map<string, Intl.DateTimeFormat>();

function namedFormatter(name: string): Intl.DateTimeFormat | null {
  const cached = formatterCache.get(name);
  if (cached) return cached;
  try {
    const formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: name,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
    });
    formatterCache.set(name, formatter);
    return formatter;
  } catch {
    return null;
  }
}

/** Java's TimeZone.getTimeZone falls back to GMT for an unknown id, and so does Apps Script. */
function resolveZone(timeZone: string): Zone {
  const fixed = FIXED_ZONE.exec(timeZone.trim());
  if (fixed) {
    const sign = fixed[1] === '-' ? -1 : 1;
    const offsetMinutes = sign * (Number(fixed[2] ?? 0) * 60 + Number(fixed[3] ?? 0));
    return { kind: 'fixed', offsetMinutes, label: timeZone };
  }
  if (namedFormatter(timeZone)) return { kind: 'named', name: timeZone };
  return { kind: 'fixed', offsetMinutes: 0, label: 'GMT' };
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

export function zonedFields(instant: Date, timeZone: string): ZonedFields {
  const zone = resolveZone(timeZone);
  const millisecond = ((instant.getTime() % 1000) + 1000) % 1000;
  if (zone.kind === 'fixed') {
    const shifted = new Date(instant.getTime() + zone.offsetMinutes * 60_000);
    return {
      year: shifted.getUTCFullYear(),
      month: shifted.getUTCMonth() + 1,
      day: shifted.getUTCDate(),
      hour: shifted.getUTCHours(),
      minute: shifted.getUTCMinutes(),
      second: shifted.getUTCSeconds(),
      millisecond,
      weekday: shifted.getUTCDay(),
      offsetMinutes: zone.offsetMinutes,
    };
  }
  const formatter = namedFormatter(zone.name) as Intl.DateTimeFormat;
  const parts: Record<string, string> = {};
  for (const part of formatter.formatToParts(instant)) parts[part.type] = part.value;
  const fields = {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
  const asUtc = Date.UTC(
    fields.year,
    fields.month - 1,
    fields.day,
    fields.hour,
    fields.minute,
    fields.second,
  );
  const offsetMinutes = Math.round((asUtc - (instant.getTime() - millisecond)) / 60_000);
  return { ...fields, millisecond, weekday: WEEKDAYS.indexOf(parts.weekday ?? 'Sun'), offsetMinutes };
}

/** The instant at which the wall clock in `timeZone` shows the given fields (month 1–12). */
export function instantFromZoned(
  local: { year: number; month: number; day: number; hour?: number; minute?: number; second?: number },
  timeZone: string,
): Date {
  const wallAsUtc = Date.UTC(
    local.year,
    local.month - 1,
    local.day,
    local.hour ?? 0,
    local.minute ?? 0,
    local.second ?? 0,
  );
  let guess = wallAsUtc;
  for (let attempt = 0; attempt < 3; attempt++) {
    const offset = zonedFields(new Date(guess), timeZone).offsetMinutes;
    const next = wallAsUtc - offset * 60_000;
    if (next === guess) break;
    guess = next;
  }
  return new Date(guess);
}

function pad(value: number, width: number): string {
  return String(Math.abs(value)).padStart(width, '0');
}

function formatOffset(offsetMinutes: number, style: 'X' | 'XX' | 'XXX' | 'Z'): string {
  if (offsetMinutes === 0 && style !== 'Z') return 'Z';
  const sign = offsetMinutes < 0 ? '-' : '+';
  const hours = pad(Math.floor(Math.abs(offsetMinutes) / 60), 2);
  const minutes = pad(Math.abs(offsetMinutes) % 60, 2);
  if (style === 'X') return `${sign}${hours}`;
  if (style === 'XXX') return `${sign}${hours}:${minutes}`;
  return `${sign}${hours}${minutes}`;
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function zoneName(instant: Date, timeZone: string, offsetMinutes: number): string {
  const zone = resolveZone(timeZone);
  if (zone.kind === 'named') {
    const name = new Intl.DateTimeFormat('en-US', { timeZone: zone.name, timeZoneName: 'short' })
      .formatToParts(instant)
      .find((part) => part.type === 'timeZoneName')?.value;
    if (name) return name === 'UTC' ? 'UTC' : name;
  }
  return offsetMinutes === 0 ? 'GMT' : `GMT${formatOffset(offsetMinutes, 'XXX')}`;
}

/** Java SimpleDateFormat, the letters Apps Script users reach for. Unknown letters throw like Java does. */
export function formatJavaDate(instant: Date, timeZone: string, pattern: string): string {
  const fields = zonedFields(instant, timeZone);
  let output = '';
  let index = 0;
  while (index < pattern.length) {
    const char = pattern.charAt(index);
    if (char === "'") {
      const close = pattern.indexOf("'", index + 1);
      if (close === index + 1) {
        output += "'";
        index += 2;
        continue;
      }
      const end = close < 0 ? pattern.length : close;
      output += pattern.slice(index + 1, end);
      index = end + 1;
      continue;
    }
    if (!/[A-Za-z]/.test(char)) {
      output += char;
      index += 1;
      continue;
    }
    let count = 1;
    while (pattern.charAt(index + count) === char) count += 1;
    index += count;
    output += formatJavaField(char, count, fields, instant, timeZone);
  }
  return output;
}

function formatJavaField(
  char: string,
  count: number,
  fields: ZonedFields,
  instant: Date,
  timeZone: string,
): string {
  switch (char) {
    case 'y':
    case 'Y':
      return count === 2 ? pad(fields.year % 100, 2) : pad(fields.year, count);
    case 'M':
      if (count >= 4) return MONTHS[fields.month - 1] ?? '';
      if (count === 3) return (MONTHS[fields.month - 1] ?? '').slice(0, 3);
      return pad(fields.month, count);
    case 'd':
      return pad(fields.day, count);
    case 'H':
      return pad(fields.hour, count);
    case 'k':
      return pad(fields.hour === 0 ? 24 : fields.hour, count);
    case 'h':
      return pad(fields.hour % 12 === 0 ? 12 : fields.hour % 12, count);
    case 'K':
      return pad(fields.hour % 12, count);
    case 'm':
      return pad(fields.minute, count);
    case 's':
      return pad(fields.second, count);
    case 'S':
      return pad(fields.millisecond, Math.max(count, 3)).slice(0, Math.max(count, 3));
    case 'a':
      return fields.hour < 12 ? 'AM' : 'PM';
    case 'E': {
      const name = WEEKDAY_NAMES[fields.weekday] ?? '';
      return count >= 4 ? name : name.slice(0, 3);
    }
    case 'u':
      return String(fields.weekday === 0 ? 7 : fields.weekday);
    case 'D': {
      const startOfYear = Date.UTC(fields.year, 0, 1);
      const today = Date.UTC(fields.year, fields.month - 1, fields.day);
      return pad((today - startOfYear) / 86_400_000 + 1, count);
    }
    case 'G':
      return 'AD';
    case 'X':
      return formatOffset(fields.offsetMinutes, count === 1 ? 'X' : count === 2 ? 'XX' : 'XXX');
    case 'Z':
      return formatOffset(fields.offsetMinutes, 'Z');
    case 'z':
      return zoneName(instant, timeZone, fields.offsetMinutes);
    default:
      throw new Error(`Illegal pattern character '${char}'`);
  }
}

/**
 * Sheets number-format date tokens (yyyy, mm, dd, hh, ss, am/pm, mmm, ddd...). "m"/"mm" is a minute when
 * it follows an hour or precedes seconds, otherwise a month — the same rule Sheets applies.
 */
export function formatSheetsDate(instant: Date, timeZone: string, pattern: string): string {
  const fields = zonedFields(instant, timeZone);
  const tokens = pattern.match(/"[^"]*"|\\.|am\/pm|a\/p|y+|m+|d+|h+|s+|[^"\\ymdhsa]+|./gi) ?? [];
  const twelveHour = tokens.some((token) => /^(am\/pm|a\/p)$/i.test(token));
  return tokens
    .map((token, position) => renderSheetsToken(token, position, tokens, fields, twelveHour))
    .join('');
}

function renderSheetsToken(
  token: string,
  position: number,
  tokens: string[],
  fields: ZonedFields,
  twelveHour: boolean,
): string {
  const lower = token.toLowerCase();
  if (token.startsWith('"')) return token.slice(1, -1);
  if (token.startsWith('\\')) return token.slice(1);
  if (lower === 'am/pm') return fields.hour < 12 ? 'AM' : 'PM';
  if (lower === 'a/p') return fields.hour < 12 ? 'A' : 'P';
  switch (lower[0]) {
    case 'y':
      return lower.length <= 2 ? pad(fields.year % 100, 2) : String(fields.year);
    case 'd':
      if (lower.length >= 4) return WEEKDAY_NAMES[fields.weekday] ?? '';
      if (lower.length === 3) return (WEEKDAY_NAMES[fields.weekday] ?? '').slice(0, 3);
      return pad(fields.day, lower.length);
    case 'h': {
      const hour = twelveHour ? (fields.hour % 12 === 0 ? 12 : fields.hour % 12) : fields.hour;
      return pad(hour, lower.length);
    }
    case 's':
      return pad(fields.second, lower.length);
    case 'm':
      if (isMinuteToken(tokens, position)) return pad(fields.minute, lower.length);
      if (lower.length >= 4) return MONTHS[fields.month - 1] ?? '';
      if (lower.length === 3) return (MONTHS[fields.month - 1] ?? '').slice(0, 3);
      return pad(fields.month, lower.length);
    default:
      return token;
  }
}

function isMinuteToken(tokens: string[], position: number): boolean {
  const significant = (from: number, step: number): string | undefined => {
    for (let index = from; index >= 0 && index < tokens.length; index += step) {
      const token = (tokens[index] ?? '').toLowerCase();
      if (/^[ymdhs]/.test(token)) return token;
    }
    return undefined;
  };
  const before = significant(position - 1, -1);
  const after = significant(position + 1, 1);
  return before?.startsWith('h') === true || after?.startsWith('s') === true;
}
