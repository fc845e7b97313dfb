// Given/when/then specifications for the deciders, plus the few fixtures they share. `given` records
// events (with metadata, one minute apart) and folds them through the real evolve; `when` parses the
// command through its real zod schema (so defaults apply exactly as at the edge) and runs the real decide.
import {
  type Actor,
  type CycleCommand,
  CycleCommandSchema,
  type CycleDecisionContext,
  type CycleEvent,
  type CycleState,
  type CycleStatus,
  type Decision,
  type DomainErrorCode,
  type DomainEvent,
  decideCycle,
  decideObjective,
  decideOrganization,
  EVENT_SCHEMA_VERSION,
  evolveCycle,
  evolveObjective,
  evolveOrganization,
  type KeyResultDefinition,
  type ObjectiveCommand,
  ObjectiveCommandSchema,
  type ObjectiveDecisionContext,
  type ObjectiveDefinition,
  type ObjectiveEvent,
  type ObjectiveState,
  type OrganizationCommand,
  OrganizationCommandSchema,
  type OrganizationEvent,
  type OrganizationState,
  type RecordedEvent,
  type Role,
  streamIdOf,
} from '@okr-ledger/okr-domain';
import { expect } from 'vitest';
import type { z } from 'zod';

export const ALICE: Actor = { sub: 'google-sub-alice', email: 'alice@example.com' };
export const BOB: Actor = { sub: 'google-sub-bob', email: 'bob@example.com' };

export const OBJECTIVE_ID = 'obj_growth0001';
export const CYCLE_ID = '2026-Q4';
export const FIRST_RECORDED_AT = '2026-09-20T08:00:00.000Z';
export const NOW = '2026-11-02T10:00:00.000Z';

/** Inputs without a commandId: the specification adds one. */
type WithoutCommandId<T> = T extends unknown ? Omit<T, 'commandId'> & { commandId?: string } : never;

/** Adds stream position and metadata, one minute apart starting at `startAt`. */
export function recordAll<E extends DomainEvent>(
  streamId: string,
  events: E[],
  options: { startAt?: string; firstVersion?: number; actor?: Actor; stepMs?: number } = {},
): RecordedEvent<E>[] {
  const start = Date.parse(options.startAt ?? FIRST_RECORDED_AT);
  const firstVersion = options.firstVersion ?? 1;
  const stepMs = options.stepMs ?? 60_000;
  return events.map((event, index) => ({
    ...event,
    streamId,
    version: firstVersion + index,
    metadata: {
      actor: options.actor ?? ALICE,
      commandId: `cmd_given${String(firstVersion + index).padStart(4, '0')}`,
      recordedAt: new Date(start + index * stepMs).toISOString(),
      schemaVersion: EVENT_SCHEMA_VERSION,
    },
  }));
}

interface Decider<C, E extends DomainEvent, S, Ctx> {
  streamId: string;
  schema: z.ZodType<C>;
  decide: (command: C, state: S | null, ctx: Ctx) => Decision<E>;
  evolve: (state: S | null, event: RecordedEvent<E>) => S;
}

function specification<C, I, E extends DomainEvent, S, Ctx>(decider: Decider<C, E, S, Ctx>) {
  return function given(history: E[] = []) {
    const recorded = recordAll(decider.streamId, history);
    const state = recorded.reduce<S | null>((folded, event) => decider.evolve(folded, event), null);
    return {
      state,
      when(input: WithoutCommandId<I>, ctx: Ctx) {
        return this.whenParsed(decider.schema.parse({ commandId: 'cmd_spec0001', ...input }), ctx);
      },
      /** For guards the schema already enforces at the edge: the decider must hold them on its own. */
      whenParsed(command: C, ctx: Ctx) {
        const decision = decider.decide(command, state, ctx);
        const apply = (): S | null => {
          if (!decision.ok) throw new Error(`expected acceptance, got ${JSON.stringify(decision.error)}`);
          const next = recordAll(decider.streamId, decision.events, {
            firstVersion: recorded.length + 1,
            startAt: ctx && typeof ctx === 'object' && 'now' in ctx ? String(ctx.now) : NOW,
            actor: ctx && typeof ctx === 'object' && 'actor' in ctx ? (ctx.actor as Actor) : ALICE,
          });
          return next.reduce<S | null>((folded, event) => decider.evolve(folded, event), state);
        };
        return {
          decision,
          /** Accepted with exactly these events; returns the state after them. */
          thenEmits(expected: E[]): S | null {
            expect(decision).toEqual({ ok: true, events: expected });
            return apply();
          },
          /** Rejected with this code (and this path, when given); returns the message. */
          thenRejects(code: DomainErrorCode, path?: (string | number)[]): string {
            if (decision.ok)
              throw new Error(`expected ${code}, got events ${JSON.stringify(decision.events)}`);
            expect(decision.error.code).toBe(code);
            if (path !== undefined) expect(decision.error.path).toEqual(path);
            return decision.error.message;
          },
        };
      },
    };
  };
}

export const givenObjective = specification<
  ObjectiveCommand,
  z.input<typeof ObjectiveCommandSchema>,
  ObjectiveEvent,
  ObjectiveState,
  ObjectiveDecisionContext
>({
  streamId: streamIdOf.objective(OBJECTIVE_ID),
  schema: ObjectiveCommandSchema,
  decide: decideObjective,
  evolve: evolveObjective,
});

export const givenCycle = specification<
  CycleCommand,
  z.input<typeof CycleCommandSchema>,
  CycleEvent,
  CycleState,
  CycleDecisionContext
