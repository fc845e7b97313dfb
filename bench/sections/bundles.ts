// Bundle size and cold initialisation of the API Lambda against a minimal Hono Lambda, both bundled with
// the options of infra/src/ledger-function.ts (esbuild, minified ESM for node22, external source map
// without sources, nothing external, the createRequire banner). Cold init is the time to import the bundle
// in a fresh `node` process with the Lambda's environment, the way the runtime loads a handler; samples of
// the two bundles alternate so both see the same machine load.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { median, ratio, round } from '../lib/stats.js';
import type { BundleComparison, BundleFigures } from '../report/results.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const API_ENTRY = 'functions/api/src/lambda.ts';
export const MINIMAL_ENTRY = 'bench/lambda/minimal-hono.ts';

/** Copied from infra/src/ledger-function.ts (kept in step by hand: the bench must not import the CDK app). */
const ESM_REQUIRE_SHIM =
  "import { createRequire as __ledgerCreateRequire } from 'node:module'; " +
  'const require = __ledgerCreateRequire(import.meta.url);';

/** What the Lambda sees: its configuration variables and the NODE_OPTIONS the stack sets. */
const LAMBDA_ENVIRONMENT: Record<string, string> = {
  EVENTS_TABLE_NAME: 'okr-ledger-events',
  VIEWS_TABLE_NAME: 'okr-ledger-views',
  GOOGLE_CLIENT_IDS: 'bench-client-id.apps.googleusercontent.com',
  TOKEN_ISSUER: 'https://accounts.google.com',
  ALLOWED_HOSTED_DOMAINS: '',
  AWS_REGION: 'eu-central-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  NODE_OPTIONS: '--enable-source-maps',
};

/** Imports the bundle once and prints how long the import took; exits non-zero if it has no handler. */
const IMPORT_PROBE = `
const url = process.env.BENCH_BUNDLE_URL;
const started = performance.now();
const loaded = await import(url);
const ms = performance.now() - started;
if (typeof loaded.handler !== 'function') throw new Error('no handler exported by ' + url);
process.stdout.write(JSON.stringify({ ms }));
`;

export async function bundle(
  entry: string,
  outDir: string,
): Promise<{ file: string; bytes: number; sourceMapBytes: number }> {
  const file = path.join(outDir, 'index.mjs');
  await build({
    entryPoints: [path.join(REPO_ROOT, entry)],
    outfile: file,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    mainFields: ['module', 'main'],
    banner: { js: ESM_REQUIRE_SHIM },
    external: [],
    logLevel: 'warning',
  });
  return { file, bytes: (await stat(file)).size, sourceMapBytes: (await stat(`${file}.map`)).size };
}

function importOnce(file: string): Promise<number> {
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
        resolve((JSON.parse(stdout) as { ms: number }).ms);
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
    const api = await bundle(API_ENTRY, path.join(outDir, 'api'));
    const minimal = await bundle(MINIMAL_ENTRY, path.join(outDir, 'minimal'));
    // One unmeasured import each, so the file system cache is warm for both before sampling.
    await importOnce(api.file);
    await importOnce(minimal.file);
    const apiSamples: number[] = [];
    const minimalSamples: number[] = [];
    for (let index = 0; index < samples; index += 1) {
      if (index % 2 === 0) {
        apiSamples.push(await importOnce(api.file));
        minimalSamples.push(await importOnce(minimal.file));
      } else {
        minimalSamples.push(await importOnce(minimal.file));
        apiSamples.push(await importOnce(api.file));
      }
    }
    const figures = (name: string, entry: string, built: typeof api, ms: number[]): BundleFigures => ({
      name,
      entry,
      bytes: built.bytes,
      sourceMapBytes: built.sourceMapBytes,
      coldInitMs: { median: round(median(ms), 2), samples: ms.map((value) => round(value, 2)) },
    });
    const apiFigures = figures('API Lambda', API_ENTRY, api, apiSamples);
    const minimalFigures = figures('minimal Hono Lambda', MINIMAL_ENTRY, minimal, minimalSamples);
    return {
      api: apiFigures,
      minimal: minimalFigures,
      bytesRatio: round(ratio(api.bytes, minimal.bytes) ?? 0, 1),
      coldInitRatio: round(ratio(apiFigures.coldInitMs.median, minimalFigures.coldInitMs.median) ?? 0, 1),
    };
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}
