// The projector killed in the middle of a batch, twice, with writers going on while it is down: each
// restart resumes from the positions the poller persisted, so the half-applied batch is delivered again,
// and the views it ends with must equal views rebuilt from scratch out of the same events.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { EventStore } from '@okr-ledger/event-store';
import { createProjector, type Projector, startLocalPoller } from '@okr-ledger/projector';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { useTestTables } from '../../support/dynamo.js';
import { quarterInOrder } from '../../unit/projections/fixtures/quarter.js';
import { runSteps } from '../projections/support.js';
import {
  compareWithRebuild,
  elapsedSince,
  LOAD_TEST_TIMEOUT_MS,
  printFigures,
  readEventsTable,
  silentLogger,
  streamDefects,
} from './support.js';

const tables = useTestTables();
const reference = useTestTables({ prefix: 'projector-restart-reference' });
const store = new EventStore({ client: tables.doc, tableName: tables.eventsTableName });
/** After the quarter's close, so boards read the same instant in both views. */
const READ_AT = '2027-01-20T12:00:00.000Z';

/** Event records beyond the planned commits an armed batch must hold (the projector's concurrency and more). */
const KILL_HEADROOM = 8;

class ProjectorKilledError extends Error {
  override readonly name = 'ProjectorKilledError';
}

/**
 * Where a projector process dies: in the chosen batch, once `commits` view transactions have committed and
 * `callsAfter` more DynamoDB calls were made (reads of the next event); the call after that never happens.
 */
interface KillPlan {
  /** Batches with several event records to let through before arming. */
  skipBatches: number;
  commits: number;
  callsAfter: number;
}

interface Kill {
  plan: KillPlan;
  armed: boolean;
  /** Calls left once the planned commits are in. */
  callsLeft: number;
  killed: boolean;
  /** View transactions that committed in the armed batch before the kill. */
  committedInBatch: number;
  eventRecordsInBatch: number;
  happened: Promise<void>;
  signal: () => void;
}

function newKill(plan: KillPlan): Kill {
  let signal = () => {};
  const happened = new Promise<void>((resolve) => {
    signal = resolve;
  });
  return {
    plan,
    armed: false,
    callsLeft: plan.callsAfter,
    killed: false,
    committedInBatch: 0,
    eventRecordsInBatch: 0,
    happened,
    signal,
  };
}

/** The projector's DynamoDB client; once killed, no call of its process reaches DynamoDB any more. */
function killableClient(doc: DynamoDBDocumentClient, kill: Kill): DynamoDBDocumentClient {
  const send = doc.send.bind(doc) as (command: unknown) => Promise<unknown>;
  const guardedSend = async (command: unknown): Promise<unknown> => {
    const commitsIn = kill.armed && kill.committedInBatch >= kill.plan.commits;
    if (commitsIn && !kill.killed && kill.callsLeft === 0) {
      kill.killed = true;
      kill.signal();
    }
    if (kill.killed) throw new ProjectorKilledError('the projector process is gone');
    if (commitsIn) kill.callsLeft -= 1;
    const output = await send(command);
    if (kill.armed && command instanceof TransactWriteCommand) kill.committedInBatch += 1;
    return output;
  };
  return new Proxy(doc, {
    get: (target, property, receiver) =>
      property === 'send' ? guardedSend : Reflect.get(target, property, receiver),
  });
}

const eventRecordsIn = (event: DynamoDBStreamEvent): number =>
  event.Records.filter(
    (record) => record.eventName === 'INSERT' && record.dynamodb?.NewImage?.kind?.S === 'event',
  ).length;

/**
 * The real projector over the killable client. A killed process returns nothing: the batch it was in
 * fails as a whole, so the poller keeps its position before that batch (as Lambda would).
 */
