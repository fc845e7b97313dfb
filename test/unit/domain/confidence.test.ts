// Confidence: the elapsed share of a cycle in its own time zone, the derived thresholds, and the rule
// that a confidence a person set wins over the derived one.
import {
  deriveConfidence,
  expectedProgress,
  keyResultConfidence,
  keyResultProgress,
} from '@okr-ledger/okr-domain';
import { describe, expect, it } from 'vitest';
import { cycle, keyResultWith, krDefinition, ObjectiveStream } from './builders.js';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

describe('expectedProgress', () => {
  // 2026-Q4 in Berlin begins at local midnight (22:00 UTC, summer time) and ends at local midnight after
  // 31 December (23:00 UTC, winter time): 92 days plus the hour given back in October.
  const berlinQ4 = cycle();
  const startUtc = Date.parse('2026-09-30T22:00:00.000Z');
  const lengthMs = 92 * DAY_MS + HOUR_MS;

  it('is 0 before and at the first instant of startsOn in the cycle’s zone', () => {
    expect(expectedProgress(berlinQ4, '2026-09-30T21:59:00Z')).toBe(0);
    expect(expectedProgress(berlinQ4, '2026-10-01T00:00:00+02:00')).toBe(0);
  });

  it('is the elapsed share in between, measured from local midnight', () => {
    const at = new Date(startUtc + 46 * DAY_MS).toISOString();

    expect(expectedProgress(berlinQ4, at)).toBeCloseTo((46 * DAY_MS) / lengthMs, 12);
  });

  it('reaches 1 at the end of endsOn in the cycle’s zone and stays there', () => {
    expect(expectedProgress(berlinQ4, '2026-12-31T23:59:59.999+01:00')).toBeCloseTo(1, 9);
    expect(expectedProgress(berlinQ4, '2027-01-01T00:00:00+01:00')).toBe(1);
    expect(expectedProgress(berlinQ4, '2027-03-01T00:00:00Z')).toBe(1);
  });

  it('follows the zone: noon in New York is half of a one-day cycle there', () => {
    const oneDay = cycle({ startsOn: '2026-07-01', endsOn: '2026-07-01', timeZone: 'America/New_York' });

    expect(expectedProgress(oneDay, '2026-07-01T16:00:00Z')).toBe(0.5);
  });
});

describe('deriveConfidence', () => {
  it('is on track from 0.7 of the expected progress', () => {
    expect(deriveConfidence(0.7, 1)).toBe('on_track');
    expect(deriveConfidence(0.35, 0.5)).toBe('on_track');
    expect(deriveConfidence(0.9, 0.5)).toBe('on_track');
  });

  it('is at risk from 0.5 up to just under 0.7 of the expected progress', () => {
    expect(deriveConfidence(0.69, 1)).toBe('at_risk');
    expect(deriveConfidence(0.5, 1)).toBe('at_risk');
  });

  it('is off track below 0.5 of the expected progress', () => {
    expect(deriveConfidence(0.49, 1)).toBe('off_track');
    expect(deriveConfidence(0, 0.2)).toBe('off_track');
  });

  it('is on track at the very start of a cycle, when nothing is expected yet', () => {
    expect(deriveConfidence(0, 0)).toBe('on_track');
  });
});

describe('keyResultConfidence', () => {
  const berlinQ4 = cycle();
  const lateNovember = '2026-11-30T12:00:00Z';

  it('uses the confidence a person set on the latest check-in, even against the numbers', () => {
    const kr = keyResultWith(krDefinition({ start: 0, target: 100 }), [{ value: 5, confidence: 'on_track' }]);
    const { score } = keyResultProgress(kr, []);

    const confidence = keyResultConfidence(kr, score, berlinQ4, lateNovember);

    expect(confidence).toEqual({ confidence: 'on_track', source: 'set' });
    expect(deriveConfidence(score, expectedProgress(berlinQ4, lateNovember))).toBe('off_track');
  });

  it('derives it when the latest check-in carries none, even if an earlier one did', () => {
    const kr = keyResultWith(krDefinition({ start: 0, target: 100 }), [
      { value: 10, confidence: 'off_track' },
      { value: 60 },
    ]);
    const { score } = keyResultProgress(kr, []);

    const confidence = keyResultConfidence(kr, score, berlinQ4, lateNovember);

    // 0.6 against ~0.66 elapsed: above 0.7 of what is expected.
    expect(confidence).toEqual({ confidence: 'on_track', source: 'derived' });
  });

  it('derives it before any check-in', () => {
    const kr = keyResultWith(krDefinition({ start: 0, target: 100 }));

    expect(keyResultConfidence(kr, 0, berlinQ4, lateNovember)).toEqual({
      confidence: 'off_track',
      source: 'derived',
    });
  });

  it('ignores the confidence of a corrected check-in and of check-ins effective after the instant', () => {
    const stream = new ObjectiveStream().addKeyResult(
      'kr_adoption0001',
      krDefinition({ start: 0, target: 100 }),
    );
    const original = stream.checkIn(
      'kr_adoption0001',
      { value: 50, confidence: 'at_risk' },
      '2026-11-10T10:00:00Z',
    );
    stream.correct('kr_adoption0001', original, { value: 55 }, '2026-11-10T10:00:00Z');
    stream.checkIn('kr_adoption0001', { value: 40, confidence: 'off_track' }, '2026-12-10T10:00:00Z');
    const kr = stream.keyResult('kr_adoption0001');

    const confidence = keyResultConfidence(kr, 0.55, berlinQ4, lateNovember);

    expect(confidence).toEqual({ confidence: 'on_track', source: 'derived' });
  });
});
