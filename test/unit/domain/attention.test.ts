// The due and behind-pace rules, one test per worked vector of docs/attention.md (D1–D12, P1–P8).
import {
  type AttentionFacts,
  attentionFactsOf,
  type CycleState,
  foldObjective,
  keyResultAttention,
  type ObjectiveEvent,
  streamIdOf,
} from '@okr-ledger/okr-domain';
import { describe, expect, it } from 'vitest';
import {
  checkInRecorded,
  cycle,
  keyResultAdded,
  keyResultDefinition,
  OBJECTIVE_ID,
  objectiveCreated,
  recordAll,
} from './specification.js';

/** 100 days in UTC: 2026-02-20T00:00Z is exactly half of it. */
const utc100 = (status: CycleState['status'] = 'active') =>
  cycle(status, { startsOn: '2026-01-01', endsOn: '2026-04-10', timeZone: 'UTC' });
const berlinH1 = cycle('active', { startsOn: '2026-01-01', endsOn: '2026-06-30', timeZone: 'Europe/Berlin' });
const newYorkQ4 = cycle('active', {
  startsOn: '2026-10-01',
  endsOn: '2026-12-31',
  timeZone: 'America/New_York',
});
const tokyoH1 = cycle('active', { startsOn: '2026-01-01', endsOn: '2026-06-30', timeZone: 'Asia/Tokyo' });
/** Spring forward on 2026-03-29 falls inside: 61 days less one hour. */
const berlinSpring = cycle('active', {
  startsOn: '2026-03-01',
  endsOn: '2026-04-30',
  timeZone: 'Europe/Berlin',
});

const facts = (overrides: Partial<AttentionFacts> = {}): AttentionFacts => ({
  score: 1,
  lastCheckInAt: null,
  lastConfidence: null,
  ...overrides,
});
const checkedInAt = (lastCheckInAt: string) => facts({ lastCheckInAt });

describe('due: calendar days since the last check-in, in the cycle’s zone', () => {
  it('D1: seven days after the last check-in, a few hours short of 7×24 h, the KR is due', () => {
    const result = keyResultAttention(utc100(), checkedInAt('2026-02-10T09:00:00Z'), {
      now: '2026-02-17T08:00:00Z',
    });
    expect(result).toMatchObject({ due: true, daysSinceCheckIn: 7, reasons: ['due'] });
  });

  it('D2: six days after, at the last minute of the sixth day, it is not', () => {
    const result = keyResultAttention(utc100(), checkedInAt('2026-02-10T09:00:00Z'), {
      now: '2026-02-16T23:59:00Z',
    });
    expect(result).toMatchObject({ due: false, daysSinceCheckIn: 6, reasons: [] });
  });

  it('D3: with no check-in, days count from startsOn: due on its seventh day', () => {
    const result = keyResultAttention(utc100(), facts(), { now: '2026-01-08T00:00:00Z' });
    expect(result).toMatchObject({ due: true, daysSinceCheckIn: 7 });
  });

  it('D4: with no check-in, one minute earlier, not due', () => {
    const result = keyResultAttention(utc100(), facts(), { now: '2026-01-07T23:59:00Z' });
    expect(result).toMatchObject({ due: false, daysSinceCheckIn: 6 });
  });

  it('D5: across the spring-forward in Berlin, Monday to Monday is 7 days though only 6 d 22.5 h passed', () => {
    const at = '2026-03-23T09:00:00+01:00';
    const now = '2026-03-30T08:30:00+02:00';
    expect(Date.parse(now) - Date.parse(at)).toBe(6 * 86_400_000 + 22.5 * 3_600_000);
    expect(keyResultAttention(berlinH1, checkedInAt(at), { now })).toMatchObject({
      due: true,
      daysSinceCheckIn: 7,
    });
  });

  it('D6: across the fall-back in New York, Monday late evening to Monday just after midnight is 7 days', () => {
    const result = keyResultAttention(newYorkQ4, checkedInAt('2026-10-26T23:30:00-04:00'), {
      now: '2026-11-02T00:10:00-05:00',
    });
    expect(result).toMatchObject({ due: true, daysSinceCheckIn: 7 });
  });

  it('D7: … and one minute before that local midnight, 6 days, not due', () => {
    const result = keyResultAttention(newYorkQ4, checkedInAt('2026-10-26T23:30:00-04:00'), {
      now: '2026-11-01T23:59:00-05:00',
    });
    expect(result).toMatchObject({ due: false, daysSinceCheckIn: 6 });
  });

  it('D8: days are Tokyo’s days: 7 UTC dates apart but 6 Tokyo dates, not due', () => {
    const result = keyResultAttention(tokyoH1, checkedInAt('2026-03-10T23:30:00Z'), {
      now: '2026-03-17T14:00:00Z',
    });
    expect(result).toMatchObject({ due: false, daysSinceCheckIn: 6 });
  });

  it('D9: after Tokyo’s midnight, due', () => {
    const result = keyResultAttention(tokyoH1, checkedInAt('2026-03-10T23:30:00Z'), {
      now: '2026-03-17T15:30:00Z',
    });
    expect(result).toMatchObject({ due: true, daysSinceCheckIn: 7 });
  });

  it('D10: a cycle still planning has nothing due, however old', () => {
    const result = keyResultAttention(utc100('planning'), facts(), { now: '2026-03-01T00:00:00Z' });
    expect(result).toMatchObject({ due: false, daysSinceCheckIn: 59 });
  });

  it('D11: a cadence of 14 days leaves a 7-day-old check-in alone', () => {
    const result = keyResultAttention(utc100(), checkedInAt('2026-02-10T09:00:00Z'), {
      now: '2026-02-17T08:00:00Z',
      cadenceDays: 14,
    });
    expect(result).toMatchObject({ due: false, daysSinceCheckIn: 7 });
  });

  it('D12: a corrected check-in gives way to its correction’s date', () => {
    const KR = 'kr_adoption01';
    const correction: ObjectiveEvent = {
      type: 'CheckInCorrected',
      data: {
        objectiveId: OBJECTIVE_ID,
        keyResultId: KR,
        checkInId: 'chk_00000002',
        correctsCheckInId: 'chk_00000001',
        value: 75,
        milestonesDone: null,
        done: null,
        confidence: null,
        note: '',
        effectiveAt: '2026-02-14T10:00:00Z',
        reason: 'Measured again',
      },
    };
    const state = foldObjective(
      recordAll(streamIdOf.objective(OBJECTIVE_ID), [
        objectiveCreated(),
        keyResultAdded(KR, keyResultDefinition()),
        checkInRecorded(KR, 'chk_00000001', { value: 50, effectiveAt: '2026-02-10T09:00:00Z' }),
        correction,
      ]),
    );
    if (state === null) throw new Error('no state');
    const [only] = attentionFactsOf(state, '2026-02-17T08:00:00Z');
    expect(only?.facts).toEqual({ score: 1, lastCheckInAt: '2026-02-14T10:00:00Z', lastConfidence: null });
    expect(
      keyResultAttention(utc100(), only?.facts ?? facts(), { now: '2026-02-17T08:00:00Z' }),
    ).toMatchObject({ due: false, daysSinceCheckIn: 3 });
  });
});

