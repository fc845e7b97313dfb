// The weekly digest's settings and schedule: when an organization's digest is due (its weekday and local
// hour, in a zone), which week a send belongs to (the idempotency key), and the rules a setting must keep
// (an IANA zone, an hour 0–23, an https webhook on an allowed host). Pure: `now` is passed in. The rules
// and their worked vectors, daylight-saving switches included, are in docs/digests.md.
import { isValidTimeZone, localDateOf, localHourOf } from './day-boundary.js';
import { type DomainError, domainError } from './errors.js';
import type { DigestSettings, OrganizationState, Weekday } from './model.js';
import { DIGEST_WEBHOOK_HOSTS, LIMITS, WEEKDAYS } from './vocabulary.js';

/** Monday 09:00 in the cycle's zone, by email, no webhook: what an organization has until it says otherwise. */
export const DEFAULT_DIGEST_SETTINGS: DigestSettings = {
  weekday: 'monday',
  hour: 9,
  timeZone: null,
  email: true,
  webhookUrl: null,
  spreadsheetId: null,
};

/** The digest settings of an organization; those created before digests existed have the defaults. */
export function digestSettingsOf(organization: OrganizationState): DigestSettings {
  return { ...DEFAULT_DIGEST_SETTINGS, ...organization.digest };
}

/** Whether a member opted out of the digest email (emails compared lower-cased). */
export function hasOptedOut(organization: OrganizationState, email: string): boolean {
  return (organization.digestOptOuts ?? []).includes(email.trim().toLowerCase());
}

const SPREADSHEET_ID = /^[A-Za-z0-9_-]+$/;

/**
 * Why a webhook URL may not be used, or null when it may: https only, no credentials, the default port,
 * and a host on the allowlist exactly (`hooks.slack.com.evil.example` is not `hooks.slack.com`).
 */
export function webhookUrlProblem(url: string): string | null {
  if (url.length > LIMITS.webhookUrlMax) return `must be at most ${LIMITS.webhookUrlMax} characters`;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'must be an absolute URL';
  }
  if (parsed.protocol !== 'https:') return 'must be an https URL';
  if (parsed.username !== '' || parsed.password !== '') return 'must not carry credentials';
  if (parsed.port !== '') return 'must use the default https port';
  const host = parsed.hostname.toLowerCase();
  if (!(DIGEST_WEBHOOK_HOSTS as readonly string[]).includes(host)) {
    return `must be on an allowed host (${DIGEST_WEBHOOK_HOSTS.join(', ')}), not ${host}`;
  }
  return null;
}

/** A change to some of the digest settings; fields left out keep their values. */
export type DigestSettingsPatch = Partial<DigestSettings>;

/** Every broken rule of a patch, each naming its field under `digest` (as the settings body does). */
export function digestSettingsProblems(patch: DigestSettingsPatch): DomainError[] {
  const problems: DomainError[] = [];
  const problem = (field: keyof DigestSettings, message: string) =>
    problems.push(domainError('invalid_settings', message, ['digest', field]));
  if (patch.weekday !== undefined && !(WEEKDAYS as readonly string[]).includes(patch.weekday)) {
    problem('weekday', `must be one of ${WEEKDAYS.join(', ')}`);
  }
  if (patch.hour !== undefined && !(Number.isInteger(patch.hour) && patch.hour >= 0 && patch.hour <= 23)) {
    problem('hour', 'must be a whole hour from 0 to 23');
  }
  if (patch.timeZone !== undefined && patch.timeZone !== null && !isValidTimeZone(patch.timeZone)) {
    problem('timeZone', `${patch.timeZone} is not an IANA time zone`);
  }
  if (patch.webhookUrl !== undefined && patch.webhookUrl !== null) {
    const why = webhookUrlProblem(patch.webhookUrl);
    if (why !== null) problem('webhookUrl', why);
  }
  const sheet = patch.spreadsheetId;
  if (sheet !== undefined && sheet !== null) {
    if (sheet.length === 0 || sheet.length > LIMITS.spreadsheetIdMax || !SPREADSHEET_ID.test(sheet)) {
      problem(
        'spreadsheetId',
        `must be a spreadsheet id (letters, digits, - and _, at most ${LIMITS.spreadsheetIdMax})`,
      );
    }
  }
  return problems;
}

const DAY_MS = 86_400_000;

/** The weekday of a calendar date (YYYY-MM-DD). */
export function weekdayOf(date: string): Weekday {
  const sundayFirst = new Date(`${date}T00:00:00Z`).getUTCDay();
  return WEEKDAYS[(sundayFirst + 6) % 7] as Weekday;
}

/** The ISO 8601 week (`2026-W50`) a calendar date belongs to: weeks start on Monday, week 1 holds a Thursday. */
export function isoWeekOf(date: string): string {
  const day = Date.parse(`${date}T00:00:00Z`);
  const mondayFirst = (new Date(day).getUTCDay() + 6) % 7;
  const thursday = new Date(day + (3 - mondayFirst) * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * DAY_MS)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** Where the digest's clock is read: the setting, else the active cycle's zone, else the organization's. */
export function digestTimeZone(
  settings: DigestSettings,
  activeCycleZone: string | null,
  organizationZone: string,
): string {
  return settings.timeZone ?? activeCycleZone ?? organizationZone;
}

export interface DigestSlot {
  /** The local calendar date at `now`. */
  date: string;
  weekday: Weekday;
  hour: number;
  /** The ISO week of the local date: at most one digest per organization per week. */
  week: string;
  /**
   * On the digest's weekday, at or after its hour. "At or after" rather than "at": an hour the clocks skip
   * (02:00 on a spring-forward night) still gets its digest at the next run, a run lost to an outage is
   * made up within the day, and the week's record keeps a repeated hour (fall back) from sending twice.
   */
  due: boolean;
}

export function digestSlotAt(settings: DigestSettings, timeZone: string, now: string): DigestSlot {
  const date = localDateOf(now, timeZone);
  const weekday = weekdayOf(date);
  const hour = localHourOf(now, timeZone);
  return {
    date,
    weekday,
    hour,
    week: isoWeekOf(date),
    due: weekday === settings.weekday && hour >= settings.hour,
  };
}
