// The bench's statistics: nearest-rank percentiles (always an observed sample), medians and ratios.
import { describe, expect, it } from 'vitest';
import { mean, median, percentile, ratio, summarize } from '../../../bench/lib/stats.js';

describe('percentile', () => {
  it('picks the nearest-rank sample, whatever the input order', () => {
    // Prepare
    const samples = [50, 15, 40, 20, 35];

    // Act
    const picked = [1, 30, 40, 50, 99, 100].map((p) => percentile(samples, p));

    // Assess
    expect(picked).toEqual([15, 20, 20, 35, 50, 50]);
    expect(samples).toEqual([50, 15, 40, 20, 35]);
  });

  it('is the 198th smallest of 200 samples at p99', () => {
    // Prepare
    const samples = Array.from({ length: 200 }, (_, index) => 200 - index);

    // Act
    const p99 = percentile(samples, 99);

    // Assess
    expect(p99).toBe(198);
  });

  it('refuses no samples and percentiles outside (0, 100]', () => {
    expect(() => percentile([], 50)).toThrow(RangeError);
    expect(() => percentile([1], 0)).toThrow(RangeError);
    expect(() => percentile([1], 101)).toThrow(RangeError);
  });
});

describe('median, mean and ratio', () => {
  it('takes the middle sample, or the mean of the two middle ones', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(mean([1, 2, 3, 6])).toBe(3);
  });

  it('has no ratio to zero', () => {
    expect(ratio(6, 3)).toBe(2);
    expect(ratio(1, 0)).toBeNull();
  });

  it('summarizes latencies with their percentiles', () => {
    // Act
    const summary = summarize([4, 1, 3, 2, 10]);

    // Assess
    expect(summary).toEqual({ samples: 5, p50: 3, p99: 10, mean: 4, min: 1, max: 10 });
  });
});
