// Day boundaries in IANA zones, computed with Intl alone: ordinary days, DST days, skipped midnights.
import {
  endOfDayInstant,
  isAtOrBefore,
  isCalendarDate,
  isValidTimeZone,
  localDateOf,
  nextDate,
  startOfDayInstant,
} from '@okr-ledger/okr-domain';
import { describe, expect, it } from 'vitest';

const hoursIn = (date: string, zone: string) =>
  (Date.parse(endOfDayInstant(date, zone)) + 1 - Date.parse(startOfDayInstant(date, zone))) / 3_600_000;

describe('startOfDayInstant / endOfDayInstant', () => {
  it('bound an ordinary day in UTC and in Berlin (winter and summer time)', () => {
    expect([startOfDayInstant('2026-06-15', 'UTC'), endOfDayInstant('2026-06-15', 'UTC')]).toEqual([
      '2026-06-15T00:00:00.000Z',
      '2026-06-15T23:59:59.999Z',
    ]);
    expect(endOfDayInstant('2026-12-31', 'Europe/Berlin')).toBe('2026-12-31T22:59:59.999Z');
    expect(startOfDayInstant('2026-07-01', 'Europe/Berlin')).toBe('2026-06-30T22:00:00.000Z');
  });

  it('make 2026-03-29 in Berlin 23 hours long and 2026-10-25 25 hours', () => {
    expect(startOfDayInstant('2026-03-29', 'Europe/Berlin')).toBe('2026-03-28T23:00:00.000Z');
    expect(endOfDayInstant('2026-03-29', 'Europe/Berlin')).toBe('2026-03-29T21:59:59.999Z');
    expect(hoursIn('2026-03-29', 'Europe/Berlin')).toBe(23);
    expect(hoursIn('2026-10-25', 'Europe/Berlin')).toBe(25);
    expect(hoursIn('2026-03-08', 'America/New_York')).toBe(23);
  });

  it('start the day at the switch when DST skips midnight (Santiago, Havana)', () => {
    // Chile moves 00:00 → 01:00 on 2026-09-06: the day begins at 01:00 local (-03) = 04:00 UTC.
    expect(startOfDayInstant('2026-09-06', 'America/Santiago')).toBe('2026-09-06T04:00:00.000Z');
    expect(localDateOf('2026-09-06T03:59:59.999Z', 'America/Santiago')).toBe('2026-09-05');
    expect(hoursIn('2026-09-06', 'America/Santiago')).toBe(23);
    expect(startOfDayInstant('2026-03-08', 'America/Havana')).toBe('2026-03-08T05:00:00.000Z');
  });

  it('handle half-hour DST and far-east zones', () => {
    expect(hoursIn('2026-10-04', 'Australia/Lord_Howe')).toBe(23.5);
    expect(startOfDayInstant('2026-12-31', 'Pacific/Kiritimati')).toBe('2026-12-30T10:00:00.000Z');
    expect(endOfDayInstant('2026-12-31', 'Pacific/Pago_Pago')).toBe('2027-01-01T10:59:59.999Z');
  });

  it('refuse a date that is not in the calendar', () => {
    expect(() => endOfDayInstant('2026-02-30', 'UTC')).toThrow(RangeError);
    expect(() => startOfDayInstant('26-1-1', 'UTC')).toThrow(RangeError);
  });

  it('agree with localDateOf at both ends of the day', () => {
    for (const zone of ['Europe/Berlin', 'America/Los_Angeles', 'Asia/Kolkata', 'Australia/Sydney']) {
      expect(localDateOf(startOfDayInstant('2026-03-29', zone), zone)).toBe('2026-03-29');
      expect(localDateOf(endOfDayInstant('2026-03-29', zone), zone)).toBe('2026-03-29');
      expect(localDateOf(Date.parse(endOfDayInstant('2026-03-29', zone)) + 1, zone)).toBe('2026-03-30');
    }
  });
});

describe('helpers', () => {
  it('check dates, zones, next days and instants', () => {
    expect([isCalendarDate('2028-02-29'), isCalendarDate('2026-02-29'), isCalendarDate('2026-1-01')]).toEqual(
      [true, false, false],
    );
    expect([isValidTimeZone('Europe/Berlin'), isValidTimeZone('Mars/Olympus')]).toEqual([true, false]);
    expect([nextDate('2026-12-31'), nextDate('2028-02-28')]).toEqual(['2027-01-01', '2028-02-29']);
    expect(isAtOrBefore('2026-12-31T23:30:00+01:00', '2026-12-31T22:59:59.999Z')).toBe(true);
    expect(isAtOrBefore('2026-12-31T23:00:00Z', '2026-12-31T22:59:59.999Z')).toBe(false);
  });
});
