// Request and capacity accounting, so benchmarks can say what one command costs in DynamoDB requests and
// read/write units. Only active when a listener is given: asking DynamoDB for capacity is not free.
import type { ConsumedCapacity } from '@aws-sdk/client-dynamodb';

export type StoreOperation = 'GetItem' | 'Query' | 'TransactWriteItems' | 'BatchGetItem' | 'Scan';

/** One request sent to DynamoDB (failed attempts included, with zero units). */
export interface CapacityUsage {
  operation: StoreOperation;
  readUnits: number;
  writeUnits: number;
}

export type OnConsumedCapacity = (usage: CapacityUsage) => void;

const WRITE_OPERATIONS: ReadonlySet<StoreOperation> = new Set(['TransactWriteItems']);

/** Sums what DynamoDB reported; with `TOTAL`, single-table reads report only `CapacityUnits`. */
export function toCapacityUsage(
  operation: StoreOperation,
  consumed: ConsumedCapacity | ConsumedCapacity[] | undefined,
): CapacityUsage {
  const entries = consumed === undefined ? [] : Array.isArray(consumed) ? consumed : [consumed];
  let readUnits = 0;
  let writeUnits = 0;
  for (const entry of entries) {
    const total = entry.CapacityUnits ?? 0;
    const isWrite = WRITE_OPERATIONS.has(operation);
    readUnits += entry.ReadCapacityUnits ?? (isWrite ? 0 : total);
    writeUnits += entry.WriteCapacityUnits ?? (isWrite ? total : 0);
  }
  return { operation, readUnits, writeUnits };
}

export interface CapacityTotals {
  requests: number;
  readUnits: number;
  writeUnits: number;
}

/** A ready-made listener that adds everything up, overall and per operation. */
export class CapacityCounter {
  readonly total: CapacityTotals = { requests: 0, readUnits: 0, writeUnits: 0 };
  readonly byOperation: Partial<Record<StoreOperation, CapacityTotals>> = {};

  readonly record: OnConsumedCapacity = (usage) => {
    const perOperation = this.byOperation[usage.operation] ?? { requests: 0, readUnits: 0, writeUnits: 0 };
    this.byOperation[usage.operation] = perOperation;
    for (const totals of [this.total, perOperation]) {
      totals.requests += 1;
      totals.readUnits += usage.readUnits;
      totals.writeUnits += usage.writeUnits;
    }
  };

  reset(): void {
    Object.assign(this.total, { requests: 0, readUnits: 0, writeUnits: 0 });
    for (const operation of Object.keys(this.byOperation) as StoreOperation[])
      delete this.byOperation[operation];
  }
}
