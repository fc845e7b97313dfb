// Properties of the decide/evolve core over random histories. Histories are produced the way the system
// produces them: random intents become commands, the real decider judges them, and only accepted events
// are recorded (at random, non-decreasing instants), applied one by one as the store's snapshot does.
import {
  decideObjective,
  EVENT_SCHEMA_VERSION,
  evolveObjective,
  foldObjective,
  type KeyResultDefinition,
  type ObjectiveCommand,
  ObjectiveCommandSchema,
  type ObjectiveEvent,
  type ObjectiveState,
  type RecordedEvent,
  streamIdOf,
  validateKeyResultDefinition,
} from '@okr-ledger/okr-domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ALICE, keyResultDefinition, MILESTONES, OBJECTIVE_ID, objectiveCtx } from './specification.js';

const KR_IDS = ['kr_propkr0000', 'kr_propkr0001', 'kr_propkr0002', 'kr_propkr0003'];
const INITIATIVE_IDS = ['ini_propini000', 'ini_propini001'];
const START = Date.parse('2026-10-01T08:00:00.000Z');

// Numbers a person can store: finite, within ±1e6 here, and not vanishingly small (the schema refuses those).
const finiteNumber = fc
  .double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true })
  .filter((x) => x === 0 || Math.abs(x) >= 1e-9);

const definitionArb: fc.Arbitrary<KeyResultDefinition> = fc.oneof(
  fc
    .tuple(fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: 1, max: 1000 }), fc.boolean())
    .map(([start, delta, up]) =>
      keyResultDefinition({
        type: up ? 'increase' : 'decrease',
        start,
        target: up ? start + delta : start - delta,
      }),
    ),
  fc.tuple(fc.integer({ min: -100, max: 100 }), fc.boolean()).map(([threshold, above]) =>
    keyResultDefinition({
      type: above ? 'stay_above' : 'stay_below',
      start: null,
      target: null,
      threshold,
    }),
  ),
  fc.constant(keyResultDefinition({ type: 'milestone', start: null, target: null, milestones: MILESTONES })),
  fc.constant(keyResultDefinition({ type: 'binary', start: null, target: null })),
);

type Intent =
  | { kind: 'addKeyResult'; kr: number; definition: KeyResultDefinition }
  | { kind: 'editTarget'; kr: number; shift: number }
  | { kind: 'editTitle'; kr: number; title: string }
  | { kind: 'removeKeyResult'; kr: number }
  | { kind: 'checkIn'; kr: number; value: number; done: boolean; milestonesDone: number }
  | { kind: 'correct'; kr: number; nth: number; value: number; done: boolean }
  | { kind: 'initiative'; initiative: number; status: 'planned' | 'in_progress' | 'done' | 'dropped' }
  | { kind: 'editObjective'; weight: number };

const krIndex = fc.nat({ max: KR_IDS.length - 1 });
const intentArb: fc.Arbitrary<Intent> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('addKeyResult' as const),
      kr: krIndex,
      definition: definitionArb,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('editTarget' as const),
      kr: krIndex,
      shift: fc.integer({ min: -50, max: 50 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('editTitle' as const),
      kr: krIndex,
      title: fc.constantFrom('Reach NPS over 60', 'Cut churn'),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('removeKeyResult' as const), kr: krIndex }) },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('checkIn' as const),
      kr: krIndex,
      value: finiteNumber,
      done: fc.boolean(),
      milestonesDone: fc.nat({ max: MILESTONES.length }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('correct' as const),
      kr: krIndex,
      nth: fc.nat(),
      value: finiteNumber,
      done: fc.boolean(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('initiative' as const),
      initiative: fc.nat({ max: INITIATIVE_IDS.length - 1 }),
      status: fc.constantFrom(
        'planned' as const,
        'in_progress' as const,
        'done' as const,
        'dropped' as const,
      ),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('editObjective' as const),
      weight: fc.integer({ min: 0, max: 5 }),
    }),
  },
);

/** A step: an intent and how long after the previous step it happens (0 gives ties in recordedAt). */
const historyArb = fc.record({
  status: fc.constantFrom('planning' as const, 'active' as const),
  steps: fc.array(fc.tuple(intentArb, fc.constantFrom(0, 1, 60_000, 86_400_000)), {
    minLength: 10,
    maxLength: 40,
    size: 'max',
  }),
});

/** The measurement a KR of this type takes, so most check-ins are accepted. */
function measurementFor(
  state: ObjectiveState,
  keyResultId: string,
  value: number,
  done: boolean,
  milestones: number,
) {
  const type = state.keyResults.find((kr) => kr.id === keyResultId)?.definition.type ?? 'increase';
  if (type === 'milestone') return { milestonesDone: MILESTONES.slice(0, milestones).map((m) => m.id) };
  if (type === 'binary') return { done };
  return { value };
}

