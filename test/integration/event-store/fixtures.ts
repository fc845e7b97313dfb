// Shared test vocabulary for the event-store tests: a tiny counter aggregate (so store behaviour is tested
// apart from OKR rules) and helpers that build appends.
import { type AppendInput, EventStore, type StoredEvent } from '@okr-ledger/event-store';
import { accept, type Decision, reject } from '@okr-ledger/okr-domain';

export const ORG = 'acme';
export const ACTOR = { sub: 'google-oauth2|1001', email: 'ana@acme.example' };

export type CounterEvent =
  | { type: 'CounterOpened'; data: { name: string } }
  | { type: 'CounterIncremented'; data: { by: number; tag: string } };

export interface CounterState {
  name: string;
  total: number;
  tags: string[];
}

export const COUNTER_SNAPSHOT_VERSION = 1;

export function evolveCounter(state: CounterState | null, event: StoredEvent<CounterEvent>): CounterState {
  switch (event.type) {
    case 'CounterOpened':
      return { name: event.data.name, total: 0, tags: [] };
    case 'CounterIncremented':
      if (state === null) throw new Error(`${event.streamId}: increment before open`);
      return { ...state, total: state.total + event.data.by, tags: [...state.tags, event.data.tag] };
  }
}

export const openCounter =
  (name: string) =>
  (state: CounterState | null): Decision<CounterEvent> =>
    state === null
      ? accept({ type: 'CounterOpened', data: { name } })
      : reject('already_exists', `counter ${name} exists`);

export const increment =
  (by: number, tag: string) =>
  (state: CounterState | null): Decision<CounterEvent> =>
    state === null
      ? reject('not_found', 'no such counter')
      : accept({ type: 'CounterIncremented', data: { by, tag } });

/** `count` increments of 1, tagged `{tag}0`, `{tag}1`, … */
export const increments = (count: number, tag = 't'): CounterEvent[] =>
  Array.from({ length: count }, (_, index) => ({
    type: 'CounterIncremented' as const,
    data: { by: 1, tag: `${tag}${index}` },
  }));

let sequence = 0;
const nextSequence = (): number => {
  sequence += 1;
  return sequence;
};

/** Command ids must be unique per test run; a readable prefix helps when reading the table. */
export const newCommandId = (label = 'cmd'): string =>
  `${label}-${process.pid}-${Date.now().toString(36)}-${nextSequence()}`;

export const newStreamId = (label = 'counter'): string =>
  `${label}-${Date.now().toString(36)}-${nextSequence()}`;

export function counterAppend(
  streamId: string,
  expectedVersion: number,
  events: CounterEvent[],
  overrides: Partial<AppendInput<CounterEvent>> = {},
): AppendInput<CounterEvent> {
  return {
    org: ORG,
    streamId,
    expectedVersion,
    events,
    metadata: { actor: ACTOR, commandId: newCommandId(), recordedAt: '2026-10-01T09:00:00.000Z' },
    snapshot: { note: 'test snapshot', version: expectedVersion + events.length },
    snapshotSchemaVersion: 1,
    ...overrides,
  };
}

/** A store with waits shortened: the tests exercise retries, not patience. */
export const testStore = (options: ConstructorParameters<typeof EventStore>[0]): EventStore =>
  new EventStore({ sleep: () => Promise.resolve(), ...options });
