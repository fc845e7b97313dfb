// Side by side with a published DynamoDB event store: Castore (@castore/core with the single-table DynamoDB
// adapter) against this project's EventStore, on the same DynamoDB Local, the same metered client settings
// and the same workload — the real objective decider and evolve on both sides, so only storage differs.
// A command is "load the state, decide, append": Castore loads by querying every event of the aggregate
// and reducing them; this store reads the stream's tip (the folded snapshot) and the command records in one
// batch read, as the API does, and writes a command record and the new snapshot in the same transaction.
import { CreateTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { EventStore as CastoreEventStore, type EventDetail, EventType } from '@castore/core';
import {
  DynamoDBSingleTableEventStorageAdapter,
  EVENT_TABLE_EVENT_STORE_ID_KEY,
  EVENT_TABLE_INITIAL_EVENT_INDEX_NAME,
  EVENT_TABLE_PK,
  EVENT_TABLE_SK,
  EVENT_TABLE_TIMESTAMP_KEY,
} from '@castore/event-storage-adapter-dynamodb';
import { runObjectiveCommands } from '@okr-ledger/command-handling';
import { EventStore, type StoredEvent } from '@okr-ledger/event-store';
import {
  type Actor,
  type CycleState,
  EVENT_SCHEMA_VERSION,
  effectiveCheckIns,
  OBJECTIVE_EVENT_TYPES,
  evolveObjective,
  foldObjective,
  type ObjectiveCommand,
  type ObjectiveEvent,
  type ObjectiveState,
  type RecordedEvent,
  streamIdOf,
} from '@okr-ledger/okr-domain';
import type { DynamoMeter, DynamoTally } from '../lib/dynamo-meter.js';
import { mean, median, ratio, round } from '../lib/stats.js';
import type { StoreComparison, StoreComparisonRow, StoreSide } from '../report/results.js';
import {
  activeCycle,
  checkInCommands,
  decideAll,
  KEY_RESULTS_PER_OBJECTIVE,
  objectiveCommands,
  objectiveIdFor,
} from '../setup/workload.js';

const ORG = 'store-bench';
const CASTORE_TABLE = 'bench-castore';
const CASTORE_STORE_ID = 'OBJECTIVES';
const OBJECTIVES = 3;
/** More objectives are created than followed through the quarter, so the create timing has samples enough. */
const CREATED_OBJECTIVES = 12;
/** A quarter of weekly check-ins on every KR, one command each. */
const WEEKS = 13;
const LOADS_PER_OBJECTIVE = 5;

interface CommandMetadata {
  actor: Actor;
  commandId: string;
}

type CastoreDetail = EventDetail<string, unknown, CommandMetadata>;

interface CastoreAggregate {
  aggregateId: string;
  version: number;
  state: ObjectiveState;
}

/** A Castore event as the domain's recorded event, so the same evolve folds both stores' streams. */
function toRecorded(detail: CastoreDetail): RecordedEvent<ObjectiveEvent> {
  return {
    type: detail.type,
    data: detail.payload,
    streamId: streamIdOf.objective(detail.aggregateId),
    version: detail.version,
    metadata: {
      actor: detail.metadata.actor,
      commandId: detail.metadata.commandId,
      recordedAt: detail.timestamp,
      schemaVersion: EVENT_SCHEMA_VERSION,
    },
  } as RecordedEvent<ObjectiveEvent>;
}

function createCastoreStore(client: DynamoDBClient) {
  return new CastoreEventStore({
    eventStoreId: CASTORE_STORE_ID,
    eventTypes: [...OBJECTIVE_EVENT_TYPES].map(
      (type) => new EventType<string, unknown, CommandMetadata>({ type }),
    ),
    reducer: (aggregate: CastoreAggregate | undefined, event: CastoreDetail): CastoreAggregate => ({
      aggregateId: event.aggregateId,
      version: event.version,
      state: evolveObjective(aggregate?.state ?? null, toRecorded(event)),
    }),
    eventStorageAdapter: new DynamoDBSingleTableEventStorageAdapter({
      tableName: CASTORE_TABLE,
      dynamoDBClient: client,
    }),
  });
}

type CastoreStore = ReturnType<typeof createCastoreStore>;

/** The table Castore's README prescribes for the single-table adapter. */
async function createCastoreTable(client: DynamoDBClient): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: CASTORE_TABLE,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: EVENT_TABLE_PK, AttributeType: 'S' },
        { AttributeName: EVENT_TABLE_SK, AttributeType: 'N' },
        { AttributeName: EVENT_TABLE_EVENT_STORE_ID_KEY, AttributeType: 'S' },
        { AttributeName: EVENT_TABLE_TIMESTAMP_KEY, AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: EVENT_TABLE_PK, KeyType: 'HASH' },
        { AttributeName: EVENT_TABLE_SK, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: EVENT_TABLE_INITIAL_EVENT_INDEX_NAME,
          KeySchema: [
            { AttributeName: EVENT_TABLE_EVENT_STORE_ID_KEY, KeyType: 'HASH' },
            { AttributeName: EVENT_TABLE_TIMESTAMP_KEY, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'KEYS_ONLY' },
        },
      ],
    }),
  );
}