function commandFor(intent: Intent, state: ObjectiveState, sequence: number): unknown | null {
  const common = {
    commandId: `cmd_prop${String(sequence).padStart(6, '0')}`,
    objectiveId: OBJECTIVE_ID,
    reason: 'because',
  };
  const checkInId = `chk_prop${String(sequence).padStart(6, '0')}`;
  switch (intent.kind) {
    case 'addKeyResult':
      return {
        ...common,
        type: 'AddKeyResult',
        keyResultId: KR_IDS[intent.kr],
        definition: intent.definition,
      };
    case 'editTarget': {
      const target = state.keyResults.find((kr) => kr.id === KR_IDS[intent.kr])?.definition.target ?? 0;
      return {
        ...common,
        type: 'EditKeyResult',
        keyResultId: KR_IDS[intent.kr],
        changes: { target: target + intent.shift },
      };
    }
    case 'editTitle':
      return {
        ...common,
        type: 'EditKeyResult',
        keyResultId: KR_IDS[intent.kr],
        changes: { title: intent.title },
      };
    case 'removeKeyResult':
      return { ...common, type: 'RemoveKeyResult', keyResultId: KR_IDS[intent.kr] };
    case 'checkIn': {
      const keyResultId = KR_IDS[intent.kr] ?? '';
      return {
        ...common,
        type: 'RecordCheckIn',
        keyResultId,
        checkInId,
        ...measurementFor(state, keyResultId, intent.value, intent.done, intent.milestonesDone),
      };
    }
    case 'correct': {
      const keyResult = state.keyResults.find((kr) => kr.id === KR_IDS[intent.kr]);
      const candidates = keyResult?.checkIns.filter((c) => c.correctedBy === null) ?? [];
      const original = candidates[intent.nth % Math.max(candidates.length, 1)];
      if (keyResult === undefined || original === undefined) return null;
      return {
        ...common,
        type: 'CorrectCheckIn',
        keyResultId: keyResult.id,
        checkInId,
        correctsCheckInId: original.id,
        ...measurementFor(state, keyResult.id, intent.value, intent.done, 1),
      };
    }
    case 'initiative': {
      const initiativeId = INITIATIVE_IDS[intent.initiative];
      return state.initiatives.some((i) => i.id === initiativeId)
        ? { ...common, type: 'UpdateInitiative', initiativeId, changes: { status: intent.status } }
        : { ...common, type: 'AddInitiative', initiativeId, title: 'Bet', status: intent.status };
    }
    case 'editObjective':
      return { ...common, type: 'EditObjective', changes: { weight: intent.weight } };
  }
}

interface History {
  events: RecordedEvent<ObjectiveEvent>[];
  /** The state after each event, built incrementally. */
  states: ObjectiveState[];
}

function record(event: ObjectiveEvent, version: number, at: number): RecordedEvent<ObjectiveEvent> {
  return {
    ...event,
    streamId: streamIdOf.objective(OBJECTIVE_ID),
    version,
    metadata: {
      actor: ALICE,
      commandId: `cmd_rec${version}`,
      recordedAt: new Date(at).toISOString(),
      schemaVersion: EVENT_SCHEMA_VERSION,
    },
  };
}

function buildHistory(status: 'planning' | 'active', steps: [Intent, number][]): History {
  const history: History = { events: [], states: [] };
  let state: ObjectiveState | null = null;
  let at = START;
  const decideAndApply = (command: ObjectiveCommand) => {
    const decision = decideObjective(
      command,
      state,
      objectiveCtx(status, { now: new Date(at).toISOString() }),
    );
    if (!decision.ok) return;
    for (const event of decision.events) {
      const recorded = record(event, history.events.length + 1, at);
      state = evolveObjective(state, recorded);
      history.events.push(recorded);
      history.states.push(state);
    }
  };
  decideAndApply(
    ObjectiveCommandSchema.parse({
      type: 'CreateObjective',
      commandId: 'cmd_create01',
      objectiveId: OBJECTIVE_ID,
      definition: { title: 'Grow' },
    }),
  );
  steps.forEach(([intent, gap], index) => {
    at += gap;
    const current = state;
    if (current === null) return;
    const input = commandFor(intent, current, index);
    if (input !== null) decideAndApply(ObjectiveCommandSchema.parse(input));
  });
  return history;
}

const storedCheckIns = (state: ObjectiveState | null) =>
  state?.keyResults.reduce((count, kr) => count + kr.checkIns.length, 0) ?? 0;

describe('replay', () => {
  it('folding all events equals applying them one by one, and version counts the events', () => {
    fc.assert(
      fc.property(historyArb, ({ status, steps }) => {
        const { events, states } = buildHistory(status, steps);
        const folded = foldObjective(events);
        expect(folded).toEqual(states.at(-1));
        expect(folded?.version).toBe(events.length);
        for (const [index, state] of states.entries()) expect(state.version).toBe(index + 1);
      }),
      { numRuns: 80 },
    );
  });

  it('as of the last recordedAt is the current state; as of any event is the state after its instant', () => {
    fc.assert(
      fc.property(historyArb, ({ status, steps }) => {
        const { events, states } = buildHistory(status, steps);
        const last = events.at(-1);
        if (last === undefined) return;
        expect(foldObjective(events, last.metadata.recordedAt)).toEqual(foldObjective(events));
        events.forEach((event, index) => {
          // Events recorded at the same instant are all in or all out.
          let lastAtInstant = index;
          while (events[lastAtInstant + 1]?.metadata.recordedAt === event.metadata.recordedAt)
            lastAtInstant++;
          expect(foldObjective(events, event.metadata.recordedAt)).toEqual(states[lastAtInstant]);
        });
      }),
      { numRuns: 40 },
    );
  });
});

