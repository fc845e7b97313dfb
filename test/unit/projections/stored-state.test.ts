// Objective states in the views are stored gzipped; items written before that (a plain `state` map) are
// still read, so a deployment does not need a rebuild first.
import { describe, expect, it } from 'vitest';
import { packObjectiveState, unpackObjectiveState } from '../../../packages/projections/src/store/items.js';
import { OBJ, playInMemory } from './fixtures/quarter.js';

/** A real objective folded from the quarter's events: KRs, initiatives and a quarter of check-ins. */
function quarterStates() {
  const state = playInMemory().objectives.find((objective) => objective.id === OBJ.onboarding);
  if (!state) throw new Error('the quarter has the onboarding objective');
  return state;
}

describe('stored objective states', () => {
  it('round-trips a state through its compressed form, smaller than its JSON', () => {
    // Prepare
    const state = quarterStates();
    // Act
    const packed = packObjectiveState(state);
    // Assess
    expect(unpackObjectiveState(packed)).toEqual(state);
    expect(packed.stateGzip.byteLength).toBeLessThan(JSON.stringify(state).length / 3);
  });

  it('reads an item written with the plain state, and nothing from no item', () => {
    const state = quarterStates();
    expect(unpackObjectiveState({ state })).toEqual(state);
    expect(unpackObjectiveState(null)).toBeNull();
    expect(unpackObjectiveState({})).toBeNull();
  });
});
