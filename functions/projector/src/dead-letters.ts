// Parked projection records, for operators (`npm run parked`): lists the dead letters the projector set
// aside, and re-drives one once its cause is fixed. A parked version was skipped, so later versions of its
// stream were folded without it; re-applying it alone would fold it onto the wrong state. A re-drive
// therefore replays the whole stream from the events table (the source of truth) into every live
// generation of the views, through the same writer the projector uses, after resetting that stream's
// view state. What still cannot be applied is parked again, and the report says so.
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import { EventStore, isTransientError } from '@okr-ledger/event-store';
import {
  createViewsWriter,
  DEAD_LETTER_PK,
  readPointer,
  toProjectable,
  viewKeys,
} from '@okr-ledger/projections';

export interface DeadLetterSummary {
  /** The dead letter's sort key: what `--redrive` takes. */
  id: string;
  org: string;
  streamId: string;
  version: number;
  parkedAt: string;
  attempts: number;
  error: string;
  generations: number[];
}

export interface RedriveReport {
  id: string;
  /** True when the version is applied now and its dead letter is gone. */
  redriven: boolean;
  /** Events of the stream replayed per generation. */
  replayed: number;
  generations: number[];
  /** Versions of the stream still parked after the replay (with the re-driven one when it failed again). */
  stillParked: number[];
  error?: string;
}

export interface DeadLettersOptions {
  doc: DynamoDBDocumentClient;
  eventsTableName: string;
  viewsTableName: string;
  now?: () => Date;
}

export class DeadLetterNotFoundError extends Error {
  override readonly name = 'DeadLetterNotFoundError';
  constructor(readonly id: string) {
    super(`No parked record ${id}; \`npm run parked\` lists them.`);
  }
}

const describeError = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);

interface CheckpointFields {
  cycleId?: string;
  parked?: number[];
}

export function createDeadLetters(options: DeadLettersOptions) {
  const { doc, viewsTableName: table } = options;
  const store = new EventStore({ client: doc, tableName: options.eventsTableName });
  const writer = createViewsWriter({
    doc,
    viewsTableName: table,
    store,
    ...(options.now === undefined ? {} : { now: options.now }),
  });

  async function list(filter: { org?: string } = {}): Promise<DeadLetterSummary[]> {
    const letters: DeadLetterSummary[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await doc.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression:
            filter.org === undefined ? 'pk = :pk' : 'pk = :pk AND begins_with(sk, :org)',
          ExpressionAttributeValues: {
            ':pk': DEAD_LETTER_PK,
            ...(filter.org === undefined ? {} : { ':org': `${filter.org}#` }),
          },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) {
        letters.push({
          id: String(item.sk),
          org: String(item.org),
          streamId: String(item.streamId),
          version: Number(item.version),
          parkedAt: String(item.parkedAt),
          attempts: Number(item.attempts),
          error: String(item.error),
          generations: Array.isArray(item.generations) ? item.generations.map(Number) : [],
        });
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined);
    return letters;
  }

  async function checkpointOf(generation: number, org: string, streamId: string) {
    const output = await doc.send(
      new GetCommand({
        TableName: table,
        Key: viewKeys.checkpoint(generation, org, streamId),
        ConsistentRead: true,
      }),
    );
    return (output.Item as CheckpointFields | undefined) ?? null;
  }

  /** Forgets what a generation folded for the stream, so its first event applies to an empty state. */
  async function resetStream(
    generation: number,
    org: string,
    streamId: string,
    cycleId: string | undefined,
  ): Promise<void> {
    const remove = async (key: { pk: string; sk: string }) =>
      doc.send(new DeleteCommand({ TableName: table, Key: key }));
    if (streamId.startsWith('objective-') && cycleId !== undefined) {
      const objectiveId = streamId.slice('objective-'.length);
      await remove(viewKeys.objective(generation, org, cycleId, objectiveId));
      await remove(viewKeys.original(generation, org, cycleId, objectiveId));
    }
    if (streamId.startsWith('cycle-')) {
      await remove(viewKeys.cycle(generation, org, streamId.slice('cycle-'.length)));
    }
    // Overwritten as a whole: no applied version, no parked list, no failure count.
    await doc.send(
      new PutCommand({
        TableName: table,
        Item: {
          ...viewKeys.checkpoint(generation, org, streamId),
          org,
          streamId,
          ...(cycleId === undefined ? {} : { cycleId }),
        },
      }),
    );
  }

  async function redrive(id: string): Promise<RedriveReport> {
    const found = await doc.send(
      new GetCommand({ TableName: table, Key: { pk: DEAD_LETTER_PK, sk: id }, ConsistentRead: true }),
    );
    const letter = found.Item;
    if (letter === undefined) throw new DeadLetterNotFoundError(id);
    const org = String(letter.org);
    const streamId = String(letter.streamId);
    const version = Number(letter.version);

    const pointer = await readPointer(doc, table);
    const generations = pointer.building === null ? [pointer.current] : [pointer.current, pointer.building];
    const events = await store.readStream<{ type: string; data: unknown }>(org, streamId);
    const created = events[0]?.data as { cycleId?: unknown } | undefined;
    const errors = new Map<number, string>();

    for (const generation of generations) {
      const checkpoint = await checkpointOf(generation, org, streamId);
      const cycleId =
        checkpoint?.cycleId ?? (typeof created?.cycleId === 'string' ? created.cycleId : undefined);
      await resetStream(generation, org, streamId, cycleId);
      for (const stored of events) {
        try {
          const projectable = toProjectable(org, stored, cycleId);
          if (projectable !== null) await writer.apply(generation, projectable, { fillGaps: false });
        } catch (error) {
          // Throttling says nothing about the event: stop, and let the operator run it again.
          if (isTransientError(error)) throw error;
          errors.set(stored.version, describeError(error));
          await writer.park([generation], {
            org,
            streamId,
            version: stored.version,
            sequenceNumber: null,
            error: describeError(error),
            attempts: 1,
            record: stored,
          });
        }
      }
    }

    const stillParked = [...errors.keys()].sort((a, b) => a - b);
    const redriven = !errors.has(version);
    // A version that failed again has a fresh dead letter; the stream's others applied now and are done.
    const ofStream = (await list({ org })).filter((entry) => entry.streamId === streamId);
    for (const entry of ofStream.filter((candidate) => !errors.has(candidate.version))) {
      await doc.send(new DeleteCommand({ TableName: table, Key: { pk: DEAD_LETTER_PK, sk: entry.id } }));
    }
    const error = errors.get(version);
    return {
      id,
      redriven,
      replayed: events.length,
      generations,
      stillParked,
      ...(error === undefined ? {} : { error }),
    };
  }

  return { list, redrive };
}

export type DeadLetters = ReturnType<typeof createDeadLetters>;