describe('check-ins', () => {
  it('the number of stored check-ins never shrinks; a correction adds exactly one', () => {
    fc.assert(
      fc.property(historyArb, ({ status, steps }) => {
        const { events, states } = buildHistory(status, steps);
        states.forEach((state, index) => {
          const before = storedCheckIns(states[index - 1] ?? null);
          const after = storedCheckIns(state);
          const type = events[index]?.type;
          if (type === 'CheckInCorrected' || type === 'CheckInRecorded') expect(after).toBe(before + 1);
          else expect(after).toBe(before);
        });
      }),
      { numRuns: 80 },
    );
  });

  it('correcting any uncorrected check-in keeps the original and grows the count by one', () => {
    fc.assert(
      fc.property(historyArb, fc.nat(), finiteNumber, ({ status, steps }, pick, value) => {
        const { events, states } = buildHistory(status, steps);
        const state = states.at(-1);
        const candidates =
          state?.keyResults
            .filter((kr) => !kr.removed)
            .flatMap((kr) => kr.checkIns.filter((c) => c.correctedBy === null)) ?? [];
        const original = candidates[pick % Math.max(candidates.length, 1)];
        if (state === undefined || original === undefined) return;
        const command = ObjectiveCommandSchema.parse({
          type: 'CorrectCheckIn',
          commandId: 'cmd_propcorr',
          objectiveId: OBJECTIVE_ID,
          keyResultId: original.keyResultId,
          checkInId: 'chk_propcorrection',
          correctsCheckInId: original.id,
          reason: 'typo',
          ...measurementFor(state, original.keyResultId, value, true, 2),
        });
        const decision = decideObjective(command, state, objectiveCtx(status));
        expect(decision.ok).toBe(true);
        if (!decision.ok) return;
        const next = decision.events.reduce<ObjectiveState | null>(
          (current, event, i) => evolveObjective(current, record(event, events.length + i + 1, Date.now())),
          state,
        );
        expect(storedCheckIns(next)).toBe(storedCheckIns(state) + 1);
        const kept = next?.keyResults.flatMap((kr) => kr.checkIns).find((c) => c.id === original.id);
        expect(kept).toEqual({ ...original, correctedBy: 'chk_propcorrection' });
      }),
      { numRuns: 80 },
    );
  });
});

describe('decide', () => {
  it('never mutates the state it judges', () => {
    fc.assert(
      fc.property(historyArb, intentArb, ({ status, steps }, intent) => {
        const { states } = buildHistory(status, steps);
        const state = states.at(-1);
        if (state === undefined) return;
        const snapshot = structuredClone(state);
        const input = commandFor(intent, state, 9999);
        if (input !== null) decideObjective(ObjectiveCommandSchema.parse(input), state, objectiveCtx(status));
        expect(state).toEqual(snapshot);
      }),
      { numRuns: 60 },
    );
  });

  it('marks definition changes mid-cycle exactly while the cycle is active', () => {
    fc.assert(
      fc.property(historyArb, ({ status, steps }) => {
        for (const event of buildHistory(status, steps).events) {
          if ('midCycle' in event.data) expect(event.data.midCycle).toBe(status === 'active');
        }
      }),
      { numRuns: 40 },
    );
  });
});

describe('validation', () => {
  const numbersArb = fc.tuple(finiteNumber, finiteNumber, fc.boolean());
  const codeOf = (type: 'increase' | 'decrease', start: number | null, target: number) =>
    validateKeyResultDefinition(keyResultDefinition({ type, start, target }))?.code ?? null;

  it('increase and decrease are mirror images', () => {
    fc.assert(
      fc.property(numbersArb, ([start, target, startGiven]) => {
        const s = startGiven ? start : null;
        const mirrored = s === null ? null : -s;
        expect(codeOf('increase', s, target)).toBe(codeOf('decrease', mirrored, -target));
        expect(codeOf('decrease', s, target)).toBe(codeOf('increase', mirrored, -target));
      }),
    );
  });

  it('for different numbers exactly one direction is valid; for equal ones neither', () => {
    fc.assert(
      fc.property(numbersArb, ([start, target]) => {
        const valid = [codeOf('increase', start, target), codeOf('decrease', start, target)].filter(
          (c) => c === null,
        );
        expect(valid.length).toBe(Object.is(start + 0, target + 0) ? 0 : 1);
      }),
    );
  });
});
