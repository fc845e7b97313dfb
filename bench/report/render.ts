// Turns one run's results into the markdown the bench prints and writes to bench/README-table.md: exact
// counts first (they do not depend on the machine), then the ratios measured side by side in the run, with
// the absolute times labelled as this machine's.
import { formatMs, formatNumber, formatRatio, markdownTable, versus } from '../lib/markdown.js';
import type { ApiCostRow, BenchResults } from './results.js';

const count = (value: number) => formatNumber(value, 2);

function commandTable(rows: readonly ApiCostRow[]): string {
  return markdownTable(
    [
      'Command',
      'Route',
      'DynamoDB requests',
      'events / views',
      'Read units',
      'Write units',
      'Billed read / write (AWS)',
      'Bytes in → out',
    ],
    rows.map((row) => [
      row.varies ? `${row.name} (varies)` : row.name,
      row.route,
      count(row.requests),
      `${count(row.eventsRequests)} / ${count(row.viewsRequests)}`,
      count(row.readUnits),
      count(row.writeUnits),
      `${count(row.billedReadUnits ?? 0)} / ${count(row.billedWriteUnits ?? 0)}`,
      `${count(row.requestBytes)} → ${count(row.responseBytes)}`,
    ]),
    ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'right'],
  );
}

function readTable(rows: readonly ApiCostRow[]): string {
  return markdownTable(
    ['Read', 'Route', 'DynamoDB requests', 'events / views', 'Read units', 'Response bytes'],
    rows.map((row) => [
      row.varies ? `${row.name} (varies)` : row.name,
      row.route,
      count(row.requests),
      `${count(row.eventsRequests)} / ${count(row.viewsRequests)}`,
      count(row.readUnits),
      count(row.responseBytes),
    ]),
    ['left', 'left', 'right', 'right', 'right', 'right'],
  );
}