>({
  streamId: streamIdOf.cycle(CYCLE_ID),
  schema: CycleCommandSchema,
  decide: decideCycle,
  evolve: evolveCycle,
});

export const givenOrganization = specification<
  OrganizationCommand,
  z.input<typeof OrganizationCommandSchema>,
  OrganizationEvent,
  OrganizationState,
  CycleDecisionContext
>({
  streamId: streamIdOf.organization(),
  schema: OrganizationCommandSchema,
  decide: decideOrganization,
  evolve: evolveOrganization,
});

// ---------------------------------------------------------------------------------------------------------
// Fixtures.

export function cycle(status: CycleStatus = 'planning', overrides: Partial<CycleState> = {}): CycleState {
  return {
    id: CYCLE_ID,
    title: 'Q4 2026',
    startsOn: '2026-10-01',
    endsOn: '2026-12-31',
    timeZone: 'Europe/Berlin',
    status,
    activatedAt: status === 'planning' ? null : '2026-10-01T07:00:00.000Z',
    closedAt: status === 'closed' ? '2027-01-05T09:00:00.000Z' : null,
    version: status === 'planning' ? 1 : status === 'active' ? 2 : 3,
    ...overrides,
  };
}

export function objectiveCtx(
  status: CycleStatus = 'planning',
  options: { role?: Role; now?: string; actor?: Actor; cycle?: Partial<CycleState> } = {},
): ObjectiveDecisionContext {
  return {
    now: options.now ?? NOW,
    actor: options.actor ?? ALICE,
    role: options.role ?? 'editor',
    cycle: cycle(status, options.cycle),
  };
}

export function adminCtx(options: { role?: Role; actor?: Actor; now?: string } = {}): CycleDecisionContext {
  return { now: options.now ?? NOW, actor: options.actor ?? ALICE, role: options.role ?? 'admin' };
}

export function objectiveDefinition(overrides: Partial<ObjectiveDefinition> = {}): ObjectiveDefinition {
  return {
    title: 'New customers love their first week',
    description: '',
    owner: 'alice@example.com',
    team: 'Growth',
    kind: 'aspirational',
    parentObjectiveId: null,
    weight: 1,
    progressMode: 'key_results',
    blendShare: 0,
    ...overrides,
  };
}

export function keyResultDefinition(overrides: Partial<KeyResultDefinition> = {}): KeyResultDefinition {
  return {
    title: 'Raise week-2 adoption from 41% to 75%',
    owner: 'bob@example.com',
    weight: 1,
    type: 'increase',
    start: 41,
    target: 75,
    threshold: null,
    unit: '%',
    milestones: [],
    progressSource: 'check_ins',
    valueSource: null,
    ...overrides,
  };
}

export const MILESTONES = [
  { id: 'ms_design001', title: 'Design approved', weight: 1 },
  { id: 'ms_build0001', title: 'Pilot built', weight: 1 },
  { id: 'ms_launch001', title: 'Pilot live', weight: 2 },
];

export const objectiveCreated = (definition = objectiveDefinition()): ObjectiveEvent => ({
  type: 'ObjectiveCreated',
  data: { objectiveId: OBJECTIVE_ID, cycleId: CYCLE_ID, definition },
});

export const keyResultAdded = (
  keyResultId: string,
  definition = keyResultDefinition(),
  context: { midCycle: boolean; reason: string | null } = { midCycle: false, reason: null },
): ObjectiveEvent => ({
  type: 'KeyResultAdded',
  data: { objectiveId: OBJECTIVE_ID, keyResultId, definition, ...context },
});

export const checkInRecorded = (
  keyResultId: string,
  checkInId: string,
  measurement: { value?: number; milestonesDone?: string[]; done?: boolean; effectiveAt?: string } = {},
): ObjectiveEvent => ({
  type: 'CheckInRecorded',
  data: {
    objectiveId: OBJECTIVE_ID,
    keyResultId,
    checkInId,
    value: measurement.value ?? null,
    milestonesDone: measurement.milestonesDone ?? null,
    done: measurement.done ?? null,
    confidence: null,
    note: '',
    effectiveAt: measurement.effectiveAt ?? '2026-10-15T12:00:00.000Z',
  },
});

export const keyResultRemoved = (keyResultId: string): ObjectiveEvent => ({
  type: 'KeyResultRemoved',
  data: { objectiveId: OBJECTIVE_ID, keyResultId, midCycle: false, reason: null },
});

export const initiativeAdded = (initiativeId: string, keyResultId: string | null = null): ObjectiveEvent => ({
  type: 'InitiativeAdded',
  data: {
    objectiveId: OBJECTIVE_ID,
    initiative: {
      id: initiativeId,
      keyResultId,
      title: 'Guided onboarding checklist',
      owner: null,
      status: 'planned',
      percentComplete: 0,
    },
  },
});

export const objectiveArchived = (): ObjectiveEvent => ({
  type: 'ObjectiveArchived',
  data: { objectiveId: OBJECTIVE_ID, midCycle: false, reason: null },
});

export const cycleCreated = (
  overrides: Partial<Extract<CycleEvent, { type: 'CycleCreated' }>['data']> = {},
) =>
  ({
    type: 'CycleCreated',
    data: {
      cycleId: CYCLE_ID,
      title: 'Q4 2026',
      startsOn: '2026-10-01',
      endsOn: '2026-12-31',
      timeZone: 'Europe/Berlin',
      ...overrides,
    },
  }) satisfies CycleEvent;
