// The digest in the synthesized template: the hourly schedule and its target, the function's configuration,
// SES SendEmail granted on the sending identity only and from the configured address only, DynamoDB access
// without deletes, and the dead-letter queue with its alarms.
import type { CfnElement } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DIGEST_SCHEDULE_EXPRESSION } from '../../../infra/src/digest-schedule.js';
import type { OkrLedgerStack } from '../../../infra/src/okr-ledger-stack.js';
import { buildTestApp, removeOutput, TEST_CONTEXT } from './ledger-app.js';

let stack: OkrLedgerStack;
let template: Template;

beforeAll(() => {
  const built = buildTestApp({
    ...TEST_CONTEXT,
    digestFromAddress: 'okr@mail.example.com',
    sheetUrlBase: 'https://docs.google.com/spreadsheets/d/',
  });
  stack = built.stack;
  template = Template.fromStack(stack);
  return () => removeOutput(built.app);
}, 180_000);

const logicalId = (construct: IConstruct) =>
  stack.getLogicalId((construct.node.defaultChild ?? construct) as CfnElement);
const arnOf = (construct: IConstruct) => ({ 'Fn::GetAtt': [logicalId(construct), 'Arn'] });

interface Statement {
  Sid?: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
}

function statementsOfRole(role: IConstruct): Statement[] {
  const roleId = logicalId(role);
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((policy) => JSON.stringify(policy.Properties?.Roles ?? []).includes(roleId))
    .flatMap((policy) => policy.Properties?.PolicyDocument?.Statement as Statement[]);
}

const actionsOf = (statement: Statement) => [statement.Action].flat();

describe('the digest schedule', () => {
  it('invokes the digest function every hour, as its own role, parking what it cannot deliver', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: DIGEST_SCHEDULE_EXPRESSION,
      State: 'ENABLED',
      Target: {
        Arn: arnOf(stack.digest.function.fn),
        RoleArn: arnOf(stack.digest.schedulerRole),
        DeadLetterConfig: { Arn: arnOf(stack.digest.deadLetterQueue) },
        RetryPolicy: { MaximumRetryAttempts: 3 },
      },
    });
    expect(DIGEST_SCHEDULE_EXPRESSION).toBe('cron(0 * * * ? *)');
    const scheduler = statementsOfRole(stack.digest.schedulerRole);
    expect(scheduler.flatMap(actionsOf).sort()).toEqual(['lambda:InvokeFunction', 'sqs:SendMessage']);
  });

  it('sends a run that failed after two retries to the dead-letter queue, which has an alarm', () => {
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: logicalId(stack.digest.function.fn) },
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: arnOf(stack.digest.deadLetterQueue) } },
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [
        {
          Name: 'QueueName',
          Value: { 'Fn::GetAtt': [logicalId(stack.digest.deadLetterQueue), 'QueueName'] },
        },
      ],
      Threshold: 1,
      AlarmActions: [{ Ref: logicalId(stack.alarms.topic) }],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'DigestFailures',
      Namespace: stack.stackName,
      Threshold: 1,
      AlarmActions: [{ Ref: logicalId(stack.alarms.topic) }],
    });
    template.hasResourceProperties('AWS::SQS::Queue', {
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 14 * 24 * 3600,
    });
  });
});

describe('the digest function', () => {
  it('is configured from the deploy-time sending identity and sheet link base', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          DIGEST_FROM_ADDRESS: { Ref: 'DigestFromAddress' },
          SHEET_URL_BASE: 'https://docs.google.com/spreadsheets/d/',
          POWERTOOLS_METRICS_NAMESPACE: stack.stackName,
        }),
      },
    });
    const { Parameters } = template.toJSON() as { Parameters: Record<string, { Default?: string }> };
    expect(Parameters.DigestFromAddress?.Default).toBe('okr@mail.example.com');
    expect(Parameters.DigestSesIdentity?.Default).toBe('mail.example.com');
  });

  it('may send email only as the sending identity and from the configured address', () => {
    const ses = statementsOfRole(stack.digest.function.role).filter((statement) =>
      actionsOf(statement).some((action) => action.startsWith('ses:')),
    );
    expect(ses).toEqual([
      expect.objectContaining({
        Action: 'ses:SendEmail',
        Resource: {
          'Fn::Join': [
            '',
            [
              'arn:',
              { Ref: 'AWS::Partition' },
              ':ses:',
              { Ref: 'AWS::Region' },
              ':',
              { Ref: 'AWS::AccountId' },
              ':identity/',
              { Ref: 'DigestSesIdentity' },
            ],
          ],
        },
        Condition: { StringEquals: { 'ses:FromAddress': { Ref: 'DigestFromAddress' } } },
      }),
    ]);
    // No other role may send email.
    const others = Object.values(template.findResources('AWS::IAM::Policy'))
      .filter(
        (policy) => !JSON.stringify(policy.Properties?.Roles).includes(logicalId(stack.digest.function.role)),
      )
      .flatMap((policy) => policy.Properties?.PolicyDocument?.Statement as Statement[])
      .flatMap(actionsOf);
    expect(others.filter((action) => action.startsWith('ses:'))).toEqual([]);
  });

  it('appends and reads events without deleting, scans only the index, and reads the views', () => {
    const statements = statementsOfRole(stack.digest.function.role);
    const actions = statements.flatMap(actionsOf);
    expect(actions.filter((action) => action.includes('Delete'))).toEqual([]);
    const scan = statements.filter((statement) => actionsOf(statement).includes('dynamodb:Scan'));
    expect(scan).toHaveLength(1);
    expect(JSON.stringify(scan[0]?.Resource)).toContain('/index/byCycle');
    expect(statements).toContainEqual(
      expect.objectContaining({
        Sid: 'ReadViews',
        Action: ['dynamodb:GetItem', 'dynamodb:Query'],
      }),
    );
  });
});
