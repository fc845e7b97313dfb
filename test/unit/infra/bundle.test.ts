// The stack's bundling settings (ES module, require shim, minified, source maps, SDK bundled) produce a
// bundle that Node loads and runs: proven on a probe entry that uses the same libraries as the handlers.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { App, type CfnElement, Duration, Stack } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { beforeAll, describe, expect, it } from 'vitest';
import { LedgerFunction } from '../../../infra/src/ledger-function.js';

const run = promisify(execFile);
let bundlePath: string;

beforeAll(() => {
  const app = new App({
    outdir: mkdtempSync(join(tmpdir(), 'okr-ledger-bundle-')),
    // What the CDK CLI sets: the template then names each asset's directory.
    context: { 'aws:cdk:enable-asset-metadata': true },
  });
  const stack = new Stack(app, 'BundleProbe');
  const probe = new LedgerFunction(stack, 'Probe', {
    entry: fileURLToPath(new URL('./fixtures/bundle-probe.ts', import.meta.url)),
    description: 'bundle probe',
    memorySize: 128,
    timeout: Duration.seconds(3),
    environment: {},
    logRetention: logs.RetentionDays.ONE_DAY,
  });
  const assembly = app.synth();
  const template = assembly.getStackByName('BundleProbe').template as {
    Resources: Record<string, { Metadata?: Record<string, string> }>;
  };
  const logicalId = stack.getLogicalId(probe.fn.node.defaultChild as CfnElement);
  bundlePath = join(assembly.directory, String(template.Resources[logicalId]?.Metadata?.['aws:asset:path']));
  return () => rmSync(assembly.directory, { recursive: true, force: true });
}, 180_000);

/** Runs the bundle in a fresh Node on an API Gateway v2 event for `path`. */
async function invoke(path: string): Promise<{ statusCode: number; body: string }> {
  const event = {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    headers: { host: 'example.com' },
    requestContext: { http: { method: 'GET', path, sourceIp: '127.0.0.1' }, stage: '$default' },
    isBase64Encoded: false,
  };
  const script = `
    const { handler } = await import(${JSON.stringify(pathToFileURL(join(bundlePath, 'index.mjs')).href)});
    const response = await handler(${JSON.stringify(event)}, {});
    process.stdout.write(JSON.stringify(response));
  `;
  const { stdout } = await run(
    process.execPath,
    ['--enable-source-maps', '--input-type=module', '-e', script],
    {
      env: { ...process.env, AWS_REGION: 'eu-west-1' },
      timeout: 60_000,
    },
  );
  return JSON.parse(stdout) as { statusCode: number; body: string };
}

describe('a bundle built with the stack settings', () => {
  it('loads as an ES module and answers an API Gateway v2 event', async () => {
    const response = await invoke('/probe/ledger');
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ name: 'ledger', sdk: 'function', jwks: 'function' });
  });

  it('validates with zod inside the bundle, and names the invalid field', async () => {
    const response = await invoke('/probe/X1');
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body)).toEqual({ invalid: [['name'], ['name']] });
  });
});