function projectorThatDies(kill: Kill): Projector {
  const real = createProjector({
    doc: killableClient(tables.doc, kill),
    eventsTableName: tables.eventsTableName,
    viewsTableName: tables.viewsTableName,
    logger: silentLogger(),
  });
  const { plan } = kill;
  let batchesToSkip = plan.skipBatches;
  return {
    async handle(event) {
      if (kill.killed) throw new ProjectorKilledError('the projector process is gone');
      const eventRecords = eventRecordsIn(event);
      // Only a batch with well more events than the planned commits is surely stopped half-way through:
      // the projector applies several streams side by side, so a few commits may be in flight at the kill.
      if (!kill.armed && eventRecords >= plan.commits + KILL_HEADROOM) {
        if (batchesToSkip === 0) {
          kill.armed = true;
          kill.eventRecordsInBatch = eventRecords;
        } else {
          batchesToSkip -= 1;
        }
      }
      const response = await real.handle(event);
      if (kill.killed) throw new ProjectorKilledError('the projector died during this batch');
      return response;
    },
  };
}

const startPoller = (projector?: Projector) =>
  startLocalPoller({
    endpoint: tables.endpoint,
    eventsTableName: tables.eventsTableName,
    viewsTableName: tables.viewsTableName,
    intervalMs: 50,
    persistCheckpoints: true,
    logger: silentLogger(),
    ...(projector === undefined ? {} : { projector }),
  });

/** Runs a projector until it dies as planned, then stops its poller like a crashed host. */
async function runUntilKilled(plan: KillPlan): Promise<Kill> {
  const kill = newKill(plan);
  const poller = startPoller(projectorThatDies(kill));
  // A projector that reads the stream to its end without dying had no batch big enough to die in.
  const readToTheEnd = poller.drain(30_000).then(
    () => 'read to the end' as const,
    (error: unknown) => `stopped: ${String(error)}`,
  );
  const outcome = await Promise.race([kill.happened.then(() => 'killed' as const), readToTheEnd]);
  await poller.stop();
  if (outcome !== 'killed') throw new Error(`the projector never reached its kill point (${outcome})`);
  return kill;
}

describe('the projector stopped in the middle of a batch and restarted', () => {
  it('resumes, applies every event once and ends with views equal to a rebuild', {
    timeout: LOAD_TEST_TIMEOUT_MS,
  }, async () => {
    // Prepare: two organizations' quarters wait in the stream before any projector runs.
    const started = Date.now();
    const steps = quarterInOrder();
    const half = Math.floor(steps.length / 2);
    await Promise.all(['north', 'south'].map((org) => runSteps(store, steps, org)));

    // Act: killed in its second batch; a third organization plans while it is down; on restart killed
    // again while redoing the half-applied batch; the third organization finishes its quarter; the last
    // restart runs to the end.
    const firstKill = await runUntilKilled({ skipBatches: 1, commits: 3, callsAfter: 1 });
    await runSteps(store, steps.slice(0, half), 'west');
    const secondKill = await runUntilKilled({ skipBatches: 0, commits: 2, callsAfter: 0 });
    await runSteps(store, steps.slice(half), 'west');
    const last = startPoller();
    try {
      await last.drain(45_000);
    } finally {
      await last.stop();
    }

    // Assess: each kill fell inside a batch that had already committed part of its views.
    for (const kill of [firstKill, secondKill]) {
      expect(kill.killed).toBe(true);
      expect(kill.committedInBatch).toBeGreaterThan(0);
      expect(kill.committedInBatch).toBeLessThan(kill.eventRecordsInBatch);
    }
    const contents = await readEventsTable(tables.doc, tables.eventsTableName);
    expect(streamDefects(contents)).toEqual([]);
    const comparison = await compareWithRebuild({
      doc: tables.doc,
      eventsTableName: tables.eventsTableName,
      events: contents.events,
      liveViewsTableName: tables.viewsTableName,
      referenceViewsTableName: reference.viewsTableName,
      at: READ_AT,
    });
    expect(comparison.eventsReplayed).toBe(comparison.eventsWithViews);
    expect(Object.keys(comparison.live)).toEqual(['north', 'south', 'west']);
    expect(comparison.live).toEqual(comparison.rebuilt);
    printFigures('projector restart', {
      commands: steps.length * 3,
      events: contents.events.length,
      kills: 2,
      ms: elapsedSince(started),
    });
  });
});