describe('behind pace: more than 0.25 below the elapsed share, or off track', () => {
  const half = '2026-02-20T00:00:00Z';
  const fresh = '2026-02-19T12:00:00Z';

  it('P1: 0.2 at half time is 0.3 below: behind', () => {
    const result = keyResultAttention(utc100(), facts({ score: 0.2, lastCheckInAt: fresh }), { now: half });
    expect(result).toEqual({
      due: false,
      behindPace: true,
      reasons: ['behind_pace'],
      daysSinceCheckIn: 1,
      expected: 0.5,
    });
  });

  it('P2: exactly 0.25 below is not more than 0.25: not behind', () => {
    const result = keyResultAttention(utc100(), facts({ score: 0.25, lastCheckInAt: fresh }), { now: half });
    expect(result).toMatchObject({ behindPace: false, reasons: [], expected: 0.5 });
  });

  it('P3: ahead on the numbers but the owner said off track: behind', () => {
    const result = keyResultAttention(
      utc100(),
      facts({ score: 0.9, lastCheckInAt: fresh, lastConfidence: 'off_track' }),
      { now: half },
    );
    expect(result).toMatchObject({ behindPace: true, reasons: ['off_track'] });
  });

  it('P4: on track in the owner’s words, but the number lags: behind', () => {
    const result = keyResultAttention(
      utc100(),
      facts({ score: 0.1, lastCheckInAt: fresh, lastConfidence: 'on_track' }),
      { now: half },
    );
    expect(result).toMatchObject({ behindPace: true, reasons: ['behind_pace'] });
  });

  it('P5: the share counts real hours, the skipped spring hour excluded: 719/1463, 0.24 is behind', () => {
    const now = '2026-03-31T00:00:00+02:00';
    const result = keyResultAttention(berlinSpring, facts({ score: 0.24, lastCheckInAt: now }), { now });
    expect(result.expected).toBeCloseTo(719 / 1463, 12);
    expect(result).toMatchObject({ behindPace: true, reasons: ['behind_pace'] });
  });

  it('P6: … and 0.2416 is 0.24986 below: not behind', () => {
    const now = '2026-03-31T00:00:00+02:00';
    const result = keyResultAttention(berlinSpring, facts({ score: 0.2416, lastCheckInAt: now }), { now });
    expect(result.expected - 0.2416).toBeCloseTo(0.249856, 5);
    expect(result).toMatchObject({ behindPace: false, reasons: [] });
  });

  it('P7: a closed cycle past its end expects everything; nothing is due there', () => {
    const result = keyResultAttention(utc100('closed'), facts({ score: 0.7, lastCheckInAt: fresh }), {
      now: '2026-04-20T00:00:00Z',
    });
    expect(result).toMatchObject({ due: false, behindPace: true, reasons: ['behind_pace'], expected: 1 });
  });

  it('P8: both due and behind, reasons in order', () => {
    const result = keyResultAttention(
      utc100(),
      facts({ score: 0.1, lastCheckInAt: '2026-02-01T12:00:00Z' }),
      { now: half },
    );
    expect(result).toMatchObject({
      due: true,
      behindPace: true,
      reasons: ['due', 'behind_pace'],
      daysSinceCheckIn: 19,
    });
  });
});
