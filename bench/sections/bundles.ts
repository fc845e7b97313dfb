// Bundle size and cold initialisation of the API Lambda against a minimal Hono Lambda, both built by the
// stack's own build (infra/src/lambda-bundle.ts: esbuild, minified ESM for node22, external source map
// without sources, nothing external, zod in English only, credentials from the environment), the API with
// its deployed options (the KR lint's grammar in a chunk loaded on first need, the OpenAPI document as a
// file). Cold init is the time to import the bundle in a fresh `node` process with the Lambda's
// environment (no --enable-source-maps, as deployed), the way the runtime loads a handler; the first
// request is timed too, since it loads what cold start left out. Samples alternate so all see the same
// machine load. Three more bundles show what parts cost of a cold start: the DynamoDB clients alone on the
// AWS SDK and on the lean client the API ships with, and a minimal Lambda on @hono/zod-openapi (with zod).
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { API_BUNDLE_OPTIONS, type BundleOptions, bundleLambda } from '../../infra/src/lambda-bundle.js';
import { median, ratio, round } from '../lib/stats.js';
import type { BundleComparison, BundleFigures } from '../report/results.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const API_ENTRY = 'functions/api/src/lambda.ts';
export const MINIMAL_ENTRY = 'bench/lambda/minimal-hono.ts';
export const SDK_ENTRY = 'bench/lambda/dynamo-clients-only.ts';
export const ZOD_OPENAPI_ENTRY = 'bench/lambda/zod-openapi-only.ts';
export const CHECK_IN_ONLY_ENTRY = 'bench/lambda/check-in-only.ts';

/** What the Lambda sees: its configuration variables (the stack sets no NODE_OPTIONS). */
const LAMBDA_ENVIRONMENT: Record<string, string> = {
  EVENTS_TABLE_NAME: 'okr-ledger-events',
  VIEWS_TABLE_NAME: 'okr-ledger-views',
  GOOGLE_CLIENT_IDS: 'bench-client-id.apps.googleusercontent.com',
  TOKEN_ISSUER: 'https://accounts.google.com',
  ALLOWED_HOSTED_DOMAINS: '',
  AWS_REGION: 'eu-central-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

/**
 * Imports the bundle once and prints how long the import took, then how long its first request took: an
 * organization route without a token, which the API answers 401 after loading what it defers.
 */
const IMPORT_PROBE = `
const url = process.env.BENCH_BUNDLE_URL;
const started = performance.now();
const loaded = await import(url);
const ms = performance.now() - started;
if (typeof loaded.handler !== 'function') throw new Error('no handler exported by ' + url);
const path = '/v1/orgs/bench/cycles';
const event = {
  version: '2.0', routeKey: '$default', rawPath: path, rawQueryString: '', headers: { host: 'bench' },
  requestContext: { http: { method: 'GET', path, sourceIp: '127.0.0.1' }, stage: '$default' },
  isBase64Encoded: false,
};
const before = performance.now();
await loaded.handler(event, {});
const firstRequestMs = performance.now() - before;
process.stdout.write('\\n' + JSON.stringify({ ms, firstRequestMs }));
`;

export async function bundle(entry: string, outDir: string, options: BundleOptions = {}) {
  return bundleLambda(path.join(REPO_ROOT, entry), outDir, options);
}

interface ImportSample {
  ms: number;
  firstRequestMs: number;
}

function importOnce(file: string): Promise<ImportSample> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', IMPORT_PROBE], {
      env: {
        PATH: process.env.PATH ?? '',
        ...LAMBDA_ENVIRONMENT,
        BENCH_BUNDLE_URL: pathToFileURL(file).href,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.once('error', reject);
    child.once('close', (code) => {
      if (code !== 0)
        return reject(new Error(`importing ${file} failed (${code}): ${stderr.slice(0, 1000)}`));
      try {
        // The handler logs its request on stdout too: the figures are the last line.
        resolve(JSON.parse(stdout.trim().split('\n').pop() ?? '') as ImportSample);
      } catch {
        reject(
          new Error(`unexpected probe output for ${file}: ${stdout.slice(0, 200)} ${stderr.slice(0, 500)}`),
        );
      }
    });
  });
}

