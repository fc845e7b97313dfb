// Owns which cycle the add-on proposes when a person has not named one: the active cycle that started
// last, so a quarter is proposed over the year that encloses it (both are active at once, docs/alignment.md).
import type { CycleView } from '@okr-ledger/api-contract';

type Dated = Pick<CycleView, 'status' | 'startsOn' | 'endsOn'>;

/** The active cycle that started last (the shorter on a tie); with none active, `fallback`. */
export function currentCycle<C extends Dated>(
  cycles: readonly C[],
  fallback: C | undefined = cycles[0],
): C | undefined {
  const active = cycles.filter((cycle) => cycle.status === 'active');
  const latest = [...active].sort(
    (a, b) => b.startsOn.localeCompare(a.startsOn) || a.endsOn.localeCompare(b.endsOn),
  )[0];
  return latest ?? fallback;
}
