// Feeds the projector locally the way the Lambda event source mapping does in AWS: it reads DynamoDB
// Local's stream of the events table shard by shard (parents before children), hands each batch to the
// very same handler, and honours partial batch failures by reading again from the failed record.
// `drain()` lets tests and the local stack wait until every event written so far is in the views.
import { Logger } from '@aws-lambda-powertools/logger';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  type GetRecordsCommandOutput,
  GetShardIteratorCommand,
  type _Record as StreamsRecord,
} from '@aws-sdk/client-dynamodb-streams';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { createDynamoClients, LOCAL_DYNAMO_SETTINGS } from '@okr-ledger/event-store';
import type { DynamoDBRecord } from 'aws-lambda';
import { toLambdaImage } from './attribute-values.js';
import { createProjector, type Projector } from './projector.js';

export interface LocalPollerOptions {
  endpoint: string;
  eventsTableName: string;
  viewsTableName: string;
  /** Wait when the stream has nothing new. */
  intervalMs?: number;
  /** Records per GetRecords call (and so per handler batch). */
  batchSize?: number;
  /** How often the list of shards is read again (new shards appear as old ones close). */
  shardRefreshMs?: number;
  /** Keep each shard's position in the views table, so a restarted local stack resumes where it stopped. */
  persistCheckpoints?: boolean;
  logger?: Logger;
  /** The handler to feed; by default the projector over the same tables. */
  projector?: Projector;
}

