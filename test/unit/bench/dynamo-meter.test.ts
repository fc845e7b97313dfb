// The DynamoDB meter's bookkeeping: which units are reads and which writes, per table, and the difference
// between two snapshots (what one measured request cost).
import { describe, expect, it } from 'vitest';
import {
  diffTally,
  emptyTally,
  operationOf,
  recordRequest,
  tablesOf,
} from '../../../bench/lib/dynamo-meter.js';

describe('recordRequest', () => {
  it('counts TOTAL capacity as read units for reads and write units for writes, per table', () => {
    // Prepare
    const tally = emptyTally();

    // Act
    recordRequest(tally, 'GetItem', { TableName: 'events', CapacityUnits: 1.5 }, ['events']);
    recordRequest(tally, 'TransactWriteItems', [{ TableName: 'events', CapacityUnits: 8 }], ['events']);
    recordRequest(tally, 'Query', { TableName: 'views', CapacityUnits: 96 }, ['views']);

    // Assess
    expect(tally.requests).toBe(3);
    expect(tally.readUnits).toBe(97.5);
    expect(tally.writeUnits).toBe(8);
    expect(tally.byOperation).toEqual({ GetItem: 1, TransactWriteItems: 1, Query: 1 });
    expect(tally.byTable).toEqual({
      events: { requests: 2, readUnits: 1.5, writeUnits: 8 },
      views: { requests: 1, readUnits: 96, writeUnits: 0 },
    });
  });

  it('keeps explicit read and write units, and counts a failed request with no units', () => {
    // Prepare
    const tally = emptyTally();

    // Act
    recordRequest(
      tally,
      'TransactWriteItems',
      { TableName: 'events', ReadCapacityUnits: 2, WriteCapacityUnits: 4, CapacityUnits: 6 },
      [],
    );
    recordRequest(tally, 'TransactWriteItems', undefined, ['events']);

    // Assess
    expect(tally).toMatchObject({ requests: 2, readUnits: 2, writeUnits: 4 });
    expect(tally.byTable.events).toEqual({ requests: 2, readUnits: 2, writeUnits: 4 });
  });
});

describe('tablesOf and operationOf', () => {
  it('finds the tables of single-table, batch and transactional requests', () => {
    expect(tablesOf({ TableName: 'events' })).toEqual(['events']);
    expect(tablesOf({ RequestItems: { events: {}, views: {} } })).toEqual(['events', 'views']);
    expect(
      tablesOf({
        TransactItems: [
          { Put: { TableName: 'events' } },
          { ConditionCheck: { TableName: 'views' } },
          { Update: { TableName: 'events' } },
        ],
      }),
    ).toEqual(['events', 'views']);
  });

  it('names operations without the Command suffix', () => {
    expect(operationOf('TransactWriteItemsCommand')).toBe('TransactWriteItems');
  });
});

describe('diffTally', () => {
  it('is what happened between two snapshots, leaving out what did not change', () => {
    // Prepare
    const before = emptyTally();
    recordRequest(before, 'GetItem', { TableName: 'events', CapacityUnits: 1 }, ['events']);
    const after = structuredClone(before);
    recordRequest(after, 'Query', { TableName: 'views', CapacityUnits: 20 }, ['views']);
    after.billedReadUnits += 3;

    // Act
    const diff = diffTally(after, before);

    // Assess
    expect(diff).toEqual({
      requests: 1,
      readUnits: 20,
      writeUnits: 0,
      billedReadUnits: 3,
      billedWriteUnits: 0,
      byOperation: { Query: 1 },
      byTable: { views: { requests: 1, readUnits: 20, writeUnits: 0 } },
    });
  });
});
