// Helpers of the projection integration tests: playing commands through the real event store, turning
// stored event items into the DynamoDB Streams records Lambda would deliver, and reading back a whole
// generation of the views so two runs can be compared item by item.

import { Logger } from '@aws-lambda-powertools/logger';
import { type DynamoDBDocumentClient, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { decompressJson, type EventItem, EventStore } from '@okr-ledger/event-store';
import {
  CycleCommandSchema,
  type CycleEvent,
  type CycleState,
  decideCycle,
  decideObjective,
  evolveCycle,
  evolveObjective,
  ObjectiveCommandSchema,
  type ObjectiveEvent,
  type ObjectiveState,
  streamIdOf,
} from '@okr-ledger/okr-domain';
import { generationPrefix } from '@okr-ledger/projections';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { CYCLE_ID, ORG, type QuarterStep } from '../../unit/projections/fixtures/quarter.js';
import { executeCommand } from '../../support/single-command.js';

export const SNAPSHOT_SCHEMA_VERSION = 1;

/** Projector logs would drown the test output; failures are asserted on, not read from logs. */
export const quietLogger = () =>
  new Logger({
    serviceName: 'projections-test',
    logLevel: process.env.PROJECTIONS_TEST_LOG_LEVEL === 'DEBUG' ? 'DEBUG' : 'SILENT',
  });

/** Runs one scripted step through `executeCommand` with the deciders of the domain, at the step's instant. */
export async function runStep(store: EventStore, step: QuarterStep, org = ORG): Promise<void> {
  const now = new Date(step.at);
  if (step.stream === 'cycle') {
    const command = CycleCommandSchema.parse(step.command);
    const outcome = await executeCommand<CycleState, CycleEvent>({
      store,
      org,
      streamId: streamIdOf.cycle(command.cycleId),
      commandId: command.commandId,
      actor: step.actor,
      now,
      snapshotSchemaVersion: SNAPSHOT_SCHEMA_VERSION,
      decide: (state) => decideCycle(command, state, { now: step.at, actor: step.actor, role: 'admin' }),
      evolve: evolveCycle,
    });
    if (outcome.status !== 'applied') throw new Error(`${command.type} rejected: ${outcome.error.message}`);
    return;
  }
  const command = ObjectiveCommandSchema.parse(step.command);
  const cycleTip = await store.readTip<CycleState>(org, streamIdOf.cycle(CYCLE_ID));
  if (cycleTip === null) throw new Error('the cycle must exist before its objectives');
  const outcome = await executeCommand<ObjectiveState, ObjectiveEvent>({
    store,
    org,
    streamId: streamIdOf.objective(command.objectiveId),
    commandId: command.commandId,
    actor: step.actor,
    now,
    snapshotSchemaVersion: SNAPSHOT_SCHEMA_VERSION,
    cycleId: CYCLE_ID,
    decide: (state) =>
      decideObjective(command, state, {
        now: step.at,
        actor: step.actor,
        role: step.role,
        cycle: cycleTip.snapshot,
      }),
    evolve: evolveObjective,
  });
  if (outcome.status !== 'applied') throw new Error(`${command.type} rejected: ${outcome.error.message}`);
}

export async function runSteps(store: EventStore, steps: QuarterStep[], org = ORG): Promise<void> {
  for (const step of steps) await runStep(store, step, org);
}

/** Every event item of the table, in a stable order (stream, then version). */
export async function readEventItems(
  doc: DynamoDBDocumentClient,
  eventsTableName: string,
): Promise<EventItem[]> {
  const items: EventItem[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(
      new ScanCommand({
        TableName: eventsTableName,
        FilterExpression: 'kind = :event',
        ExpressionAttributeValues: { ':event': 'event' },
        ExclusiveStartKey: startKey,
      }),
    );
    items.push(...((page.Items ?? []) as EventItem[]));
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  return items.sort((a, b) => a.pk.localeCompare(b.pk) || a.version - b.version);
}

/** The items of one stream, in version order. */
export async function readStreamItems(
  doc: DynamoDBDocumentClient,
  eventsTableName: string,
  org: string,
  streamId: string,
): Promise<EventItem[]> {
  const page = await doc.send(
    new QueryCommand({
      TableName: eventsTableName,
      KeyConditionExpression: 'pk = :pk AND sk > :tip',
      ExpressionAttributeValues: { ':pk': `${org}#${streamId}`, ':tip': 0 },
    }),
  );
  return (page.Items ?? []) as EventItem[];
}

let sequence = 1_000_000;

/** A stream record as Lambda delivers it for an inserted item (new image in DynamoDB JSON). */
export function insertRecord(stored: object): DynamoDBRecord {
  const item = stored as Record<string, unknown>;
  sequence += 1;
  return {
    eventID: `event-${sequence}`,
    eventName: 'INSERT',
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'local',
    dynamodb: {
      Keys: marshall({ pk: item.pk, sk: item.sk }) as NonNullable<DynamoDBRecord['dynamodb']>['Keys'],
      NewImage: marshall(item, { removeUndefinedValues: true }) as NonNullable<
        DynamoDBRecord['dynamodb']
      >['NewImage'],
      SequenceNumber: String(sequence).padStart(21, '0'),
      SizeBytes: JSON.stringify(item).length,
      StreamViewType: 'NEW_IMAGE',
    },
  };
}

export const batchOf = (records: DynamoDBRecord[]): DynamoDBStreamEvent => ({ Records: records });

export const sequenceOf = (record: DynamoDBRecord): string => record.dynamodb?.SequenceNumber ?? '';

export interface ViewItem {
  pk: string;
  sk: string;
  [attribute: string]: unknown;
}

/** Every item of one generation, keys stripped of their generation prefix, sorted by key. */
/**
 * An item as a reader sees it: without its generation prefix, and with a compressed objective state
 * decoded, so generations compare by content rather than by the bytes of their compression.
 */
function readable(item: ViewItem, prefix: string): ViewItem {
  const { stateGzip, ...rest } = item as ViewItem & { stateGzip?: Uint8Array };
  const decoded = stateGzip === undefined ? {} : { state: decompressJson(stateGzip) };
  return { ...rest, ...decoded, pk: item.pk.slice(prefix.length) };
}

export async function readGeneration(
  doc: DynamoDBDocumentClient,
  viewsTableName: string,
  generation: number,
): Promise<ViewItem[]> {
  const prefix = generationPrefix(generation);
  const items: ViewItem[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(
      new ScanCommand({
        TableName: viewsTableName,
        FilterExpression: 'begins_with(pk, :prefix)',
        ExpressionAttributeValues: { ':prefix': prefix },
        ConsistentRead: true,
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of (page.Items ?? []) as ViewItem[]) items.push(readable(item, prefix));
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  return items.sort((a, b) => a.pk.localeCompare(b.pk) || a.sk.localeCompare(b.sk));
}

export function newStore(doc: DynamoDBDocumentClient, eventsTableName: string): EventStore {
  return new EventStore({ client: doc, tableName: eventsTableName });
}