export interface LocalPoller {
  /** Resolves once every record written before the call has been handed to the handler and applied. */
  drain(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export class DrainTimeoutError extends Error {
  override readonly name = 'DrainTimeoutError';
}

interface ShardState {
  shardId: string;
  parentShardId: string | undefined;
  iterator: string | null;
  /** Sequence number of the last record handed over and applied. */
  checkpoint: string | null;
  /** Closed and read to its end. */
  finished: boolean;
}

type ShardPoll = 'empty' | 'records' | 'pending' | 'finished';

interface DrainWaiter {
  /** Cycles started before the drain was asked for; a later cycle must find the stream caught up. */
  after: number;
  resolve: () => void;
  reject: (error: Error) => void;
}

const DEFAULT_INTERVAL_MS = 200;
const DEFAULT_BATCH_SIZE = 100;
const DEFAULT_SHARD_REFRESH_MS = 2_000;
const DEFAULT_DRAIN_TIMEOUT_MS = 30_000;
const CHECKPOINT_PK = 'poller#checkpoint';

const isNamed = (error: unknown, ...names: string[]): boolean =>
  typeof error === 'object' && error !== null && names.includes(String((error as { name?: unknown }).name));

function toLambdaRecord(record: StreamsRecord, streamArn: string): DynamoDBRecord {
  const stream = record.dynamodb;
  return {
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: record.eventVersion,
    eventSource: record.eventSource ?? 'aws:dynamodb',
    awsRegion: record.awsRegion,
    eventSourceARN: streamArn,
    dynamodb: {
      ApproximateCreationDateTime:
        stream?.ApproximateCreationDateTime === undefined
          ? undefined
          : Math.floor(stream.ApproximateCreationDateTime.getTime() / 1000),
      Keys: stream?.Keys === undefined ? undefined : toLambdaImage(stream.Keys),
      NewImage: stream?.NewImage === undefined ? undefined : toLambdaImage(stream.NewImage),
      OldImage: stream?.OldImage === undefined ? undefined : toLambdaImage(stream.OldImage),
      SequenceNumber: stream?.SequenceNumber,
      SizeBytes: stream?.SizeBytes,
      StreamViewType: stream?.StreamViewType,
    },
  };
}

export function startLocalPoller(options: LocalPollerOptions): LocalPoller {
  const intervalMs = options.intervalMs ?? DEFAULT_INTERVAL_MS;
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const shardRefreshMs = options.shardRefreshMs ?? DEFAULT_SHARD_REFRESH_MS;
  const logger = options.logger ?? new Logger({ serviceName: 'okr-ledger-local-poller' });
  const { client, doc } = createDynamoClients({ endpoint: options.endpoint, ...LOCAL_DYNAMO_SETTINGS });
  const streams = new DynamoDBStreamsClient({ endpoint: options.endpoint, ...LOCAL_DYNAMO_SETTINGS });
  const projector =
    options.projector ??
    createProjector({
      doc,
      eventsTableName: options.eventsTableName,
      viewsTableName: options.viewsTableName,
      logger,
    });

  let streamArn: string | null = null;
  const shards = new Map<string, ShardState>();
  let lastRefresh = 0;
  let refreshRequested = true;
  let cyclesStarted = 0;
  let stopped = false;
  let wake: (() => void) | null = null;
  const waiters: DrainWaiter[] = [];

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        wake = null;
        resolve();
      }, ms);
      wake = () => {
        clearTimeout(timer);
        wake = null;
        resolve();
      };
    });

  async function loadCheckpoint(shardId: string): Promise<string | null> {
    if (!options.persistCheckpoints || streamArn === null) return null;
    const output = await doc.send(
      new GetCommand({
        TableName: options.viewsTableName,
        Key: { pk: CHECKPOINT_PK, sk: `${streamArn}#${shardId}` },
      }),
    );
    return typeof output.Item?.sequenceNumber === 'string' ? output.Item.sequenceNumber : null;
  }

  async function saveCheckpoint(shard: ShardState): Promise<void> {
    if (!options.persistCheckpoints || streamArn === null || shard.checkpoint === null) return;
    await doc.send(
      new PutCommand({
        TableName: options.viewsTableName,
        Item: { pk: CHECKPOINT_PK, sk: `${streamArn}#${shard.shardId}`, sequenceNumber: shard.checkpoint },
      }),
    );
  }

  async function refreshShards(): Promise<void> {
    const table = await client.send(new DescribeTableCommand({ TableName: options.eventsTableName }));
    const latest = table.Table?.LatestStreamArn;
    if (latest === undefined) throw new Error(`table ${options.eventsTableName} has no stream`);
    if (latest !== streamArn) {
      // A recreated table has a new stream: positions in the old one mean nothing there.
      streamArn = latest;
      shards.clear();
    }
    const listed = new Set<string>();
    let startShardId: string | undefined;
    do {
      const page = await streams.send(
        new DescribeStreamCommand({ StreamArn: latest, ExclusiveStartShardId: startShardId }),
      );
      for (const shard of page.StreamDescription?.Shards ?? []) {
        if (shard.ShardId === undefined) continue;
        listed.add(shard.ShardId);
        if (!shards.has(shard.ShardId)) {
          shards.set(shard.ShardId, {
            shardId: shard.ShardId,
            parentShardId: shard.ParentShardId,
            iterator: null,
            checkpoint: await loadCheckpoint(shard.ShardId),
            finished: false,
          });
        }
      }
      startShardId = page.StreamDescription?.LastEvaluatedShardId;
    } while (startShardId !== undefined);
    // A shard trimmed from the stream has nothing left to read.
    for (const shard of shards.values()) if (!listed.has(shard.shardId)) shard.finished = true;
    lastRefresh = Date.now();
    refreshRequested = false;
  }

  async function iteratorFor(shard: ShardState, at?: string): Promise<string | null> {
    const output = await streams.send(
      new GetShardIteratorCommand({
        StreamArn: streamArn ?? undefined,
        ShardId: shard.shardId,
        ...(at !== undefined
          ? { ShardIteratorType: 'AT_SEQUENCE_NUMBER', SequenceNumber: at }
          : shard.checkpoint !== null
            ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: shard.checkpoint }
            : { ShardIteratorType: 'TRIM_HORIZON' }),
      }),
    );
    return output.ShardIterator ?? null;
  }

  async function pollShard(shard: ShardState): Promise<ShardPoll> {
    shard.iterator ??= await iteratorFor(shard);
    if (shard.iterator === null) {
      shard.finished = true;
      return 'finished';
    }
    let output: GetRecordsCommandOutput;
    try {
      output = await streams.send(new GetRecordsCommand({ ShardIterator: shard.iterator, Limit: batchSize }));
    } catch (error) {
      if (!isNamed(error, 'ExpiredIteratorException', 'TrimmedDataAccessException')) throw error;
      shard.iterator = null;
      return 'pending';
    }
    const records = output.Records ?? [];
    if (records.length > 0) {
      const arn = streamArn ?? '';
      let failedAt: string | undefined;
      try {
        const response = await projector.handle({
          Records: records.map((record) => toLambdaRecord(record, arn)),
        });
        failedAt = response.batchItemFailures[0]?.itemIdentifier;
      } catch (error) {
        // A handler that throws fails the whole batch, as in Lambda.
        logger.error('projector failed a whole batch', { error: String(error) });
        failedAt = records[0]?.dynamodb?.SequenceNumber;
      }
      if (failedAt !== undefined) {
        const failedIndex = records.findIndex((record) => record.dynamodb?.SequenceNumber === failedAt);
        const lastApplied = failedIndex > 0 ? records[failedIndex - 1]?.dynamodb?.SequenceNumber : undefined;
        if (lastApplied !== undefined) shard.checkpoint = lastApplied;
        await saveCheckpoint(shard);
        shard.iterator = await iteratorFor(shard, failedAt);
        return 'pending';
      }
      shard.checkpoint = records.at(-1)?.dynamodb?.SequenceNumber ?? shard.checkpoint;
      await saveCheckpoint(shard);
    }
    shard.iterator = output.NextShardIterator ?? null;
    if (shard.iterator === null) {
      shard.finished = true;
      return 'finished';
    }
    return records.length > 0 ? 'records' : 'empty';
  }

  /** One pass over the shards; caught up when every readable shard had nothing new. */
  async function pollCycle(): Promise<{ caughtUp: boolean; delivered: boolean }> {
    if (refreshRequested || shards.size === 0 || Date.now() - lastRefresh > shardRefreshMs)
      await refreshShards();
    let caughtUp = true;
    let delivered = false;
    for (const shard of shards.values()) {
      if (shard.finished) continue;
      const parent = shard.parentShardId === undefined ? undefined : shards.get(shard.parentShardId);
      if (parent !== undefined && !parent.finished) {
        // Records of a key continue in the child only after the parent's: read the parent to its end first.
        caughtUp = false;
        continue;
      }
      const result = await pollShard(shard);
      if (result === 'finished') refreshRequested = true;
      if (result === 'records' || result === 'pending') caughtUp = false;
      delivered ||= result === 'records';
    }
    return { caughtUp, delivered };
  }

  const loop = (async () => {
    while (!stopped) {
      cyclesStarted += 1;
      const cycle = cyclesStarted;
      let rest = intervalMs;
      try {
        const { caughtUp, delivered } = await pollCycle();
        if (caughtUp) {
          for (const waiter of waiters.filter((candidate) => candidate.after < cycle)) {
            waiters.splice(waiters.indexOf(waiter), 1);
            waiter.resolve();
          }
        }
        // More may be waiting right behind a full batch; otherwise rest.
        if (delivered) rest = 0;
      } catch (error) {
        if (stopped) break;
        logger.error('polling the events stream failed; retrying', { error: String(error) });
      }
      if (rest > 0 && !stopped) await pause(rest);
    }
  })();

  return {
    drain(timeoutMs = DEFAULT_DRAIN_TIMEOUT_MS) {
      if (stopped) return Promise.reject(new Error('the local poller is stopped'));
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          const index = waiters.indexOf(waiter);
          if (index >= 0) waiters.splice(index, 1);
          reject(new DrainTimeoutError(`the events stream was not drained within ${timeoutMs} ms`));
        }, timeoutMs);
        const waiter: DrainWaiter = {
          after: cyclesStarted,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
          reject: (error) => {
            clearTimeout(timer);
            reject(error);
          },
        };
        waiters.push(waiter);
        // New shards may have opened since the last look; and there is no reason to finish a nap first.
        refreshRequested = true;
        wake?.();
      });
    },

    async stop() {
      if (stopped) return;
      stopped = true;
      wake?.();
      await loop;
      for (const waiter of waiters.splice(0)) waiter.reject(new Error('the local poller was stopped'));
      streams.destroy();
      client.destroy();
    },
  };
}
