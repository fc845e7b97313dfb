// Builds the real CDK app for the infra tests, with test context and an output directory of its own.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { buildLedgerApp, type LedgerApp } from '../../../infra/src/build-app.js';
import { REPO_ROOT } from '../../../infra/src/paths.js';

export const TEST_CONTEXT = {
  stage: 'test',
  googleClientIds:
    '123456789012-abcdefghijklmnop.apps.googleusercontent.com,210987654321-bound0script.apps.googleusercontent.com',
  allowedHostedDomains: 'example.com, Example.org',
  // The burst is left to the API's default: only what the context sets reaches the function.
  orgRateLimitPerSecond: '20',
};

/** The context committed in cdk.json, so the tests see the same flags as `cdk synth`. */
function cdkJsonContext(): Record<string, unknown> {
  const cdkJson: unknown = JSON.parse(readFileSync(join(REPO_ROOT, 'cdk.json'), 'utf8'));
  if (typeof cdkJson === 'object' && cdkJson !== null && 'context' in cdkJson) {
    const { context } = cdkJson;
    if (typeof context === 'object' && context !== null) return { ...context };
  }
  return {};
}

/** Removes the cloud assembly a test app wrote (bundles included). */
export function removeOutput(app: App): void {
  rmSync(app.outdir, { recursive: true, force: true });
}

/**
 * The app as `cdk synth` builds it, without bundling the functions (the context the CDK CLI sets for stacks
 * it does not deploy): these tests read the template; synth.test.ts and bundle.test.ts build the bundles.
 */
export function buildTestApp(context: Record<string, string> = TEST_CONTEXT): LedgerApp & { app: App } {
  const app = new App({
    outdir: mkdtempSync(join(tmpdir(), 'okr-ledger-cdk-')),
    context: { ...cdkJsonContext(), ...context, 'aws:cdk:bundling-stacks': [] },
  });
  return { app, ...buildLedgerApp(app) };
}
