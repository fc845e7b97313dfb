// The billing rules the bench applies to the items a request wrote or read.
import { marshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import { billedReadUnits, billedWriteUnits, itemBytes } from '../../../bench/lib/billed-units.js';

const sized = (bytes: number) => ({
  pk: 'p',
  sk: 0,
  body: 'x'.repeat(bytes - 'pk'.length - 1 - 'sk'.length - 2 - 'body'.length),
});

describe('billed units', () => {
  it('measures an item the same marshalled or native', () => {
    const item = {
      pk: 'acme#objective-x',
      sk: 3,
      data: { note: 'hello', values: [1, 2] },
      gz: new Uint8Array(10),
    };
    expect(itemBytes(marshall(item))).toBe(itemBytes(item));
  });

  it('bills a transactional write twice per started KB of each item, the tip update on what it sets', () => {
    const units = billedWriteUnits('TransactWriteItems', {
      TransactItems: [
        { Put: { Item: marshall(sized(900)) } },
        { Put: { Item: marshall(sized(1_500)) } },
        {
          Update: {
            Key: marshall({ pk: 'p', sk: 0 }),
            ExpressionAttributeNames: { '#body': 'body' },
            ExpressionAttributeValues: marshall({ ':body': 'y'.repeat(3_000) }),
          },
        },
      ],
    });
    // 1 KB + 2 KB + 3 KB, each doubled.
    expect(units).toBe(2 * (1 + 2 + 3));
  });

  it('bills a consistent read per started 4 KB of each item, and a query on its items together', () => {
    expect(billedReadUnits('GetItem', { Item: marshall(sized(5_000)) })).toBe(2);
    expect(
      billedReadUnits('BatchGetItem', { Responses: { t: [marshall(sized(100)), marshall(sized(4_200))] } }),
    ).toBe(1 + 2);
    expect(billedReadUnits('Query', { Items: [marshall(sized(3_000)), marshall(sized(3_000))] })).toBe(2);
  });
});
