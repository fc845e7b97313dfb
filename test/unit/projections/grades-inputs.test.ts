// What the live grades read: the original definitions without their check-ins, and the mid-cycle
// changes alone rather than the whole audit, give the very report the full inputs give.
import type { AuditEntry } from '@okr-ledger/api-contract';
import { evolveCycle, evolveObjective, foldObjective, type ObjectiveState } from '@okr-ledger/okr-domain';
import {
  auditEntriesFor,
  DEFINITION_CHANGE_KINDS,
  gradesFor,
  originalDefinitions,
} from '@okr-ledger/projections';
import { describe, expect, it } from 'vitest';
import { playInMemory } from './fixtures/quarter.js';

const quarter = playInMemory();
const streams = [...quarter.objectiveEvents.values()];
const activatedAt = quarter.cycle.activatedAt ?? '';
const originals = streams.flatMap((events) => foldObjective(events, activatedAt) ?? []);

function fullAudit(): AuditEntry[] {
  const entries: AuditEntry[] = [];
  for (const events of streams) {
    let state: ObjectiveState | null = null;
    for (const event of events) {
      const next = evolveObjective(state, event);
      entries.push(...auditEntriesFor(event, state, next));
      state = next;
    }
  }
  let cycle = null;
  for (const event of quarter.cycleEvents) {
    const next = evolveCycle(cycle, event);
    entries.push(...auditEntriesFor(event, cycle, next));
    cycle = next;
  }
  return entries;
}

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
