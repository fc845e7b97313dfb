// Twenty clients, fifty commands each (see load-client.ts), over real HTTP on the loopback interface:
// sidebar check-ins (some repeated with their idempotency key, some with a stale If-Match) and sheet
// pushes mixing edits, initiatives, stale versions and invalid rows, many of them on six objectives
// everybody shares. Every command carries a marker in the text it stores, so the events table is checked
// command by command: each acknowledged command stored exactly once, nothing refused stored at all,
// versions contiguous, and the views the projector kept during the load equal to a rebuild.

import { type LocalPoller, startLocalPoller } from '@okr-ledger/projector';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestTables } from '../../support/dynamo.js';
import { createLoadApi, type HttpServer, type LoadApi, serveOverHttp } from './api-harness.js';
import { LoadClient, markerOf, type Verdict } from './load-client.js';
import { type Seeded, seedOrganization } from './scenario.js';
import {
  compareWithRebuild,
  elapsedSince,
  LOAD_TEST_TIMEOUT_MS,
  printFigures,
  readEventsTable,
  silentLogger,
  streamDefects,
} from './support.js';

const tables = useTestTables();
const reference = useTestTables({ prefix: 'concurrent-reference' });
const CLIENTS = 20;
const COMMANDS_PER_CLIENT = 50;
const SHARED_OBJECTIVES = 6;

let api: LoadApi;
let http: HttpServer;
let poller: LocalPoller;
let seeded: Seeded;

beforeAll(async () => {
  api = await createLoadApi(tables);
  http = await serveOverHttp(api);
  poller = startLocalPoller({
    endpoint: tables.endpoint,
    eventsTableName: tables.eventsTableName,
    viewsTableName: tables.viewsTableName,
    intervalMs: 100,
    logger: silentLogger(),
  });
  seeded = await seedOrganization(api, {
    org: 'loadco',
    editors: CLIENTS,
    objectives: SHARED_OBJECTIVES,
    keyResultsPerObjective: 2,
  });
  // Sidebar check-ins find their KR's objective in the views.
  await poller.drain();
});

afterAll(async () => {
  await poller?.stop();
  await http?.close();
});

describe('20 concurrent clients × 50 mixed commands through the local API', () => {
  it('stores every acknowledged command exactly once, keeps versions contiguous, and views match a rebuild', {
    timeout: LOAD_TEST_TIMEOUT_MS,
  }, async () => {
    // Prepare
    const started = Date.now();
    const runId = started.toString(36).slice(-5);
    const clients = Array.from({ length: CLIENTS }, (_, index) => new LoadClient(index, seeded, runId, http));

    // Act
    await Promise.all(clients.map((client) => client.run()));
    const loadMs = elapsedSince(started);
    await poller.drain(45_000);

    // Assess: every command got the answer it was written to provoke.
    const sent = clients.flatMap((client) => client.sent);
    expect(sent).toHaveLength(CLIENTS * COMMANDS_PER_CLIENT);
    expect(sent.filter((command) => command.verdict !== command.expected)).toEqual([]);
    // Acknowledged commands are stored once each (a replay stores nothing new); refused ones not at all.
    const contents = await readEventsTable(tables.doc, tables.eventsTableName);
    const storedTimes = new Map<string, number>();
    for (const event of contents.events) {
      const marker = markerOf(event);
      if (marker !== null) storedTimes.set(marker, (storedTimes.get(marker) ?? 0) + 1);
    }
    const acknowledged = new Set(
      sent
        .filter((command) => command.verdict === 'applied' || command.verdict === 'replayed')
        .map((command) => command.commandId),
    );
    expect([...storedTimes.keys()].sort()).toEqual([...acknowledged].sort());
    expect([...storedTimes.entries()].filter(([, times]) => times !== 1)).toEqual([]);
    expect(streamDefects(contents)).toEqual([]);
    // The views kept during the load equal a rebuild from the events.
    const comparison = await compareWithRebuild({
      doc: tables.doc,
      eventsTableName: tables.eventsTableName,
      events: contents.events,
      liveViewsTableName: tables.viewsTableName,
      referenceViewsTableName: reference.viewsTableName,
      at: new Date().toISOString(),
    });
    expect(comparison.eventsReplayed).toBe(comparison.eventsWithViews);
    expect(comparison.live).toEqual(comparison.rebuilt);

    const count = (verdict: Verdict) => sent.filter((command) => command.verdict === verdict).length;
    const requests = clients.reduce((sum, client) => sum + client.requests, 0);
    printFigures('concurrent clients', {
      clients: CLIENTS,
      commands: sent.length,
      applied: count('applied'),
      replayed: count('replayed'),
      conflicts: count('conflict'),
      invalid: count('invalid'),
      preconditionFailed: count('precondition-failed'),
      httpRequests: requests,
      busyRetries: clients.reduce((sum, client) => sum + client.retries, 0),
      events: contents.events.length,
      loadMs,
      requestsPerSecond: Math.round((requests * 1000) / loadMs),
      totalMs: elapsedSince(started),
    });
  });
});
