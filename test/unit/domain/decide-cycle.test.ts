// Given/when/then specifications of the cycle decider: creation and the planning → active → closed life.
import { type CycleCommand, CycleCommandSchema } from '@okr-ledger/okr-domain';
import { describe, expect, it } from 'vitest';
import { adminCtx, CYCLE_ID, cycleCreated, givenCycle, NOW } from './specification.js';

const activated = { type: 'CycleActivated', data: { cycleId: CYCLE_ID } } as const;
const closed = { type: 'CycleClosed', data: { cycleId: CYCLE_ID } } as const;

describe('CreateCycle', () => {
  it('creates a cycle in planning, the title defaulting to the id and the zone to UTC', () => {
    const state = givenCycle([])
      .when(
        { type: 'CreateCycle', cycleId: CYCLE_ID, startsOn: '2026-10-01', endsOn: '2026-12-31' },
        adminCtx(),
      )
      .thenEmits([cycleCreated({ title: CYCLE_ID, timeZone: 'UTC' })]);
    expect(state).toMatchObject({ status: 'planning', activatedAt: null, closedAt: null, version: 1 });
  });

  it('keeps a given title and zone', () => {
    givenCycle([])
      .when(
        {
          type: 'CreateCycle',
          cycleId: CYCLE_ID,
          title: 'Q4 2026',
          startsOn: '2026-10-01',
          endsOn: '2026-12-31',
          timeZone: 'Europe/Berlin',
        },
        adminCtx(),
      )
      .thenEmits([cycleCreated()]);
  });

  it('accepts a one-day cycle', () => {
    expect(
      givenCycle([]).when(
        { type: 'CreateCycle', cycleId: CYCLE_ID, startsOn: '2026-10-01', endsOn: '2026-10-01' },
        adminCtx(),
      ).decision.ok,
    ).toBe(true);
  });

  it('refuses a cycle that ends before it starts, on endsOn', () => {
    givenCycle([])
      .when(
        { type: 'CreateCycle', cycleId: CYCLE_ID, startsOn: '2026-12-31', endsOn: '2026-10-01' },
        adminCtx(),
      )
      .thenRejects('invalid_definition', ['endsOn']);
  });

  it('refuses dates that are not in the calendar', () => {
    givenCycle([])
      .when(
        { type: 'CreateCycle', cycleId: CYCLE_ID, startsOn: '2026-02-30', endsOn: '2026-03-31' },
        adminCtx(),
      )
      .thenRejects('invalid_definition', ['startsOn']);
    givenCycle([])
      .when(
        { type: 'CreateCycle', cycleId: CYCLE_ID, startsOn: '2026-01-01', endsOn: '2026-13-01' },
        adminCtx(),
      )
      .thenRejects('invalid_definition', ['endsOn']);
  });

  it('refuses an unknown time zone', () => {
    givenCycle([])
      .when(
        {
          type: 'CreateCycle',
          cycleId: CYCLE_ID,
          startsOn: '2026-10-01',
          endsOn: '2026-12-31',
          timeZone: 'Mars/Olympus_Mons',
        },
        adminCtx(),
      )
      .thenRejects('invalid_definition', ['timeZone']);
  });

  it('refuses an existing id and a non-admin', () => {
    givenCycle([cycleCreated()])
      .when(
        { type: 'CreateCycle', cycleId: CYCLE_ID, startsOn: '2026-10-01', endsOn: '2026-12-31' },
        adminCtx(),
      )
      .thenRejects('already_exists', ['cycleId']);
    givenCycle([])
      .when(
        { type: 'CreateCycle', cycleId: CYCLE_ID, startsOn: '2026-10-01', endsOn: '2026-12-31' },
        adminCtx({ role: 'editor' }),
      )
      .thenRejects('forbidden');
  });
});

describe('ActivateCycle', () => {
  it('moves planning to active and remembers when', () => {
    const state = givenCycle([cycleCreated()])
      .when({ type: 'ActivateCycle', cycleId: CYCLE_ID }, adminCtx())
      .thenEmits([activated]);
    expect(state).toMatchObject({ status: 'active', activatedAt: NOW, version: 2 });
  });

  it('refuses to activate an active cycle, an unknown one, and for a viewer', () => {
    givenCycle([cycleCreated(), activated])
      .when({ type: 'ActivateCycle', cycleId: CYCLE_ID }, adminCtx())
      .thenRejects('invalid_transition');
    givenCycle([])
      .when({ type: 'ActivateCycle', cycleId: CYCLE_ID }, adminCtx())
      .thenRejects('not_found', ['cycleId']);
    givenCycle([cycleCreated()])
      .when({ type: 'ActivateCycle', cycleId: '2027-Q1' }, adminCtx())
      .thenRejects('not_found', ['cycleId']);
    givenCycle([cycleCreated()])
      .when({ type: 'ActivateCycle', cycleId: CYCLE_ID }, adminCtx({ role: 'viewer' }))
      .thenRejects('forbidden');
  });
});

describe('CloseCycle', () => {
  it('moves active to closed', () => {
    const state = givenCycle([cycleCreated(), activated])
      .when({ type: 'CloseCycle', cycleId: CYCLE_ID }, adminCtx())
      .thenEmits([closed]);
    expect(state).toMatchObject({ status: 'closed', closedAt: NOW });
  });

  it('refuses to close a cycle still in planning or already closed, or for an editor', () => {
    givenCycle([cycleCreated()])
      .when({ type: 'CloseCycle', cycleId: CYCLE_ID }, adminCtx())
      .thenRejects('invalid_transition');
    givenCycle([cycleCreated(), activated, closed])
      .when({ type: 'CloseCycle', cycleId: CYCLE_ID }, adminCtx())
      .thenRejects('invalid_transition');
    givenCycle([cycleCreated(), activated])
      .when({ type: 'CloseCycle', cycleId: CYCLE_ID }, adminCtx({ role: 'editor' }))
      .thenRejects('forbidden');
  });
});

describe('ReopenCycle', () => {
  it('reopens a closed cycle with the trimmed reason, keeping the first activation time', () => {
    const state = givenCycle([cycleCreated(), activated, closed])
      .when({ type: 'ReopenCycle', cycleId: CYCLE_ID, reason: ' late December data ' }, adminCtx())
      .thenEmits([{ type: 'CycleReopened', data: { cycleId: CYCLE_ID, reason: 'late December data' } }]);
    expect(state).toMatchObject({
      status: 'active',
      closedAt: null,
      activatedAt: '2026-09-20T08:01:00.000Z',
      version: 4,
    });
  });

  it('refuses to reopen a cycle that is not closed, and a blank reason', () => {
    givenCycle([cycleCreated(), activated])
      .when({ type: 'ReopenCycle', cycleId: CYCLE_ID, reason: 'why' }, adminCtx())
      .thenRejects('invalid_transition');
    const blank = {
      ...CycleCommandSchema.parse({
        type: 'ReopenCycle',
        commandId: 'cmd_blank001',
        cycleId: CYCLE_ID,
        reason: 'x',
      }),
      reason: ' ',
    };
    givenCycle([cycleCreated(), activated, closed])
      .whenParsed(blank as CycleCommand, adminCtx())
      .thenRejects('reason_required', ['reason']);
  });
});