export async function compareBundles(samples: number): Promise<BundleComparison> {
  const outDir = await mkdtemp(path.join(tmpdir(), 'okr-bench-bundles-'));
  try {
    const built = {
      api: await bundle(API_ENTRY, path.join(outDir, 'api'), API_BUNDLE_OPTIONS),
      minimal: await bundle(MINIMAL_ENTRY, path.join(outDir, 'minimal')),
      sdk: await bundle(SDK_ENTRY, path.join(outDir, 'sdk')),
      lean: await bundle(SDK_ENTRY, path.join(outDir, 'lean'), { leanDynamoDb: true }),
      zodOpenApi: await bundle(ZOD_OPENAPI_ENTRY, path.join(outDir, 'zod-openapi')),
      checkInOnly: await bundle(CHECK_IN_ONLY_ENTRY, path.join(outDir, 'check-in-only'), API_BUNDLE_OPTIONS),
    };
    const names = ['api', 'minimal', 'sdk', 'lean', 'zodOpenApi', 'checkInOnly'] as const;
    // One unmeasured import each, so the file system cache is warm for all before sampling.
    for (const name of names) await importOnce(built[name].file);
    const measured = Object.fromEntries(names.map((name) => [name, [] as ImportSample[]])) as Record<
      (typeof names)[number],
      ImportSample[]
    >;
    for (let index = 0; index < samples; index += 1) {
      // Each round in another order, so no bundle always runs first.
      const order = names.map(
        (_, offset) => names[(index + offset) % names.length] as (typeof names)[number],
      );
      for (const name of order) measured[name].push(await importOnce(built[name].file));
    }
    const figures = (name: string, entry: string, key: (typeof names)[number]): BundleFigures => {
      const ms = measured[key].map((sample) => sample.ms);
      const first = measured[key].map((sample) => sample.firstRequestMs);
      return {
        name,
        entry,
        bytes: built[key].bytes,
        lazyBytes: built[key].lazyBytes,
        sourceMapBytes: built[key].sourceMapBytes,
        coldInitMs: { median: round(median(ms), 2), samples: ms.map((value) => round(value, 2)) },
        firstRequestMs: { median: round(median(first), 2), samples: first.map((value) => round(value, 2)) },
      };
    };
    const api = figures('API Lambda', API_ENTRY, 'api');
    const minimal = figures('minimal Hono Lambda', MINIMAL_ENTRY, 'minimal');
    const sdk = figures('DynamoDB clients alone (AWS SDK)', SDK_ENTRY, 'sdk');
    const lean = figures('DynamoDB clients alone (lean client)', SDK_ENTRY, 'lean');
    const zodOpenApi = figures('minimal @hono/zod-openapi Lambda', ZOD_OPENAPI_ENTRY, 'zodOpenApi');
    const checkInOnly = figures('API Lambda with the check-in route alone', CHECK_IN_ONLY_ENTRY, 'checkInOnly');
    return {
      api,
      minimal,
      sdk,
      lean,
      zodOpenApi,
      checkInOnly,
      bytesRatio: round(ratio(api.bytes, minimal.bytes) ?? 0, 1),
      coldInitRatio: round(ratio(api.coldInitMs.median, minimal.coldInitMs.median) ?? 0, 1),
      sdkColdInitRatio: round(ratio(sdk.coldInitMs.median, minimal.coldInitMs.median) ?? 0, 1),
      leanColdInitRatio: round(ratio(lean.coldInitMs.median, minimal.coldInitMs.median) ?? 0, 1),
      zodOpenApiColdInitRatio: round(ratio(zodOpenApi.coldInitMs.median, minimal.coldInitMs.median) ?? 0, 1),
      checkInOnlyColdInitRatio: round(ratio(checkInOnly.coldInitMs.median, minimal.coldInitMs.median) ?? 0, 1),
    };
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}
