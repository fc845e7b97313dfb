// The weekly digest: one EventBridge Scheduler schedule invoking the digest function every hour, the function
// (which sends for each organization whose local weekday and hour have come, once per week), its least
// privileges (DynamoDB as a command-handler writer, SES SendEmail on the one sending identity and from the
// one address), a dead-letter queue for invocations that still fail after retries, and two alarms.
import { DIGEST_FAILURES_METRIC, DIGEST_SERVICE_NAME } from '@okr-ledger/digest';
import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { LedgerFunction } from './ledger-function.js';
import type { LedgerTable } from './ledger-table.js';
import { DIGEST_ENTRY } from './paths.js';

/** Every hour on the hour: each organization's digest hour is local, so the function checks each one. */
export const DIGEST_SCHEDULE_EXPRESSION = 'cron(0 * * * ? *)';

/**
 * What the digest needs of the events table: reading tips and streams, and appending its claim and record
 * through the command handler (a transaction of puts, an update and condition checks). No delete.
 */
export const DIGEST_EVENTS_TABLE_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:ConditionCheckItem',
] as const;
/** The organizations with objectives come from a scan of the sparse, key-only byCycle index. */
export const DIGEST_EVENTS_INDEX_ACTIONS = ['dynamodb:Scan', 'dynamodb:Query'] as const;
export const DIGEST_VIEWS_ACTIONS = ['dynamodb:GetItem', 'dynamodb:Query'] as const;

export interface DigestScheduleProps {
  events: LedgerTable;
  views: LedgerTable;
  /** The address digests are sent from (a stack parameter's value). */
  fromAddress: string;
  /** The SES identity (domain or address) the address is verified under (a stack parameter's value). */
  sesIdentity: string;
  /** The link to a sheet is this base followed by the organization's spreadsheet id. */
  sheetUrlBase: string;
  metricsNamespace: string;
  alarmTopic: sns.ITopic;
  logRetention: logs.RetentionDays;
}

export class DigestSchedule extends Construct {
  readonly function: LedgerFunction;
  readonly deadLetterQueue: sqs.Queue;
  readonly schedule: scheduler.Schedule;
  /** The role the schedule invokes the function as (and parks undeliverable invocations with). */
  readonly schedulerRole: iam.Role;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: DigestScheduleProps) {
    super(scope, id);
    const { partition, region, account } = Stack.of(this);
    const identityArn = `arn:${partition}:ses:${region}:${account}:identity/${props.sesIdentity}`;

    this.function = new LedgerFunction(this, 'Function', {
      entry: DIGEST_ENTRY,
      description: 'OKR Ledger weekly digest (hourly: sends where the local digest hour has come)',
      // Reads a few items per organization and sends one email at a time: I/O-bound.
      memorySize: 512,
      // Every organization in one run, one email after another with SES backoff: minutes, not seconds,
      // and well inside the hour before the next run.
      timeout: Duration.minutes(10),
      environment: {
        EVENTS_TABLE_NAME: props.events.table.tableName,
        VIEWS_TABLE_NAME: props.views.table.tableName,
        DIGEST_FROM_ADDRESS: props.fromAddress,
        DIGEST_FROM_IDENTITY_ARN: identityArn,
        SHEET_URL_BASE: props.sheetUrlBase,
        POWERTOOLS_SERVICE_NAME: DIGEST_SERVICE_NAME,
        POWERTOOLS_METRICS_NAMESPACE: props.metricsNamespace,
        LOG_LEVEL: 'INFO',
      },
      logRetention: props.logRetention,
    });
    const role = this.function.role;
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'AppendAndReadEvents',
        actions: [...DIGEST_EVENTS_TABLE_ACTIONS],
        resources: [props.events.table.tableArn],
      }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'ListOrganizations',
        actions: [...DIGEST_EVENTS_INDEX_ACTIONS],
        resources: props.events.indexArns(),
      }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'ReadViews',
        actions: [...DIGEST_VIEWS_ACTIONS],
        resources: [props.views.table.tableArn, ...props.views.indexArns()],
      }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'SendDigestEmail',
        actions: ['ses:SendEmail'],
        resources: [identityArn],
        // Only from the configured address, even though the identity may be a whole domain.
        conditions: { StringEquals: { 'ses:FromAddress': props.fromAddress } },
      }),
    );

    // Both the schedule (an invocation it could not deliver) and Lambda (a run that still failed after
    // its two retries) park here; 14 days is the longest SQS keeps a message.
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.function.fn.configureAsyncInvoke({
      retryAttempts: 2,
      // A retry an hour later would overlap the next run; the next run makes up a missed hour anyway.
      maxEventAge: Duration.minutes(50),
      onFailure: new SqsDestination(this.deadLetterQueue),
    });

    // Our own role rather than the target's shared one: assumable by the scheduler of this account only, and
    // granted (by the target) invoke on this function and the dead-letter queue's SendMessage, nothing else.
    this.schedulerRole = new iam.Role(this, 'SchedulerRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': account } },
      }),
      description: 'Invokes the OKR Ledger digest function every hour',
    });
    this.schedule = new scheduler.Schedule(this, 'Hourly', {
      description: 'Runs the OKR Ledger digest every hour; each organization is sent at its own local hour',
      schedule: scheduler.ScheduleExpression.expression(DIGEST_SCHEDULE_EXPRESSION),
      target: new LambdaInvoke(this.function.fn, {
        role: this.schedulerRole,
        deadLetterQueue: this.deadLetterQueue,
        retryAttempts: 3,
        maxEventAge: Duration.minutes(50),
      }),
    });

    const hour = Duration.hours(1);
    this.add('DeadLetters', {
      alarmDescription:
        'A digest run failed after its retries and was parked in the digest dead-letter queue',
      metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      topic: props.alarmTopic,
    });
    this.add('DeliveryFailures', {
      alarmDescription: 'A digest email or webhook post failed after its retries (recorded on the ledger)',
      metric: new cloudwatch.Metric({
        namespace: props.metricsNamespace,
        metricName: DIGEST_FAILURES_METRIC,
        dimensionsMap: { service: DIGEST_SERVICE_NAME },
        period: hour,
        statistic: cloudwatch.Stats.SUM,
      }),
      topic: props.alarmTopic,
    });
  }

  private add(
    id: string,
    props: { alarmDescription: string; metric: cloudwatch.IMetric; topic: sns.ITopic },
  ) {
    const alarm = new cloudwatch.Alarm(this, id, {
      alarmDescription: props.alarmDescription,
      metric: props.metric,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new SnsAction(props.topic));
    this.alarms.push(alarm);
  }
}
