// Shared checks of the load and fault suite: reading the events table back to prove what was stored
// (contiguous versions, one event per acknowledged command), and comparing the views the live projector
// built with a fresh rebuild of the same events, through what readers see rather than raw keys.
import { Logger } from '@aws-lambda-powertools/logger';
import { type DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { CommandItem, EventItem, TipItem } from '@okr-ledger/event-store';
import { createViewsReader, rebuildViews, streamKindOf, type ViewsReader } from '@okr-ledger/projections';

/** Projector and poller logs would drown the figures these tests print; failures are asserted on. */
export const silentLogger = (): Logger => new Logger({ serviceName: 'load-test', logLevel: 'SILENT' });

export interface EventsTableContents {
  events: EventItem[];
  tips: TipItem[];
  commands: CommandItem[];
}

/** Every item of the events table, by kind; events sorted by stream, then version. */
export async function readEventsTable(
  doc: DynamoDBDocumentClient,
  eventsTableName: string,
): Promise<EventsTableContents> {
  const contents: EventsTableContents = { events: [], tips: [], commands: [] };
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(
      new ScanCommand({ TableName: eventsTableName, ConsistentRead: true, ExclusiveStartKey: startKey }),
    );
    for (const item of page.Items ?? []) {
      if (item.kind === 'event') contents.events.push(item as EventItem);
      else if (item.kind === 'tip') contents.tips.push(item as TipItem);
      else if (item.kind === 'command') contents.commands.push(item as CommandItem);
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  contents.events.sort((a, b) => a.pk.localeCompare(b.pk) || a.version - b.version);
  return contents;
}

/** How many events the table holds (one consistent count, page by page). */
export async function countEvents(doc: DynamoDBDocumentClient, eventsTableName: string): Promise<number> {
  let count = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(
      new ScanCommand({
        TableName: eventsTableName,
        Select: 'COUNT',
        FilterExpression: 'kind = :event',
        ExpressionAttributeValues: { ':event': 'event' },
        ConsistentRead: true,
        ExclusiveStartKey: startKey,
      }),
    );
    count += page.Count ?? 0;
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  return count;
}

/**
 * What is wrong with the streams, one line per finding (empty when every stream holds versions 1…n with
 * no hole and its tip says n). A list rather than a boolean so a failure names the stream.
 */
export function streamDefects({ events, tips }: EventsTableContents): string[] {
  const versionsByStream = new Map<string, number[]>();
  for (const event of events) {
    const versions = versionsByStream.get(event.pk) ?? [];
    versions.push(event.version);
    versionsByStream.set(event.pk, versions);
  }
  const defects: string[] = [];
  for (const [pk, versions] of versionsByStream) {
    const holes = versions.filter((version, index) => version !== index + 1);
    if (holes.length > 0) defects.push(`${pk}: versions ${versions.join(',')} are not 1…${versions.length}`);
  }
  for (const tip of tips) {
    const stored = versionsByStream.get(tip.pk)?.length ?? 0;
    if (tip.version !== stored) defects.push(`${tip.pk}: tip at ${tip.version}, ${stored} events stored`);
  }
  for (const pk of versionsByStream.keys()) {
    if (!tips.some((tip) => tip.pk === pk)) defects.push(`${pk}: events without a tip`);
  }
  return defects;
}

/** Organizations, cycles and key results named by the events: what the views must answer for. */
export interface ViewsScope {
  org: string;
  cycleIds: string[];
  keyResultIds: string[];
}

/** Taken from the events, not from the views, so a view that lost a KR or a cycle cannot hide it. */
export function viewsScope(events: readonly EventItem[]): ViewsScope[] {
  const byOrg = new Map<string, { cycleIds: Set<string>; keyResultIds: Set<string> }>();
  for (const event of events) {
    const scope = byOrg.get(event.org) ?? { cycleIds: new Set<string>(), keyResultIds: new Set<string>() };
    byOrg.set(event.org, scope);
    if (event.eventType === 'CycleCreated' && typeof event.data.cycleId === 'string') {
      scope.cycleIds.add(event.data.cycleId);
    }
    if (event.eventType === 'KeyResultAdded' && typeof event.data.keyResultId === 'string') {
      scope.keyResultIds.add(event.data.keyResultId);
    }
  }
  return [...byOrg.entries()]
    .map(([org, scope]) => ({
      org,
      cycleIds: [...scope.cycleIds].sort(),
      keyResultIds: [...scope.keyResultIds].sort(),
    }))
    .sort((a, b) => a.org.localeCompare(b.org));
}

/**
 * Everything a reader answers for a scope: cycle lists, boards, audits, grades and KR histories. The reads
 * are independent, so they go out together rather than one after another.
 */
export async function snapshotViews(
  reader: ViewsReader,
  scopes: readonly ViewsScope[],
  at: string,
): Promise<Record<string, unknown>> {
  const perOrg = await Promise.all(
    scopes.map(async ({ org, cycleIds, keyResultIds }) => {
      const [cycleList, cycles, histories] = await Promise.all([
        reader.cycles(org),
        Promise.all(
          cycleIds.map(async (cycleId) => {
            const [board, changes, grades] = await Promise.all([
              reader.board(org, cycleId, at),
              reader.changes(org, cycleId),
              reader.grades(org, cycleId),
            ]);
            return [cycleId, { board, changes, grades }] as const;
          }),
        ),
        Promise.all(
          keyResultIds.map(async (keyResultId) => {
            const [location, history] = await Promise.all([
              reader.keyResultLocation(org, keyResultId),
              reader.history(org, keyResultId),
            ]);
            return [keyResultId, { location, history }] as const;
          }),
        ),
      ]);
      return [
        org,
        { cycleList, cycles: Object.fromEntries(cycles), histories: Object.fromEntries(histories) },
      ] as const;
    }),
  );
  return Object.fromEntries(perOrg);
}

export interface ViewsComparison {
  /** What readers see in the views the live projector kept. */
  live: Record<string, unknown>;
  /** What they would see in views rebuilt from scratch out of the same events. */
  rebuilt: Record<string, unknown>;
  /** Events the rebuild applied, and the events of streams that have views (organizations have none). */
  eventsReplayed: number;
  eventsWithViews: number;
}

/**
 * Rebuilds the views from the events table into another (empty) views table and reads both through the
 * views reader, at the same instant, for everything the given events (the table's contents) name.
 */
export async function compareWithRebuild(options: {
  doc: DynamoDBDocumentClient;
  eventsTableName: string;
  events: readonly EventItem[];
  liveViewsTableName: string;
  referenceViewsTableName: string;
  at: string;
}): Promise<ViewsComparison> {
  const { doc, events, at } = options;
  const report = await rebuildViews({
    doc,
    eventsTableName: options.eventsTableName,
    viewsTableName: options.referenceViewsTableName,
    graceMs: 0,
    keepOldGeneration: true,
  });
  const scopes = viewsScope(events);
  const readerOf = (viewsTableName: string) => createViewsReader({ doc, viewsTableName, pointerCacheMs: 0 });
  const [live, rebuilt] = await Promise.all([
    snapshotViews(readerOf(options.liveViewsTableName), scopes, at),
    snapshotViews(readerOf(options.referenceViewsTableName), scopes, at),
  ]);
  return {
    live,
    rebuilt,
    eventsReplayed: report.eventsReplayed,
    eventsWithViews: events.filter((event) => streamKindOf(event.streamId) !== null).length,
  };
}

/**
 * Time allowed to each heavy scenario. They take about a minute on an idle machine, but the rest of the
 * suite sharing the two cores and DynamoDB Local with them can take them past two minutes; failing them
 * then would be noise. What they assert is counts and order, never time.
 */
export const LOAD_TEST_TIMEOUT_MS = 300_000;

/** Milliseconds since `started`, for the figures each file prints. */
export const elapsedSince = (started: number): number => Date.now() - started;

/** One line of figures per scenario, so a run shows the load it carried. */
export function printFigures(label: string, figures: Record<string, number | string>): void {
  const parts = Object.entries(figures).map(([name, value]) => `${name}=${value}`);
  console.info(`[load] ${label}: ${parts.join(' ')}`);
}
