// Feeds the projector from the events table's stream: only newly inserted event items, in order per shard,
// with partial-batch retries and an encrypted dead-letter queue for what cannot be projected.
import { Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/**
 * The stream carries every write to the events table, but tips (sk = 0, rewritten on each append) and
 * command records share that table: only the INSERT of an item with kind = 'event' is news to the
 * projections. Filtering here means Lambda is not even invoked, or billed, for the rest.
 */
export const EVENT_INSERTS_ONLY = {
  eventName: lambda.FilterRule.isEqual('INSERT'),
  dynamodb: { NewImage: { kind: { S: lambda.FilterRule.isEqual('event') } } },
};

export const PROJECTOR_FEED = {
  // A sheet push appends a few dozen events at once; 100 per batch projects them in one invocation.
  batchSize: 100,
  // Waiting up to a second to fill a batch costs little freshness and saves invocations during a push.
  maxBatchingWindow: Duration.seconds(1),
  // With bisect-on-error each retry halves the failing batch, so 10 attempts isolate one bad record
  // from a batch of 100 and still leave retries for a transient fault.
  retryAttempts: 10,
  // A record the projector cannot apply within 6 hours is not going to succeed by waiting; sending it
  // to the dead-letter queue unblocks its shard well inside the stream's 24-hour retention.
  maxRecordAge: Duration.hours(6),
} as const;

export interface ProjectorFeedProps {
  eventsTable: dynamodb.ITable;
  projector: lambda.IFunction;
}

export class ProjectorFeed extends Construct {
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: ProjectorFeedProps) {
    super(scope, id);

    // For a stream source Lambda sends the failed batch's location (shard, sequence numbers), not the
    // records; recovery replays from the events table. 14 days is the longest SQS keeps a message.
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });

    props.projector.addEventSource(
      new DynamoEventSource(props.eventsTable, {
        // Projections are rebuilt from the beginning, never from "now": no event may be skipped.
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: PROJECTOR_FEED.batchSize,
        maxBatchingWindow: PROJECTOR_FEED.maxBatchingWindow,
        // One batch per shard at a time keeps each stream's events in order.
        parallelizationFactor: 1,
        reportBatchItemFailures: true,
        bisectBatchOnError: true,
        retryAttempts: PROJECTOR_FEED.retryAttempts,
        maxRecordAge: PROJECTOR_FEED.maxRecordAge,
        onFailure: new SqsDlq(this.deadLetterQueue),
        filters: [lambda.FilterCriteria.filter(EVENT_INSERTS_ONLY)],
      }),
    );
  }
}