export function renderMarkdown(results: BenchResults): string {
  const { machine } = results;
  const date = results.date.slice(0, 10);
  const sections: string[] = [];
  sections.push(
    `Measured ${date} on Node ${machine.node}, ${machine.cpus} × ${machine.cpuModel} (load average ` +
      `${machine.loadAverage.start} → ${machine.loadAverage.end}), DynamoDB Local from ${machine.dynamoDbLocal}; the run ` +
      `took ${formatNumber(results.durationMs / 1000, 0)} s. Rerun with \`npm run bench\` (needs Java 17+): it prints ` +
      'these tables and rewrites them here and in `bench/results/latest.json` (raw figures).',
  );

  sections.push(
    '**DynamoDB per command**, through the API (token, membership, command handler), exact counts as DynamoDB Local ' +
      'reports them (ReturnConsumedCapacity TOTAL; transactional writes count double); "events / views" splits the ' +
      'requests by table:',
    commandTable(results.commands),
  );
  sections.push('**DynamoDB per read** (views, warm container):', readTable(results.reads));

  sections.push(
    '**Sheet pull and push**: the built add-on in the Apps Script fakes against the API over loopback HTTP; body bytes:',
    markdownTable(
      ['KRs', 'Action', 'HTTP round trips', 'Bytes sent', 'Bytes received'],
      results.sheetSync.map((row) => [
        count(row.keyResults),
        `${row.action} (${row.detail})`,
        count(row.httpCalls),
        count(row.requestBytes),
        count(row.responseBytes),
      ]),
      ['right', 'left', 'right', 'right', 'right'],
    ),
  );

  const store = results.storeComparison;
  sections.push(
    `**Side by side with Castore** (\`@castore/core\` + \`@castore/event-storage-adapter-dynamodb\`), same DynamoDB Local, ` +
      `same decider; ${store.workload}. Per operation, ours / Castore:`,
    markdownTable(
      ['Operation', 'Detail', 'Requests', 'Read units', 'Write units'],
      store.rows.map((row) => [
        row.operation,
        row.detail,
        versus(row.ours.requests, row.castore.requests),
        versus(row.ours.readUnits, row.castore.readUnits),
        versus(row.ours.writeUnits, row.castore.writeUnits),
      ]),
      ['left', 'left', 'right', 'right', 'right'],
    ),
    store.notes.map((note) => `- ${note}`).join('\n'),
  );

  const { bundles, checkInLatency: latency, replay } = results;
  sections.push(
    "**Ratios measured side by side in this run** (the absolute times are this machine's, for scale only):",
    markdownTable(
      ['Measure', 'This project', 'Baseline', 'Ratio'],
      [
        [
          `API Lambda bundle (the stack's build) vs minimal Hono Lambda, bytes loaded at cold start (the API's KR-lint chunk, ${count(bundles.api.lazyBytes)} bytes, loads on the first request)`,
          count(bundles.api.bytes),
          count(bundles.minimal.bytes),
          formatRatio(bundles.bytesRatio),
        ],
        [
          `Cold init (import in a fresh node, no --enable-source-maps, median of ${bundles.api.coldInitMs.samples.length})`,
          formatMs(bundles.api.coldInitMs.median),
          formatMs(bundles.minimal.coldInitMs.median),
          formatRatio(bundles.coldInitRatio),
        ],
        [
          'First request after cold init (an organization route without a token: 401, after loading the KR-lint chunk)',
          formatMs(bundles.api.firstRequestMs.median),
          formatMs(bundles.minimal.firstRequestMs.median),
          formatRatio(
            bundles.minimal.firstRequestMs.median > 0
              ? bundles.api.firstRequestMs.median / bundles.minimal.firstRequestMs.median
              : 0,
          ),
        ],
        [
          `Cold init of the DynamoDB clients alone on the AWS SDK (${count(bundles.sdk.bytes)} bytes) vs minimal Hono Lambda`,
          formatMs(bundles.sdk.coldInitMs.median),
          formatMs(bundles.minimal.coldInitMs.median),
          formatRatio(bundles.sdkColdInitRatio),
        ],
        [
          `Cold init of the same clients on the lean client the API ships with (${count(bundles.lean.bytes)} bytes: DynamoDB's JSON protocol signed by aws4) vs minimal Hono Lambda`,
          formatMs(bundles.lean.coldInitMs.median),
          formatMs(bundles.minimal.coldInitMs.median),
          formatRatio(bundles.leanColdInitRatio),
        ],
        [
          `Cold init of a minimal @hono/zod-openapi Lambda, one zod-validated route (${count(bundles.zodOpenApi.bytes)} bytes) vs minimal Hono Lambda`,
          formatMs(bundles.zodOpenApi.coldInitMs.median),
          formatMs(bundles.minimal.coldInitMs.median),
          formatRatio(bundles.zodOpenApiColdInitRatio),
        ],
        [
          `Cold init of the API with the check-in route alone, as a Lambda split per route would start for the hot path (${count(bundles.checkInOnly.bytes)} bytes; first request ${formatMs(bundles.checkInOnly.firstRequestMs.median)}) vs minimal Hono Lambda`,
          formatMs(bundles.checkInOnly.coldInitMs.median),
          formatMs(bundles.minimal.coldInitMs.median),
          formatRatio(bundles.checkInOnlyColdInitRatio),
        ],
        [
          `Check-in p50 through the Lambda handler as deployed (the sidebar's request; ${latency.requestsPerCheckIn.api} DynamoDB requests) vs its transaction sent bare, same client, ${latency.samples} samples`,
          formatMs(latency.api.p50),
          formatMs(latency.bare.p50),
          formatRatio(latency.ratioP50),
        ],
        [
          'Check-in p99, same samples',
          formatMs(latency.api.p99),
          formatMs(latency.bare.p99),
          formatRatio(latency.ratioP99),
        ],
        ...(latency.overHttp === undefined || latency.ratioP50OverHttp === undefined
          ? []
          : [
              [
                'Check-in p50 over loopback HTTP to the local stack’s Node server (the hop API Gateway makes in AWS), same rounds, vs the same bare transactions',
                formatMs(latency.overHttp.p50),
                formatMs(latency.bare.p50),
                formatRatio(latency.ratioP50OverHttp),
              ],
            ]),
        [
          `Replay, events/s: folded in process (${count(replay.inProcess.events)} events) vs read from DynamoDB Local and folded (${count(replay.dynamo.events)} events, ${count(replay.dynamo.requests)} queries, ${count(replay.dynamo.readUnits)} read units)`,
          count(replay.inProcess.eventsPerSecond),
          count(replay.dynamo.eventsPerSecond),
          formatRatio(replay.ratio),
        ],
        ...(replay.inProcessBefore === undefined || replay.foldSpeedup === undefined
          ? []
          : [
              [
                `Replay in process, events/s: foldObjective (one private draft per stream) vs the reduce with evolveObjective it replaced, same ${count(replay.inProcessBefore.events)} events, alternating rounds`,
                count(replay.inProcess.eventsPerSecond),
                count(replay.inProcessBefore.eventsPerSecond),
                formatRatio(replay.foldSpeedup),
              ],
            ]),
        ...store.rows.map((row) => [
          `${row.operation} vs Castore, p50`,
          formatMs(row.ours.p50Ms),
          formatMs(row.castore.p50Ms),
          formatRatio(row.timeRatio),
        ]),
      ],
      ['left', 'right', 'right', 'right'],
    ),
  );
  const lint = results.lintSpeed;
  sections.push(
    `**KR lint** (\`kr-is-output\`, compromise) over the ${count(lint.titles)} labelled KR titles, in Node: ${formatMs(lint.warmMsPerTitle)} per title warm (median of ${lint.passes} passes), ${formatRatio(lint.ratioToParse)} compromise's bare parse of the same titles (${formatMs(lint.parseMsPerTitle)}); ${formatMs(lint.firstPassMsPerTitle)} per title on the first pass, after a first call of ${formatMs(lint.firstCallMs)} that builds the lexicon.`,
  );
  return `${sections.join('\n\n')}\n`;
}
