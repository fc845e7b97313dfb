// The real entry point, end to end and offline: `cdk synth` reads cdk.json, runs infra/src/app.ts through
// tsx, bundles both functions with the local esbuild and passes the cdk-nag validation.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../infra/src/paths.js';

const run = promisify(execFile);
const STACK = 'OkrLedger-ci';

let outdir: string;

interface CfnTemplate {
  Parameters: Record<string, { Default?: string }>;
  Resources: Record<
    string,
    {
      Type: string;
      Metadata?: Record<string, unknown>;
      Properties?: { Environment?: { Variables?: Record<string, unknown> } };
    }
  >;
}

/** Values CloudFormation would substitute: parameters as a deployer would pass them, names for the rest. */
const DEPLOY_PARAMETERS: Record<string, string> = {
  GoogleClientIds: '123456789012-abc.apps.googleusercontent.com,210987654321-def.apps.googleusercontent.com',
  AllowedHostedDomains: '',
  DigestFromAddress: 'okr@example.com',
  DigestSesIdentity: 'example.com',
};

function resolveVariable(value: unknown): string {
  if (typeof value === 'string') return value;
  // A list parameter joined back into one variable: { "Fn::Join": [",", { "Ref": "GoogleClientIds" }] }.
  const join = (value as { 'Fn::Join'?: [string, unknown] })['Fn::Join'];
  // An ARN built from parts (the digest's SES identity) is a Join over a list of strings and Refs.
  if (join !== undefined) {
    return Array.isArray(join[1]) ? join[1].map(resolveVariable).join(join[0]) : resolveVariable(join[1]);
  }
  const ref = (value as { Ref?: string }).Ref;
  if (ref === undefined) throw new Error(`Unexpected environment value ${JSON.stringify(value)}`);
  return DEPLOY_PARAMETERS[ref] ?? `${ref}-physical-name`;
}

function readTemplate(): CfnTemplate {
  return JSON.parse(readFileSync(join(outdir, `${STACK}.template.json`), 'utf8')) as CfnTemplate;
}

beforeAll(async () => {
  outdir = mkdtempSync(join(tmpdir(), 'okr-ledger-synth-'));
  await run(
    join(REPO_ROOT, 'node_modules/.bin/cdk'),
    ['synth', '-q', '--no-notices', '--no-version-reporting', '--output', outdir, '-c', 'stage=ci'],
    // Telemetry and update checks would reach the network; synth itself must not need it.
    { cwd: REPO_ROOT, env: { ...process.env, CDK_DISABLE_CLI_TELEMETRY: 'true' }, timeout: 170_000 },
  );
  return () => rmSync(outdir, { recursive: true, force: true });
}, 180_000);

function lambdaFunctions() {
  return Object.values(readTemplate().Resources).filter(
    (resource) => resource.Type === 'AWS::Lambda::Function',
  );
}

describe('cdk synth (offline)', () => {
  it('writes the stage stack template', () => {
    // Assess
    expect(existsSync(join(outdir, `${STACK}.template.json`))).toBe(true);
    expect(Object.keys(readTemplate().Resources).length).toBeGreaterThan(0);
  });

  it('leaves the Google client ids to be supplied at deploy time when no context gives them', () => {
    // Act
    const { Parameters } = readTemplate();

    // Assess
    expect(Parameters.GoogleClientIds).toBeDefined();
    expect(Parameters.GoogleClientIds?.Default).toBeUndefined();
    expect(Parameters.AllowedHostedDomains?.Default).toBe('');
  });

  it('bundles each function into a minified ES module with a source map, the API without what it defers', () => {
    // Prepare
    const functions = lambdaFunctions();

    // Act
    const assetDirs = functions.map((fn) => join(outdir, String(fn.Metadata?.['aws:asset:path'])));

    // Assess
    expect(assetDirs).toHaveLength(3);
    for (const dir of assetDirs) {
      expect(readdirSync(dir)).toEqual(
        expect.arrayContaining(['index.mjs', 'index.mjs.map', 'package.json']),
      );
      const bundle = readFileSync(join(dir, 'index.mjs'), 'utf8');
      expect(bundle).toContain('createRequire');
      expect(bundle).toMatch(/export\s*\{[^}]*as handler\s*\}/);
      expect(bundle.trimEnd()).toMatch(/\/\/# sourceMappingURL=index\.mjs\.map$/);
      const sourceMap = JSON.parse(readFileSync(join(dir, 'index.mjs.map'), 'utf8')) as { sources: string[] };
      expect(sourceMap.sources.some((source) => source.endsWith('src/lambda.ts'))).toBe(true);
      // zod speaks English only: none of its other locales is bundled.
      expect(bundle).not.toContain('Ungültige Eingabe');
    }
    const api = assetDirs.find((dir) => readdirSync(dir).includes('openapi.json'));
    if (api === undefined) throw new Error('no asset holds the OpenAPI document');
    const document = JSON.parse(readFileSync(join(api, 'openapi.json'), 'utf8')) as { openapi?: string };
    expect(document.openapi).toBe('3.0.3');
    // DynamoDB requests go through the event store's lean client: the SDK's DynamoDB client is not in it.
    const apiSources = (JSON.parse(readFileSync(join(api, 'index.mjs.map'), 'utf8')) as { sources: string[] })
      .sources;
    expect(apiSources.some((source) => source.endsWith('lean-dynamodb/wire.ts'))).toBe(true);
    expect(apiSources.filter((source) => /@aws-sdk\/(client|lib)-dynamodb|@smithy\//.test(source))).toEqual(
      [],
    );
    // The KR lint's grammar is a chunk of its own, loaded by the first request that may lint.
    const fromCompromise = (source: string) => /compromise\/src\//.test(source);
    expect(apiSources.filter(fromCompromise)).toEqual([]);
    const chunkSources = readdirSync(join(api, 'chunks'))
      .filter((name) => name.endsWith('.mjs.map'))
      .flatMap(
        (name) =>
          (JSON.parse(readFileSync(join(api, 'chunks', name), 'utf8')) as { sources: string[] }).sources,
      );
    expect(chunkSources.some(fromCompromise)).toBe(true);
    // Its lexicon comes expanded at build time: compromise's unpacking and expansion are not in it.
    expect(
      chunkSources.filter((source) => /efrt|preTagger\/model\/(_expand|lexicon)\//.test(source)),
    ).toEqual([]);
  });

  // Three bundles imported one after another: seconds each on a busy machine.
  it('produces bundles that start with exactly the environment the stack gives them', async () => {
    // Prepare: the functions read their configuration at load and throw on a missing variable.
    const functions = lambdaFunctions();

    for (const fn of functions) {
      const variables = Object.fromEntries(
        Object.entries(fn.Properties?.Environment?.Variables ?? {}).map(([name, value]) => [
          name,
          resolveVariable(value),
        ]),
      );
      const bundle = pathToFileURL(join(outdir, String(fn.Metadata?.['aws:asset:path']), 'index.mjs')).href;

      // Act
      const { stdout } = await run(
        process.execPath,
        ['--input-type=module', '-e', `const m = await import('${bundle}'); console.log(typeof m.handler);`],
        // Only what Lambda itself provides, plus the stack's variables: nothing leaks in from this shell.
        { env: { PATH: process.env.PATH, AWS_REGION: 'eu-west-1', ...variables }, timeout: 60_000 },
      );

      // Assess
      expect(stdout.trim()).toBe('function');
    }
    expect(functions).toHaveLength(3);
  }, 120_000);
});
