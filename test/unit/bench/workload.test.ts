// The bench's workload builders on tiny sizes: what they produce is valid for the real decider and folds
// to the objective the bench says it measures.
import { foldObjective } from '@okr-ledger/okr-domain';
import { describe, expect, it } from 'vitest';
import {
  activeCycle,
  checkInCommands,
  decideAll,
  keyResultIdFor,
  objectiveCommands,
  objectiveIdFor,
  syntheticObjectiveStream,
} from '../../../bench/setup/workload.js';

const now = new Date('2026-11-27T10:00:00Z');
const actor = { sub: 'sub-1', email: 'admin@bench.example' };

describe('objective workloads', () => {
  it('decides an objective with its KRs and a few weeks of check-ins, one event per command', () => {
    // Prepare
    const objectiveId = objectiveIdFor('tiny', 1);
    const commands = [
      ...objectiveCommands(objectiveId, 2, 'Added mid-quarter.'),
      ...checkInCommands({ objectiveId, keyResults: 2, checkInsPerKeyResult: 3 }, now),
    ];

    // Act
    const { events, state } = decideAll(commands, activeCycle('q', now), actor, now);

    // Assess
    expect(events).toHaveLength(1 + 2 + 6);
    expect(state.version).toBe(9);
    expect(state.keyResults.map((kr) => kr.id)).toEqual([
      keyResultIdFor(objectiveId, 0),
      keyResultIdFor(objectiveId, 1),
    ]);
    expect(state.keyResults.map((kr) => kr.checkIns.map((checkIn) => checkIn.value))).toEqual([
      [8, 16, 24],
      [8, 16, 24],
    ]);
    expect(state.keyResults[0]?.checkIns.at(-1)?.effectiveAt).toBe(now.toISOString());
  });

  it('refuses a workload the decider rejects, instead of measuring something else', () => {
    // Prepare: KRs added while the cycle is active need a reason.
    const commands = objectiveCommands(objectiveIdFor('tiny', 2), 1);

    // Act / Assess
    expect(() => decideAll(commands, activeCycle('q', now), actor, now)).toThrow(/reason/);
  });
});

describe('syntheticObjectiveStream', () => {
  it('is a gap-free stream that folds to its KRs and check-ins', () => {
    // Act
    const stream = syntheticObjectiveStream(objectiveIdFor('replay', 3), 'q', 16, 5);
    const state = foldObjective(stream);

    // Assess
    expect(stream.map((event) => event.version)).toEqual(Array.from({ length: 16 }, (_, index) => index + 1));
    expect(state?.keyResults).toHaveLength(5);
    expect(state?.keyResults.reduce((sum, kr) => sum + kr.checkIns.length, 0)).toBe(10);
  });

  it('needs room for the objective and its KRs', () => {
    expect(() => syntheticObjectiveStream(objectiveIdFor('replay', 4), 'q', 3, 5)).toThrow(RangeError);
  });
});
