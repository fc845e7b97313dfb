// Owns how the store talks to DynamoDB: each request retried with backoff on transient failures and its
// consumed capacity reported, and the consistent reads of head items (at `sk = 0`: tips, command records,
// look-ups), one at a time or in batches of 100, and the pages of a query or a scan.
import type { ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  type QueryCommandInput,
  ScanCommand,
  type ScanCommandInput,
} from '@aws-sdk/lib-dynamodb';
import {
  type CapacityUsage,
  type OnConsumedCapacity,
  type StoreOperation,
  toCapacityUsage,
} from './capacity.js';
import { StoreUnavailableError } from './errors.js';
import { TIP_SK } from './items.js';
import { backoffDelay, DEFAULT_RETRY_POLICY, type RetryPolicy, realSleep, type Sleep } from './retry.js';
import type { EventStoreOptions } from './store-types.js';
import { isRetryable } from './transaction-cancellation.js';

const BATCH_GET_MAX_KEYS = 100;

export class StoreRequests {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  private readonly retry: RetryPolicy;
  private readonly sleep: Sleep;
  private readonly random: () => number;
  private readonly onConsumedCapacity: OnConsumedCapacity | undefined;

  constructor(options: EventStoreOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.retry = options.retry ?? DEFAULT_RETRY_POLICY;
    this.sleep = options.sleep ?? realSleep;
    this.random = options.random ?? Math.random;
    this.onConsumedCapacity = options.onConsumedCapacity;
    if (this.retry.maxAttempts < 1) throw new RangeError('retry.maxAttempts must be at least 1');
  }

  /** One consistent read of the item at `sk = 0` of a partition: a tip, a command record or a look-up. */
  async getHeadItem<T = Record<string, unknown>>(pk: string): Promise<T | null> {
    const output = await this.send('GetItem', (capacity) =>
      this.client.send(
        new GetCommand({
          TableName: this.tableName,
          Key: { pk, sk: TIP_SK },
          ConsistentRead: true,
          ReturnConsumedCapacity: capacity,
        }),
      ),
    );
    return (output.Item as T | undefined) ?? null;
  }

  /**
   * Consistent batch reads of the items at `sk = 0` of many partitions, 100 keys a request, retrying the
   * keys DynamoDB leaves unprocessed when it throttles.
   */
  async batchGetHeadItems(pks: readonly string[]): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    for (let start = 0; start < pks.length; start += BATCH_GET_MAX_KEYS) {
      let pending: Record<string, unknown>[] = pks
        .slice(start, start + BATCH_GET_MAX_KEYS)
        .map((pk) => ({ pk, sk: TIP_SK }));
      for (let round = 1; pending.length > 0; round += 1) {
        const keys = pending;
        const output = await this.send('BatchGetItem', (capacity) =>
          this.client.send(
            new BatchGetCommand({
              RequestItems: { [this.tableName]: { Keys: keys, ConsistentRead: true } },
              ReturnConsumedCapacity: capacity,
            }),
          ),
        );
        items.push(...(output.Responses?.[this.tableName] ?? []));
        pending = output.UnprocessedKeys?.[this.tableName]?.Keys ?? [];
        if (pending.length === 0) break;
        // DynamoDB returns unprocessed keys when it is throttling: back off like any other throttle.
        if (round >= this.retry.maxAttempts) throw new StoreUnavailableError('BatchGetItem', round);
        await this.sleep(backoffDelay(this.retry, round, this.random));
      }
    }
    return items;
  }

  /**
   * The items of a query or a scan of this table, a page at a time (each page one request, sent as `send`
   * sends it); a caller that stops iterating reads no further page.
   */
  async *pages(
    operation: 'Query' | 'Scan',
    input: Omit<QueryCommandInput & ScanCommandInput, 'TableName' | 'ExclusiveStartKey'>,
  ): AsyncGenerator<Record<string, unknown>[]> {
    let startKey: Record<string, unknown> | undefined;
    do {
      const request = { ...input, TableName: this.tableName, ExclusiveStartKey: startKey };
      const page = await this.send(operation, (capacity) =>
        this.client.send(
          operation === 'Query'
            ? new QueryCommand({ ...request, ReturnConsumedCapacity: capacity })
            : new ScanCommand({ ...request, ReturnConsumedCapacity: capacity }),
        ),
      );
      yield page.Items ?? [];
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined);
  }

  /**
   * Sends one request, retrying transient failures with backoff, and reports each attempt to the capacity
   * listener. Failed attempts report zero units: DynamoDB returns no capacity with an error.
   */
  async send<T extends { ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[] }>(
    operation: StoreOperation,
    request: (returnConsumedCapacity: 'TOTAL' | undefined) => Promise<T>,
  ): Promise<T> {
    const capacity = this.onConsumedCapacity === undefined ? undefined : 'TOTAL';
    for (let attempt = 1; ; attempt += 1) {
      try {
        const output = await request(capacity);
        this.report(toCapacityUsage(operation, output.ConsumedCapacity));
        return output;
      } catch (error) {
        this.report({ operation, readUnits: 0, writeUnits: 0 });
        if (!isRetryable(error)) throw error;
        if (attempt >= this.retry.maxAttempts) {
          throw new StoreUnavailableError(operation, attempt, { cause: error });
        }
        await this.sleep(backoffDelay(this.retry, attempt, this.random));
      }
    }
  }

  private report(usage: CapacityUsage): void {
    this.onConsumedCapacity?.(usage);
  }
}
