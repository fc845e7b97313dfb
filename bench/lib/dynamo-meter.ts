// Counts what a DynamoDB client sends: requests per operation and per table, and the read and write units
// DynamoDB reports for them. It sits in the SDK middleware stack, so it sees every request of every layer
// that shares the client (event store, views reader, document client, Castore's adapter) without any hook in
// their code, and it asks for ReturnConsumedCapacity=TOTAL on every request that accepts it.
import type { ConsumedCapacity, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { billedReadUnits, billedWriteUnits } from './billed-units.js';

export interface UnitTotals {
  requests: number;
  readUnits: number;
  writeUnits: number;
}

export interface DynamoTally extends UnitTotals {
  /** What AWS would bill on demand for the same requests, from the items' sizes (see billed-units.ts). */
  billedReadUnits: number;
  billedWriteUnits: number;
  /** Requests per operation name ("GetItem", "TransactWriteItems", …). */
  byOperation: Record<string, number>;
  /** Requests and units per table; a request that spans tables counts once under each. */
  byTable: Record<string, UnitTotals>;
}

const CAPACITY_OPERATIONS = new Set([
  'GetItem',
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'Query',
  'Scan',
  'BatchGetItem',
  'BatchWriteItem',
  'TransactGetItems',
  'TransactWriteItems',
]);
const WRITE_OPERATIONS = new Set([
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'BatchWriteItem',
  'TransactWriteItems',
]);

export const emptyTally = (): DynamoTally => ({
  requests: 0,
  readUnits: 0,
  writeUnits: 0,
  billedReadUnits: 0,
  billedWriteUnits: 0,
  byOperation: {},
  byTable: {},
});

/** "GetItemCommand" → "GetItem". */
export const operationOf = (commandName: string): string => commandName.replace(/Command$/, '');

/**
 * Adds one request to `tally`. With TOTAL, DynamoDB reports a single `CapacityUnits` per table; whether
 * those are read or write units follows from the operation.
 */
export function recordRequest(
  tally: DynamoTally,
  operation: string,
  consumed: ConsumedCapacity | ConsumedCapacity[] | undefined,
  inputTables: readonly string[],
): void {
  const entries = consumed === undefined ? [] : Array.isArray(consumed) ? consumed : [consumed];
  const isWrite = WRITE_OPERATIONS.has(operation);
  tally.requests += 1;
  tally.byOperation[operation] = (tally.byOperation[operation] ?? 0) + 1;
  const tables = new Set([...inputTables, ...entries.flatMap((entry) => entry.TableName ?? [])]);
  for (const table of tables) {
    const perTable = tally.byTable[table] ?? { requests: 0, readUnits: 0, writeUnits: 0 };
    perTable.requests += 1;
    tally.byTable[table] = perTable;
  }
  for (const entry of entries) {
    const total = entry.CapacityUnits ?? 0;
    const read = entry.ReadCapacityUnits ?? (isWrite ? 0 : total);
    const write = entry.WriteCapacityUnits ?? (isWrite ? total : 0);
    tally.readUnits += read;
    tally.writeUnits += write;
    if (entry.TableName !== undefined) {
      const perTable = tally.byTable[entry.TableName] as UnitTotals;
      perTable.readUnits += read;
      perTable.writeUnits += write;
    }
  }
}

/** The tables a request names, from TableName, RequestItems or TransactItems. */
export function tablesOf(input: Record<string, unknown>): string[] {
  const tables = new Set<string>();
  if (typeof input.TableName === 'string') tables.add(input.TableName);
  if (typeof input.RequestItems === 'object' && input.RequestItems !== null) {
    for (const table of Object.keys(input.RequestItems)) tables.add(table);
  }
  if (Array.isArray(input.TransactItems)) {
    for (const action of input.TransactItems as Record<string, { TableName?: unknown }>[]) {
      for (const part of Object.values(action)) {
        if (typeof part?.TableName === 'string') tables.add(part.TableName);
      }
    }
  }
  return [...tables];
}

/** `after − before`, field by field. */
export function diffTally(after: DynamoTally, before: DynamoTally): DynamoTally {
  const diff = emptyTally();
  diff.requests = after.requests - before.requests;
  diff.readUnits = round(after.readUnits - before.readUnits);
  diff.writeUnits = round(after.writeUnits - before.writeUnits);
  diff.billedReadUnits = round(after.billedReadUnits - before.billedReadUnits);
  diff.billedWriteUnits = round(after.billedWriteUnits - before.billedWriteUnits);
  for (const [operation, count] of Object.entries(after.byOperation)) {
    const delta = count - (before.byOperation[operation] ?? 0);
    if (delta !== 0) diff.byOperation[operation] = delta;
  }
  for (const [table, totals] of Object.entries(after.byTable)) {
    const earlier = before.byTable[table] ?? { requests: 0, readUnits: 0, writeUnits: 0 };
    const delta = {
      requests: totals.requests - earlier.requests,
      readUnits: round(totals.readUnits - earlier.readUnits),
      writeUnits: round(totals.writeUnits - earlier.writeUnits),
    };
    if (delta.requests !== 0) diff.byTable[table] = delta;
  }
  return diff;
}

const round = (value: number) => Math.round(value * 1000) / 1000;

const cloneTally = (tally: DynamoTally): DynamoTally => structuredClone(tally);

export class DynamoMeter {
  private readonly tally = emptyTally();

  /** Installs the meter on `client` (and so on document clients built from it). */
  attach(client: DynamoDBClient): this {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const operation = operationOf(context.commandName ?? 'Unknown');
        const input = args.input as Record<string, unknown>;
        if (CAPACITY_OPERATIONS.has(operation) && input.ReturnConsumedCapacity === undefined) {
          input.ReturnConsumedCapacity = 'TOTAL';
        }
        const tables = tablesOf(input);
        try {
          const result = await next(args);
          const output = result.output as { ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[] };
          recordRequest(this.tally, operation, output.ConsumedCapacity, tables);
          this.tally.billedWriteUnits += billedWriteUnits(operation, input);
          this.tally.billedReadUnits += billedReadUnits(
            operation,
            result.output as unknown as Record<string, unknown>,
          );
          return result;
        } catch (error) {
          // DynamoDB returns no capacity with an error; the request still went out.
          recordRequest(this.tally, operation, undefined, tables);
          throw error;
        }
      },
      { step: 'initialize', name: 'benchDynamoMeter', override: true },
    );
    return this;
  }

  snapshot(): DynamoTally {
    return cloneTally(this.tally);
  }

  /** What `work` sent, with its result. */
  async measure<T>(work: () => Promise<T>): Promise<{ tally: DynamoTally; value: T }> {
    const before = this.snapshot();
    const value = await work();
    return { tally: diffTally(this.snapshot(), before), value };
  }
}