interface Sample {
  tally: DynamoTally;
  ms: number;
}

interface Sides {
  ours: Sample[];
  castore: Sample[];
}

const newSides = (): Sides => ({ ours: [], castore: [] });

function sideOf(samples: Sample[]): StoreSide {
  return {
    requests: round(mean(samples.map((s) => s.tally.requests)), 2),
    readUnits: round(mean(samples.map((s) => s.tally.readUnits)), 2),
    writeUnits: round(mean(samples.map((s) => s.tally.writeUnits)), 2),
    p50Ms: round(median(samples.map((s) => s.ms)), 3),
  };
}

function rowOf(operation: string, detail: string, sides: Sides): StoreComparisonRow {
  const ours = sideOf(sides.ours);
  const castore = sideOf(sides.castore);
  return { operation, detail, ours, castore, timeRatio: round(ratio(ours.p50Ms, castore.p50Ms) ?? 0, 2) };
}

export interface StoreComparisonContext {
  client: DynamoDBClient;
  eventsTableName: string;
  meter: DynamoMeter;
  actor: Actor;
}

export async function compareWithCastore(ctx: StoreComparisonContext): Promise<StoreComparison> {
  const { client, meter, actor } = ctx;
  await createCastoreTable(client);
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const ours = new EventStore({ client: doc, tableName: ctx.eventsTableName });
  const castore: CastoreStore = createCastoreStore(client);
  const cycle: CycleState = activeCycle('store-bench', new Date());

  const measure = async (work: () => Promise<unknown>): Promise<Sample> => {
    const started = performance.now();
    const { tally } = await meter.measure(work);
    return { tally, ms: performance.now() - started };
  };

  const runOurs = async (objectiveId: string, commands: ObjectiveCommand[]) => {
    const now = new Date();
    const writer = { store: ours, org: ORG, actor, role: 'admin' as const, clock: () => now };
    // As the API's check-in route does it: the tip and the command records in one batch read, then the
    // transaction (the command handler decides on what the read brought, without reading again).
    const streamId = streamIdOf.objective(objectiveId);
    const heads = await ours.readHeads<ObjectiveState>(ORG, {
      streamIds: [streamId],
      commandIds: commands.map((command) => command.commandId),
    });
    const handled = await runObjectiveCommands(writer, cycle, objectiveId, commands, {
      prefetched: { tip: heads.tips.get(streamId) ?? null, records: heads.records },
    });
    const refused = handled.verdicts.find((verdict) => verdict.status !== 'applied');
    if (refused) throw new Error(`our store refused ${commands[0]?.type}: ${refused.status}`);
  };

  const runCastore = async (objectiveId: string, commands: ObjectiveCommand[]) => {
    const now = new Date();
    const { aggregate } = await castore.getAggregate(objectiveId);
    const decided = decideAll(commands, cycle, actor, now, aggregate?.state ?? null);
    const from = aggregate?.version ?? 0;
    const metadata: CommandMetadata = { actor, commandId: commands[0]?.commandId ?? 'unknown' };
    const details = decided.events.map((event, index) => ({
      aggregateId: objectiveId,
      version: from + 1 + index,
      type: event.type,
      payload: event.data,
      metadata,
    }));
    const [first, ...rest] = details;
    if (first === undefined) return;
    if (rest.length === 0) {
      await castore.pushEvent(first);
      return;
    }
    // Several events of one command go in one TransactWriteItems, Castore's event group.
    const [head, ...tail] = details.map((detail) => castore.groupEvent(detail));
    if (head === undefined) return;
    await CastoreEventStore.pushEventGroup(head, ...(tail as [typeof head, ...(typeof head)[]]));
  };

  const loadOurs = async (objectiveId: string) => {
    const tip = await ours.readTip<ObjectiveState>(ORG, streamIdOf.objective(objectiveId));
    if (tip?.snapshot === undefined) throw new Error(`no tip for ${objectiveId}`);
    return tip.snapshot;
  };
  const replayOurs = async (objectiveId: string) =>
    foldObjective(
      (await ours.readStream<ObjectiveEvent>(
        ORG,
        streamIdOf.objective(objectiveId),
      )) as StoredEvent<ObjectiveEvent>[],
    );
  const loadCastore = async (objectiveId: string) =>
    (await castore.getExistingAggregate(objectiveId)).aggregate.state;

  /** Both sides, alternating which goes first so neither always runs on a warmer DynamoDB Local. */
  const sideBySide = async (
    step: number,
    sides: Sides,
    oursWork: () => Promise<unknown>,
    castoreWork: () => Promise<unknown>,
  ) => {
    if (step % 2 === 0) {
      sides.ours.push(await measure(oursWork));
      sides.castore.push(await measure(castoreWork));
    } else {
      sides.castore.push(await measure(castoreWork));
      sides.ours.push(await measure(oursWork));
    }
  };

  const creates = newSides();
  const checkIns = newSides();
  const loads = newSides();
  const replays = newSides();
  const createdIds = Array.from({ length: CREATED_OBJECTIVES }, (_, index) => objectiveIdFor('store', index));
  const objectiveIds = createdIds.slice(0, OBJECTIVES);
  let step = 0;
  for (const objectiveId of createdIds) {
    const commands = objectiveCommands(objectiveId, KEY_RESULTS_PER_OBJECTIVE, 'Added during the quarter.');
    await sideBySide(
      step++,
      creates,
      () => runOurs(objectiveId, commands),
      () => runCastore(objectiveId, commands),
    );
  }
  // Weeks outermost: every objective's stream grows together, as over a real quarter.
  const quarter = objectiveIds.map((objectiveId) =>
    checkInCommands(
      { objectiveId, keyResults: KEY_RESULTS_PER_OBJECTIVE, checkInsPerKeyResult: WEEKS },
      new Date(),
    ),
  );
  for (let index = 0; index < WEEKS * KEY_RESULTS_PER_OBJECTIVE; index += 1) {
    for (const [position, objectiveId] of objectiveIds.entries()) {
      const command = quarter[position]?.[index];
      if (command === undefined) continue;
      await sideBySide(
        step++,
        checkIns,
        () => runOurs(objectiveId, [command]),
        () => runCastore(objectiveId, [command]),
      );
    }
  }
  for (const objectiveId of objectiveIds) {
    const [ourState, theirState] = [await loadOurs(objectiveId), await loadCastore(objectiveId)];
    // Our tip keeps each KR's latest check-ins and counts the others; Castore's aggregate holds them all.
    const counts = (state: ObjectiveState) =>
      JSON.stringify(state.keyResults.map((kr) => effectiveCheckIns(kr).length + (kr.omittedCheckIns ?? 0)));
    if (counts(ourState) !== counts(theirState)) {
      throw new Error(`the two stores disagree on ${objectiveId}`);
    }
    for (let repeat = 0; repeat < LOADS_PER_OBJECTIVE; repeat += 1) {
      await sideBySide(
        step++,
        loads,
        () => loadOurs(objectiveId),
        () => loadCastore(objectiveId),
      );
      await sideBySide(
        step++,
        replays,
        () => replayOurs(objectiveId),
        () => loadCastore(objectiveId),
      );
    }
  }

  const eventsPerStream = 1 + KEY_RESULTS_PER_OBJECTIVE + WEEKS * KEY_RESULTS_PER_OBJECTIVE;
  return {
    workload:
      `${CREATED_OBJECTIVES} objectives created with ${KEY_RESULTS_PER_OBJECTIVE} KRs, ${OBJECTIVES} of them then given ` +
      `${WEEKS} weekly check-ins per KR (one command each) and loaded ${LOADS_PER_OBJECTIVE} times at ${eventsPerStream} events`,
    rows: [
      rowOf('append: create objective', `${1 + KEY_RESULTS_PER_OBJECTIVE} events, one transaction`, creates),
      rowOf(
        'append: check-in',
        `1 event; mean over the quarter (${WEEKS * KEY_RESULTS_PER_OBJECTIVE} per objective)`,
        checkIns,
      ),
      rowOf(
        'load aggregate',
        `at ${eventsPerStream} events: our tip snapshot vs Castore's query + reduce`,
        loads,
      ),
      rowOf(
        'load by full replay',
        `at ${eventsPerStream} events: our readStream + fold vs Castore's query + reduce`,
        replays,
      ),
    ],
    notes: [
      'Each append is a whole command: load the state, decide with the real objective decider, write.',
      "Ours reads the tip and the command record in one batch read (the API's path: two requests a command) and writes a command record and the new snapshot with the events (idempotency, one-read loads); Castore does neither.",
      `Our check-in here names its own check-in id and command id, as a sheet push does: it rewrites the tip in a transaction (units count double) and writes a command record and the check-in id's claim (the sidebar's, whose id the server derives, claims none); the tip keeps each KR's 3 latest check-ins, so our write units stay flat as the stream grows, while Castore's read units grow with it.`,
    ],
  };
}
