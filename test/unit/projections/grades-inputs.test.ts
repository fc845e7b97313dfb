import { DEFINITION_CHANGE_KINDS, gradesFor, originalDefinitions } from '@okr-ledger/projections';
import { describe, expect, it } from 'vitest';
import { fullAuditOf, originalsOf, playInMemory } from './fixtures/quarter.js';

const quarter = playInMemory();
const originals = originalsOf(quarter);
const fullAudit = () => fullAuditOf(quarter);

describe('the inputs of the live grades', () => {
  it('grade the same with the original definitions only and the mid-cycle changes only', () => {
    // Prepare
    const audit = fullAudit();
    const changes = audit.filter((entry) => DEFINITION_CHANGE_KINDS.has(entry.kind));
    const open = { ...quarter.cycle, status: 'active' as const, closedAt: null };

    // Act
    const lean = gradesFor(open, quarter.objectives, originals.map(originalDefinitions), changes);

    // Assess
    expect(changes.length).toBeGreaterThan(0);
    expect(changes.length).toBeLessThan(audit.length);
    expect(lean).toEqual(gradesFor(open, quarter.objectives, originals, audit));
    expect(lean.rows.some((row) => row.changedBy.length > 0)).toBe(true);
  });

  it('keep every definition of a state and none of its facts', () => {
    // Prepare: the current states too, which have check-ins and an override
    const states = [...originals, ...quarter.objectives];
    for (const original of states) {
      // Act
      const definitions = originalDefinitions(original);

      // Assess
      expect(definitions.definition).toEqual(original.definition);
      expect(definitions.archived).toBe(original.archived);
      expect(
        definitions.keyResults.map(({ id, definition, removed }) => ({ id, definition, removed })),
      ).toEqual(original.keyResults.map(({ id, definition, removed }) => ({ id, definition, removed })));
      expect(
        definitions.keyResults.every((kr) => kr.checkIns.length === 0 && !('omittedCheckIns' in kr)),
      ).toBe(true);
      expect(definitions.initiatives).toEqual([]);
      expect(definitions.overrides).toEqual({});
    }
    expect(states.some((state) => state.keyResults.some((kr) => kr.checkIns.length > 0))).toBe(true);
    expect(states.some((state) => Object.keys(state.overrides).length > 0)).toBe(true);
  });
});
