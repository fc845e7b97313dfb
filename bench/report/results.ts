// The shape of bench/results/latest.json: raw figures of one run, the machine it ran on and when. Counts
// (requests, units, HTTP calls, bytes) are exact and do not depend on the machine; times are in
// milliseconds on this machine and are only compared as ratios measured side by side in the same run.
import type { LatencySummary } from '../lib/stats.js';

export const RESULTS_SCHEMA_VERSION = 2;

export interface MachineInfo {
  node: string;
  platform: string;
  arch: string;
  cpuModel: string;
  cpus: number;
  memoryGiB: number;
  /** 1-minute load average when the run started and ended (others may share the machine). */
  loadAverage: { start: number; end: number };
  dynamoDbLocal: string;
}

export interface DynamoCost {
  requests: number;
  /** Requests per table role: the events table and the views table. */
  eventsRequests: number;
  viewsRequests: number;
  readUnits: number;
  writeUnits: number;
  /** What AWS would bill on demand, from the sizes of the items written and read. */
  billedReadUnits: number;
  billedWriteUnits: number;
  byOperation: Record<string, number>;
}

export interface ApiCostRow extends DynamoCost {
  name: string;
  route: string;
  status: number;
  requestBytes: number;
  responseBytes: number;
  /**
   * How often it was measured (on fresh targets). Figures are medians; the DynamoDB figures are identical
   * across repeats unless `varies` (byte counts may differ by a few digits).
   */
  repeats: number;
  varies: boolean;
}

export interface SheetSyncRow {
  keyResults: number;
  action: 'first pull' | 'pull' | 'push';
  /** What the action carried: e.g. "1000 check-ins". */
  detail: string;
  httpCalls: number;
  requestBytes: number;
  responseBytes: number;
  /** Calls by method and path template, e.g. "GET /cycles/{cycle}/okrs": 1. */
  calls: Record<string, number>;
}

export interface CheckInLatency {
  samples: number;
  warmup: number;
  api: LatencySummary;
  bare: LatencySummary;
  ratioP50: number;
  ratioP99: number;
  /** The same check-ins over loopback HTTP to the local stack's server (absent in older results). */
  overHttp?: LatencySummary;
  ratioP50OverHttp?: number;
  /** DynamoDB requests per check-in through the API and for the bare transaction. */
  requestsPerCheckIn: { api: number; bare: number };
}

export interface ReplayFigures {
  inProcess: { events: number; streams: number; ms: number; eventsPerSecond: number };
  /** The same streams folded by the fold `foldObjective` replaced (a reduce with evolveObjective). */
  inProcessBefore?: { events: number; streams: number; ms: number; eventsPerSecond: number };
  /** In-process events/s of foldObjective divided by the replaced fold's, same streams and rounds. */
  foldSpeedup?: number;
  dynamo: {
    events: number;
    streams: number;
    ms: number;
    eventsPerSecond: number;
    requests: number;
    readUnits: number;
  };
  /** In-process events/s divided by DynamoDB Local events/s. */
  ratio: number;
}

export interface BundleFigures {
  name: string;
  entry: string;
  /** What a cold start loads: the entry and the chunks it imports statically. */
  bytes: number;
  /** Chunks loaded on first need (the API: the KR lint's grammar). */
  lazyBytes: number;
  sourceMapBytes: number;
  coldInitMs: { median: number; samples: number[] };
  /** The first request after the import (loads what cold start deferred). */
  firstRequestMs: { median: number; samples: number[] };
}

export interface BundleComparison {
  api: BundleFigures;
  minimal: BundleFigures;
  /** The DynamoDB clients alone on the AWS SDK (the bundle's default): the SDK's share of a cold start. */
  sdk: BundleFigures;
  /** The same clients built as the API ships them, on the lean client (`leanDynamoDb`). */
  lean: BundleFigures;
  /** A minimal Lambda on @hono/zod-openapi: the floor the API's framework and zod set. */
  zodOpenApi: BundleFigures;
  /**
   * The API with one organization route, the check-in's, on the same shell and wiring: what splitting the
   * API per route would load at cold start for the hot path.
   */
  checkInOnly: BundleFigures;
  bytesRatio: number;
  coldInitRatio: number;
  sdkColdInitRatio: number;
  leanColdInitRatio: number;
  zodOpenApiColdInitRatio: number;
  checkInOnlyColdInitRatio: number;
}

export interface StoreSide {
  requests: number;
  readUnits: number;
  writeUnits: number;
  /** Median milliseconds on this machine. */
  p50Ms: number;
}

export interface StoreComparisonRow {
  operation: string;
  detail: string;
  ours: StoreSide;
  castore: StoreSide;
  /** ours p50 / castore p50. */
  timeRatio: number;
}

export interface StoreComparison {
  workload: string;
  rows: StoreComparisonRow[];
  notes: string[];
}

export interface LintSpeed {
  /** Labelled KR titles timed (packages/okr-domain/test/lint). */
  titles: number;
  /** The first call of the process, which builds compromise's lexicon. */
  firstCallMs: number;
  firstPassMsPerTitle: number;
  /** Median over `passes` warm passes. */
  warmMsPerTitle: number;
  /** compromise's parse alone of the same titles, same passes. */
  parseMsPerTitle: number;
  /** warmMsPerTitle / parseMsPerTitle: what the verdict costs beyond the parse, machine-independent. */
  ratioToParse: number;
  passes: number;
}

export interface BenchResults {
  schema: number;
  date: string;
  durationMs: number;
  machine: MachineInfo;
  dataset: { seededEvents: number; projectionMs: number };
  commands: ApiCostRow[];
  reads: ApiCostRow[];
  sheetSync: SheetSyncRow[];
  storeComparison: StoreComparison;
  checkInLatency: CheckInLatency;
  replay: ReplayFigures;
  bundles: BundleComparison;
  lintSpeed: LintSpeed;
}
