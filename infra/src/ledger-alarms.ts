// Operational alarms and the encrypted SNS topic they notify: API 5xx, function errors and throttles,
// projector lag, anything parked in the projector's dead-letter queue, and projection records the
// projector parked as dead letters in the views table (its ParkedRecords metric).
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { PARKED_RECORDS_METRIC, PROJECTOR_SERVICE_NAME } from '@okr-ledger/projector';
import { Construct } from 'constructs';

/**
 * The projections should trail the events by seconds; a minute of lag held for three minutes means the
 * projector is stuck on a batch, not merely busy.
 */
export const PROJECTOR_LAG_ALARM = { thresholdMs: 60_000, periodMinutes: 1, evaluationPeriods: 3 } as const;

export interface LedgerAlarmsProps {
  apiStage: apigwv2.IHttpStage;
  apiFunction: lambda.IFunction;
  projectorFunction: lambda.IFunction;
  deadLetterQueue: sqs.IQueue;
  /** Where the projector publishes its own metrics (its POWERTOOLS_METRICS_NAMESPACE). */
  metricsNamespace: string;
}

export class LedgerAlarms extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: LedgerAlarmsProps) {
    super(scope, id);
    const { account, region } = Stack.of(this);

    // SNS can only encrypt with KMS, and CloudWatch cannot use the AWS-managed SNS key: alarms need a
    // customer-managed key whose policy lets CloudWatch encrypt the notifications it publishes.
    const key = new kms.Key(this, 'TopicKey', {
      description: 'Encrypts OKR Ledger alarm notifications',
      enableKeyRotation: true,
      // The key protects nothing but this topic's in-flight messages; it goes with the stack.
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    key.grant(new iam.ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');

    this.topic = new sns.Topic(this, 'Topic', {
      displayName: 'OKR Ledger alarms',
      masterKey: key,
      enforceSSL: true,
    });
    // The TLS-only topic policy replaces SNS's default one, so CloudWatch's right to publish is explicit,
    // and limited to this account's alarms.
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowAccountAlarms',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          ArnLike: {
            'aws:SourceArn': `arn:${Stack.of(this).partition}:cloudwatch:${region}:${account}:alarm:*`,
          },
          StringEquals: { 'aws:SourceAccount': account },
        },
      }),
    );

    const fiveMinutes = Duration.minutes(5);

    // A ledger's traffic is low and every 5xx is either a bug or an outage: one is worth a look.
    this.add('Api5xx', {
      alarmDescription: 'The HTTP API answered with a 5xx status',
      metric: props.apiStage.metricServerError({ period: fiveMinutes, statistic: cloudwatch.Stats.SUM }),
      threshold: 1,
    });

    for (const [name, fn] of [
      ['Api', props.apiFunction],
      ['Projector', props.projectorFunction],
    ] as const) {
      this.add(`${name}Errors`, {
        alarmDescription: `The ${name.toLowerCase()} function failed an invocation`,
        metric: fn.metricErrors({ period: fiveMinutes, statistic: cloudwatch.Stats.SUM }),
        threshold: 1,
      });
      this.add(`${name}Throttles`, {
        alarmDescription: `The ${name.toLowerCase()} function was throttled`,
        metric: fn.metricThrottles({ period: fiveMinutes, statistic: cloudwatch.Stats.SUM }),
        threshold: 1,
      });
    }

    this.add('ProjectorIteratorAge', {
      alarmDescription: 'The projector is falling behind the events stream',
      metric: props.projectorFunction.metric('IteratorAge', {
        period: Duration.minutes(PROJECTOR_LAG_ALARM.periodMinutes),
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      threshold: PROJECTOR_LAG_ALARM.thresholdMs,
      evaluationPeriods: PROJECTOR_LAG_ALARM.evaluationPeriods,
    });

    // One parked message means a projection has a gap until it is rebuilt.
    this.add('DeadLetterQueueDepth', {
      alarmDescription: 'Stream batches the projector gave up on are waiting in the dead-letter queue',
      metric: props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: fiveMinutes,
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      threshold: 1,
    });

    // A parked record leaves a hole in its stream's views until it is re-driven (`npm run parked`).
    this.add('ParkedRecords', {
      alarmDescription:
        'The projector parked a projection record as a dead letter: list and re-drive it with npm run parked',
      metric: new cloudwatch.Metric({
        namespace: props.metricsNamespace,
        metricName: PARKED_RECORDS_METRIC,
        dimensionsMap: { service: PROJECTOR_SERVICE_NAME },
        period: fiveMinutes,
        statistic: cloudwatch.Stats.SUM,
      }),
      threshold: 1,
    });
  }

  private add(
    id: string,
    props: {
      alarmDescription: string;
      metric: cloudwatch.IMetric;
      threshold: number;
      evaluationPeriods?: number;
    },
  ): void {
    const alarm = new cloudwatch.Alarm(this, id, {
      alarmDescription: props.alarmDescription,
      metric: props.metric,
      threshold: props.threshold,
      evaluationPeriods: props.evaluationPeriods ?? 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      // No data means no traffic, which is healthy.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    const notify = new SnsAction(this.topic);
    alarm.addAlarmAction(notify);
    alarm.addOkAction(notify);
    this.alarms.push(alarm);
  }
}
