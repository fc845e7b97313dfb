// cdk-nag's AWS Solutions rules over the real app: nothing unacknowledged, every acknowledgement reasoned
// and still needed, and a control proving the rule pack really runs in this setup.
import { App, CfnResource, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks, NagRuleCompliance, type NagRuleResult, rules } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type NagAcknowledgement, nagAcknowledgements } from '../../../infra/src/nag-acknowledgements.js';
import type { OkrLedgerStack } from '../../../infra/src/okr-ledger-stack.js';
import { buildTestApp, removeOutput } from './ledger-app.js';

let app: App;
let stack: OkrLedgerStack;
let nagPack: AwsSolutionsChecks;

// Bundling both functions and synthesizing takes seconds, more on a busy machine.
beforeAll(() => {
  ({ app, stack, nagPack } = buildTestApp());
  app.synth();
  return () => removeOutput(app);
}, 180_000);

/** The rule behind each acknowledged id, to show the finding it silences is real. */
const RULE_BY_ID: Record<string, (node: CfnResource) => NagRuleResult> = {
  'AwsSolutions-L1': rules.lambda.LambdaLatestVersion,
  'AwsSolutions-IAM5': rules.iam.IAMNoWildcardPermissions,
  'AwsSolutions-APIG4': rules.apigw.APIGWAuthorization,
  'AwsSolutions-SQS3': rules.sqs.SQSQueueDLQ,
};

function cfnResourcesUnder(scope: IConstruct): CfnResource[] {
  return scope.node.findAll().filter((child): child is CfnResource => child instanceof CfnResource);
}

/** True when the acknowledged rule (and finding, for granular ids) fires on a resource under the scope. */
function findingExists({ scope, id }: NagAcknowledgement): boolean {
  const [, ruleId, finding] = /^([^[]+)(?:\[(.+)\])?$/.exec(id) ?? [];
  const rule = ruleId === undefined ? undefined : RULE_BY_ID[ruleId];
  if (!rule) throw new Error(`No rule mapped for ${id}`);
  return cfnResourcesUnder(scope).some((resource) => {
    const result = rule(resource);
    return Array.isArray(result)
      ? finding !== undefined && result.includes(finding)
      : result === NagRuleCompliance.NON_COMPLIANT;
  });
}

describe('AwsSolutionsChecks on the OKR Ledger app', () => {
  it('reports no unacknowledged violation', () => {
    // Act
    const report = nagPack.validateScope(app);

    // Assess
    expect(report.violations).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('leaves no AwsSolutions error or warning annotation on the stack', () => {
    // Act
    const annotations = Annotations.fromStack(stack);

    // Assess
    expect(annotations.findError('*', Match.stringLikeRegexp('AwsSolutions-.*'))).toEqual([]);
    expect(annotations.findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*'))).toEqual([]);
  });

  it('gives every acknowledgement a specific reason, recorded on its construct', () => {
    // Act
    const acknowledgements = nagAcknowledgements(stack);

    // Assess
    expect(acknowledgements.length).toBeGreaterThan(0);
    for (const { scope, id, reason } of acknowledgements) {
      expect(reason.length, id).toBeGreaterThan(80);
      const recorded = scope.node.metadata
        .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        .map((entry) => JSON.stringify(entry.data));
      expect(recorded.join('\n'), `${id} on ${scope.node.path}`).toContain(id);
    }
    const reasonsById = new Map<string, Set<string>>();
    for (const { id, reason } of acknowledgements) {
      reasonsById.set(reason, (reasonsById.get(reason) ?? new Set()).add(id));
    }
    for (const ids of reasonsById.values()) expect(ids.size).toBe(1);
  });

  it('acknowledges only findings that actually occur', () => {
    // Prepare
    const acknowledgements = nagAcknowledgements(stack);

    // Act
    const stale = acknowledgements.filter((acknowledgement) => !findingExists(acknowledgement));

    // Assess
    expect(stale.map(({ id, scope }) => `${id} on ${scope.node.path}`)).toEqual([]);
  });
});

describe('the rule pack in this setup (control)', () => {
  it('does report a non-compliant resource', () => {
    // Prepare
    const controlApp = new App();
    const controlStack = new Stack(controlApp, 'Control');
    new sqs.Queue(controlStack, 'PlainQueue', { encryption: sqs.QueueEncryption.UNENCRYPTED });
    const pack = new AwsSolutionsChecks(controlApp);

    // Act
    const report = pack.validateScope(controlApp);

    // Assess
    expect(report.success).toBe(false);
    expect(report.violations.map((violation) => violation.ruleName)).toEqual(
      expect.arrayContaining(['AwsSolutions-SQS2', 'AwsSolutions-SQS3', 'AwsSolutions-SQS4']),
    );
  });
});
