// Assembles the CDK app from its context: one stack per stage, checked by cdk-nag's AWS Solutions rules
// during synthesis. Shared by the `cdk` entry point and the tests, so both check the very same app.
import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readLedgerConfig } from './config.js';
import { OkrLedgerStack } from './okr-ledger-stack.js';

export interface LedgerApp {
  stack: OkrLedgerStack;
  /** The rule pack registered on the app; tests call `validateScope` on it to read its findings. */
  nagPack: AwsSolutionsChecks;
}

export function buildLedgerApp(app: App): LedgerApp {
  const config = readLedgerConfig(app.node);
  const stack = new OkrLedgerStack(app, `OkrLedger-${config.stage}`, {
    config,
    description: `OKR Ledger (${config.stage}): event-sourced OKRs edited from Google Sheets`,
  });
  // Registered as a validation plugin, a finding that is not acknowledged stops `cdk synth` and deploys.
  const nagPack = new AwsSolutionsChecks(app, { verbose: true });
  Validations.of(app).addPlugins(nagPack);
  return { stack, nagPack };
}
