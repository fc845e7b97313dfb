// Which cycle the add-on proposes: the quarter, not the year around it, when both are active.
import { describe, expect, it } from 'vitest';
import { currentCycle } from '../../../addon/src/core/current-cycle.js';

const cycle = (id: string, status: 'planning' | 'active' | 'closed', startsOn: string, endsOn: string) => ({
  id,
  status,
  startsOn,
  endsOn,
});

describe('currentCycle', () => {
  const year = cycle('2026', 'active', '2026-01-01', '2026-12-31');
  const q3 = cycle('2026-Q3', 'closed', '2026-07-01', '2026-09-30');
  const q4 = cycle('2026-Q4', 'active', '2026-10-01', '2026-12-31');
  const q1 = cycle('2027-Q1', 'planning', '2027-01-01', '2027-03-31');

  it('proposes the active cycle that started last, whatever the order listed', () => {
    expect(currentCycle([year, q3, q4, q1])?.id).toBe('2026-Q4');
    expect(currentCycle([q4, year])?.id).toBe('2026-Q4');
  });

  it('takes the shorter of two active cycles that start the same day', () => {
    const quarterFromJanuary = cycle('2026-Q1', 'active', '2026-01-01', '2026-03-31');
    expect(currentCycle([year, quarterFromJanuary])?.id).toBe('2026-Q1');
  });

  it('falls back to the first cycle, or the one given, when none is active', () => {
    expect(currentCycle([q3, q1])?.id).toBe('2026-Q3');
    expect(currentCycle([q3, q1], q1)?.id).toBe('2027-Q1');
    expect(currentCycle([])).toBeUndefined();
  });
});
