// Two small transformations of the bench: retargeting a captured transaction to the mirror organization
// (the bare-write baseline) and summing the requests one add-on action sent.
import { describe, expect, it } from 'vitest';
import { retargetOrganization } from '../../../bench/lib/retarget.js';
import { routeTemplate, summarizeRequests } from '../../../bench/lib/served-requests.js';

describe('retargetOrganization', () => {
  it('moves keys and org attributes to the other organization and leaves other text alone', () => {
    // Prepare
    const transaction = {
      TransactItems: [
        {
          Put: {
            TableName: 'events',
            Item: {
              pk: { S: 'latency-api#objective-obj_lato0001' },
              org: { S: 'latency-api' },
              note: { S: 'from latency-api' },
              snapshotGzip: { B: new Uint8Array([31, 139, 8, 0]) },
            },
          },
        },
        { Put: { TableName: 'events', Item: { pk: { S: 'latency-api#cmd#srv-1' } } } },
      ],
    };

    // Act
    const mirrored = retargetOrganization(transaction, 'latency-api', 'latency-raw');

    // Assess
    expect(mirrored.TransactItems[0]?.Put.Item).toEqual({
      pk: { S: 'latency-raw#objective-obj_lato0001' },
      org: { S: 'latency-raw' },
      note: { S: 'from latency-api' },
      // Bytes stay bytes, so the replayed item has the captured item's size.
      snapshotGzip: { B: new Uint8Array([31, 139, 8, 0]) },
    });
    expect(mirrored.TransactItems[1]?.Put.Item.pk).toEqual({ S: 'latency-raw#cmd#srv-1' });
    expect(transaction.TransactItems[0]?.Put.Item.org).toEqual({ S: 'latency-api' });
  });

  it('refuses organizations of different lengths (the items would change size)', () => {
    expect(() => retargetOrganization({}, 'acme', 'acme-2')).toThrow(RangeError);
  });
});

describe('served requests', () => {
  it('reduces paths to their route', () => {
    expect(routeTemplate('/v1/orgs/bench/cycles')).toBe('/cycles');
    expect(routeTemplate('/v1/orgs/bench/cycles/kr50/okrs')).toBe('/cycles/{cycle}/okrs');
    expect(routeTemplate('/v1/orgs/bench/key-results/kr_abcdefgh/history')).toBe('/key-results/{kr}/history');
  });

  it('sums calls and body bytes of one action', () => {
    // Act
    const summary = summarizeRequests([
      { method: 'GET', path: '/v1/orgs/bench/cycles', status: 200, requestBytes: 0, responseBytes: 700 },
      {
        method: 'POST',
        path: '/v1/orgs/bench/cycles/kr1000/commands',
        status: 200,
        requestBytes: 97_000,
        responseBytes: 1_600_000,
      },
      {
        method: 'POST',
        path: '/v1/orgs/bench/cycles/kr1000/commands',
        status: 200,
        requestBytes: 98_000,
        responseBytes: 1_650_000,
      },
    ]);

    // Assess
    expect(summary).toEqual({
      httpCalls: 3,
      requestBytes: 195_000,
      responseBytes: 3_250_700,
      calls: { 'GET /cycles': 1, 'POST /cycles/{cycle}/commands': 2 },
    });
  });
});
