// Owns the writes every applier of the views shares: a consistent read of one item, a put made storable,
// the checkpoint put conditioned on the version last applied (so two writers apply an event once), one
// transaction, and the audit entries an event adds to a cycle's partition.
import { type DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { type EventStore, type StorableItem, toStorableItem } from '@okr-ledger/event-store';
import type { CycleEvent, ObjectiveEvent, RecordedEvent } from '@okr-ledger/okr-domain';
import type { AuditItem, CheckpointItem } from './items.js';
import { viewKeys } from './keys.js';

export type Put = {
  Put: {
    TableName: string;
    Item: StorableItem;
    ConditionExpression?: string;
    ExpressionAttributeValues?: Record<string, unknown>;
  };
};
export type TransactAction =
  | Put
  | {
      ConditionCheck: {
        TableName: string;
        Key: Record<string, string>;
        ConditionExpression: string;
        ExpressionAttributeValues?: Record<string, unknown>;
      };
    };

export interface ViewWrites {
  doc: DynamoDBDocumentClient;
  table: string;
  /** Read access to the events table. */
  store: EventStore;
  get<T>(key: { pk: string; sk: string }): Promise<T | null>;
  put(item: Record<string, unknown>, condition?: string): Put;
  checkpointPut(checkpoint: CheckpointItem | null, next: CheckpointItem): Put;
  transact(actions: TransactAction[]): Promise<void>;
  auditPuts(
    generation: number,
    org: string,
    cycleId: string,
    event: RecordedEvent<ObjectiveEvent | CycleEvent>,
    entries: AuditItem['entry'][],
    firstIndex?: number,
  ): Put[];
}

export function createViewWrites(doc: DynamoDBDocumentClient, table: string, store: EventStore): ViewWrites {
  const get = async <T>(key: { pk: string; sk: string }): Promise<T | null> => {
    const output = await doc.send(new GetCommand({ TableName: table, Key: key, ConsistentRead: true }));
    return (output.Item as T | undefined) ?? null;
  };

  const put = (item: Record<string, unknown>, condition?: string): Put => ({
    Put: {
      TableName: table,
      Item: toStorableItem(item),
      ...(condition === undefined ? {} : { ConditionExpression: condition }),
    },
  });

  /** The checkpoint write that makes an event's transaction fail if another writer applied it first. */
  const checkpointPut = (checkpoint: CheckpointItem | null, next: CheckpointItem): Put => {
    if (checkpoint === null) return put({ ...next }, 'attribute_not_exists(pk)');
    if (checkpoint.lastVersion === undefined) return put({ ...next }, 'attribute_not_exists(lastVersion)');
    const { Put: unconditional } = put({ ...next });
    return {
      Put: {
        ...unconditional,
        ConditionExpression: 'lastVersion = :previous',
        ExpressionAttributeValues: { ':previous': checkpoint.lastVersion },
      },
    };
  };

  const transact = async (actions: TransactAction[]): Promise<void> => {
    await doc.send(new TransactWriteCommand({ TransactItems: actions }));
  };

  const auditPuts = (
    generation: number,
    org: string,
    cycleId: string,
    event: RecordedEvent<ObjectiveEvent | CycleEvent>,
    entries: AuditItem['entry'][],
    firstIndex = 0,
  ): Put[] =>
    entries.map((entry, index) =>
      put({
        ...viewKeys.auditEntry(
          generation,
          org,
          cycleId,
          entry.at,
          event.streamId,
          event.version,
          firstIndex + index,
        ),
        cycleId,
        entry,
      } satisfies AuditItem),
    );

  return { doc, table, store, get, put, checkpointPut, transact, auditPuts };
}
