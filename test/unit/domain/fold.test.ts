// Folding streams, with and without "as of", and the stream naming every caller shares.
import {
  type CycleEvent,
  foldCycle,
  foldObjective,
  foldOrganization,
  type OrganizationEvent,
  streamIdOf,
} from '@okr-ledger/okr-domain';
import { describe, expect, it } from 'vitest';
import {
  CYCLE_ID,
  checkInRecorded,
  cycleCreated,
  keyResultAdded,
  OBJECTIVE_ID,
  objectiveCreated,
  recordAll,
} from './specification.js';

const KR = 'kr_adoption01';
// Recorded at 08:00, 08:01, 08:02, 08:03 UTC on 2026-09-20.
const events = recordAll(streamIdOf.objective(OBJECTIVE_ID), [
  objectiveCreated(),
  keyResultAdded(KR),
  checkInRecorded(KR, 'chk_00000001', { value: 50 }),
  checkInRecorded(KR, 'chk_00000002', { value: 60 }),
]);

describe('streamIdOf', () => {
  it('names the three stream kinds', () => {
    expect(streamIdOf.objective('obj_growth0001')).toBe('objective-obj_growth0001');
    expect(streamIdOf.cycle('2026-Q4')).toBe('cycle-2026-Q4');
    expect(streamIdOf.organization()).toBe('organization');
  });
});

describe('foldObjective', () => {
  it('folds nothing to null and every event to the current state', () => {
    expect(foldObjective([])).toBeNull();
    const state = foldObjective(events);
    expect(state?.version).toBe(4);
    expect(state?.keyResults[0]?.checkIns.map((c) => c.value)).toEqual([50, 60]);
  });

  it('as of an instant, includes events recorded exactly then and stops before later ones', () => {
    expect(foldObjective(events, '2026-09-20T08:02:00.000Z')?.version).toBe(3);
    expect(foldObjective(events, '2026-09-20T08:02:59.999Z')?.version).toBe(3);
    expect(foldObjective(events, '2026-09-20T07:59:59Z')).toBeNull();
    expect(foldObjective(events, '2030-01-01T00:00:00Z')).toEqual(foldObjective(events));
  });

  it('compares instants, not strings, so asOf may carry another offset', () => {
    // 10:01:30 in Berlin summer time is 08:01:30 UTC.
    expect(foldObjective(events, '2026-09-20T10:01:30+02:00')?.version).toBe(2);
  });

  it('refuses an asOf that is not an instant', () => {
    expect(() => foldObjective(events, 'yesterday')).toThrow(RangeError);
  });
});

describe('foldCycle and foldOrganization', () => {
  it('fold their streams with the same as-of rule', () => {
    const cycleEvents = recordAll<CycleEvent>(streamIdOf.cycle(CYCLE_ID), [
      cycleCreated(),
      { type: 'CycleActivated', data: { cycleId: CYCLE_ID } },
    ]);
    expect(foldCycle(cycleEvents)?.status).toBe('active');
    expect(foldCycle(cycleEvents, '2026-09-20T08:00:30Z')?.status).toBe('planning');
    expect(foldCycle([])).toBeNull();

    const orgEvents = recordAll<OrganizationEvent>(streamIdOf.organization(), [
      { type: 'OrganizationCreated', data: { organizationId: 'acme', name: 'Acme', timeZone: 'UTC' } },
      { type: 'MemberAdded', data: { email: 'a@example.com', role: 'admin' } },
    ]);
    expect(Object.keys(foldOrganization(orgEvents)?.members ?? {})).toEqual(['a@example.com']);
    expect(foldOrganization(orgEvents, '2026-09-20T08:00:00Z')?.members).toEqual({});
  });
});
