// Every cdk-nag finding the stack accepts, each with the reason it is acceptable. Kept in one place so a
// reviewer sees the whole list; any finding not acknowledged here fails synthesis and the infra tests.
import { type CfnElement, type Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { DigestSchedule } from './digest-schedule.js';
import type { LedgerFunction } from './ledger-function.js';
import type { LedgerHttpApi } from './ledger-http-api.js';
import type { ProjectorFeed } from './projector-feed.js';

/** What the acknowledgements name: the stack (for logical ids) and the constructs with findings. */
export interface AcknowledgedStack extends Stack {
  readonly apiFunction: LedgerFunction;
  readonly projectorFunction: LedgerFunction;
  readonly httpApi: LedgerHttpApi;
  readonly projectorFeed: ProjectorFeed;
  readonly digest: DigestSchedule;
}

export interface NagAcknowledgement {
  scope: IConstruct;
  id: string;
  reason: string;
}

const XRAY_WILDCARD =
  'X-Ray tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level ' +
  'permissions, so "*" is the only resource they can be granted on.';

export function nagAcknowledgements(stack: AcknowledgedStack): NagAcknowledgement[] {
  const runtimeReason =
    'Node.js 22 is the runtime the code is built and tested for (esbuild target node22); moving to a newer ' +
    'runtime is a deliberate, tested change, not one a linter should make on its own.';

  return [
    { scope: stack.apiFunction.fn, id: 'AwsSolutions-L1', reason: runtimeReason },
    { scope: stack.projectorFunction.fn, id: 'AwsSolutions-L1', reason: runtimeReason },
    { scope: stack.apiFunction.role, id: 'AwsSolutions-IAM5[Resource::*]', reason: XRAY_WILDCARD },
    {
      scope: stack.projectorFunction.role,
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        `${XRAY_WILDCARD} The stream event source adds dynamodb:ListStreams, which likewise has no ` +
        'resource-level permissions; the record-reading actions (DescribeStream, GetRecords, ' +
        "GetShardIterator) stay scoped to the events table's stream ARN.",
    },
    ...stack.httpApi.publicRoutes.map(({ path, route }) => ({
      scope: route,
      id: 'AwsSolutions-APIG4',
      reason:
        `GET ${path} is public on purpose: it is the liveness probe or the API reference, and reveals no ` +
        'organisation data. Every /v1 route requires a Google ID token.',
    })),
    { scope: stack.digest.function.fn, id: 'AwsSolutions-L1', reason: runtimeReason },
    { scope: stack.digest.function.role, id: 'AwsSolutions-IAM5[Resource::*]', reason: XRAY_WILDCARD },
    {
      scope: stack.digest.schedulerRole,
      id: `AwsSolutions-IAM5[Resource::<${stack.getLogicalId(stack.digest.function.fn.node.defaultChild as CfnElement)}.Arn>:*]`,
      reason:
        'The schedule invokes one function; grantInvoke adds its qualified ARNs (":*", versions and aliases ' +
        'of that same function) beside the unqualified one. No other function is reachable.',
    },
    {
      scope: stack.digest.deadLetterQueue,
      id: 'AwsSolutions-SQS3',
      reason:
        "This queue is itself a dead-letter queue (of the digest schedule and of the digest function's " +
        'asynchronous invocations), which cdk-nag does not recognise as one.',
    },
    {
      scope: stack.projectorFeed.deadLetterQueue,
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself a dead-letter queue (the on-failure destination of the projector stream ' +
        'mapping), which cdk-nag does not recognise as one.',
    },
  ];
}

export function acknowledgeNagFindings(stack: AcknowledgedStack): NagAcknowledgement[] {
  const acknowledgements = nagAcknowledgements(stack);
  for (const { scope, id, reason } of acknowledgements) {
    Validations.of(scope).acknowledge({ id, reason });
  }
  return acknowledgements;
}
