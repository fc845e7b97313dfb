// The whole OKR Ledger deployment: events and views tables, the API and projector functions, the HTTP API,
// the stream wiring to the projector, alarms, and the acknowledged cdk-nag findings.
import { EVENTS_TABLE, VIEWS_TABLE } from '@okr-ledger/event-store';
import { PROJECTOR_SERVICE_NAME } from '@okr-ledger/projector';
import { CfnOutput, CfnParameter, Duration, Fn, Stack, type StackProps } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { grantApiAccess, grantProjectorAccess } from './access-policies.js';
import {
  EMAIL_ADDRESS_PATTERN,
  GOOGLE_CLIENT_ID_PATTERN,
  HOSTED_DOMAINS_PATTERN,
  type LedgerConfig,
  SES_IDENTITY_PATTERN,
} from './config.js';
import { DigestSchedule } from './digest-schedule.js';
import { LedgerAlarms } from './ledger-alarms.js';
import { API_BUNDLE_OPTIONS } from './lambda-bundle.js';
import { LedgerFunction } from './ledger-function.js';
import { GOOGLE_ISSUER, LedgerHttpApi } from './ledger-http-api.js';
import { LedgerTable } from './ledger-table.js';
import { acknowledgeNagFindings } from './nag-acknowledgements.js';
import { API_ENTRY, PROJECTOR_ENTRY } from './paths.js';
import { ProjectorFeed } from './projector-feed.js';

export interface OkrLedgerStackProps extends StackProps {
  config: LedgerConfig;
}

// A month covers an incident's investigation; the audit trail itself lives in the events table, not logs.
const LOG_RETENTION = logs.RetentionDays.ONE_MONTH;

export class OkrLedgerStack extends Stack {
  readonly events: LedgerTable;
  readonly views: LedgerTable;
  readonly apiFunction: LedgerFunction;
  readonly projectorFunction: LedgerFunction;
  readonly httpApi: LedgerHttpApi;
  readonly projectorFeed: ProjectorFeed;
  readonly alarms: LedgerAlarms;
  readonly digest: DigestSchedule;

  constructor(scope: Construct, id: string, props: OkrLedgerStackProps) {
    super(scope, id, props);
    const { config } = props;

    // Parameters rather than baked-in strings, so one synthesized template deploys to any account;
    // context values (-c googleClientIds=…) become their defaults.
    const googleClientIds = new CfnParameter(this, 'GoogleClientIds', {
      type: 'CommaDelimitedList',
      description:
        'OAuth client ids whose Google ID tokens the API accepts (the Marketplace project, bound scripts)',
      // For a list, CloudFormation matches the pattern against each id.
      allowedPattern: GOOGLE_CLIENT_ID_PATTERN,
      constraintDescription: 'each id must look like 1234-abc.apps.googleusercontent.com',
      ...(config.googleClientIds.length === 0 ? {} : { default: config.googleClientIds.join(',') }),
    });
    const allowedHostedDomains = new CfnParameter(this, 'AllowedHostedDomains', {
      type: 'String',
      description: 'Comma-separated Google Workspace domains allowed to sign in; empty allows any',
      allowedPattern: HOSTED_DOMAINS_PATTERN,
      default: config.allowedHostedDomains,
    });

    // Events are the only source of truth: kept, protected from deletion, restorable to any second.
    this.events = new LedgerTable(this, 'Events', { definition: EVENTS_TABLE, lifecycle: 'retain' });
    // Views are derived: a lost table is rebuilt by replaying the events.
    this.views = new LedgerTable(this, 'Views', { definition: VIEWS_TABLE, lifecycle: 'destroy' });

    const tables = {
      EVENTS_TABLE_NAME: this.events.table.tableName,
      VIEWS_TABLE_NAME: this.views.table.tableName,
    };
    // One issuer setting for the gateway's authorizer and the code's own check, so they cannot disagree.
    const tokenIssuer = GOOGLE_ISSUER;
    // Per stage, so a test stage's parked records never wake the production alarm.
    const metricsNamespace = this.stackName;

    this.apiFunction = new LedgerFunction(this, 'ApiFunction', {
      entry: API_ENTRY,
      description: 'OKR Ledger HTTP API',
      // Lambda CPU grows with memory: at 1 GB, cold starts (bundle load, JWKS fetch, token crypto) and
      // tail latency drop enough that cost per request barely moves while users wait less.
      memorySize: 1024,
      // A request is a read and one transaction per objective; past 15 s something is hung, and failing
      // well before API Gateway's 30 s limit returns our problem+json instead of the gateway's 503.
      timeout: Duration.seconds(15),
      environment: {
        ...tables,
        GOOGLE_CLIENT_IDS: Fn.join(',', googleClientIds.valueAsList),
        TOKEN_ISSUER: tokenIssuer,
        ALLOWED_HOSTED_DOMAINS: allowedHostedDomains.valueAsString,
        POWERTOOLS_SERVICE_NAME: 'okr-ledger-api',
        LOG_LEVEL: 'INFO',
        // Only when the context sets them: otherwise the API's own defaults apply.
        ...(config.orgRateLimit.perSecond === undefined
          ? {}
          : { ORG_RATE_LIMIT_PER_SECOND: String(config.orgRateLimit.perSecond) }),
        ...(config.orgRateLimit.burst === undefined
          ? {}
          : { ORG_RATE_LIMIT_BURST: String(config.orgRateLimit.burst) }),
      },
      logRetention: LOG_RETENTION,
      bundle: API_BUNDLE_OPTIONS,
    });

    this.projectorFunction = new LedgerFunction(this, 'ProjectorFunction', {
      entry: PROJECTOR_ENTRY,
      description: 'OKR Ledger projector (events stream to read models)',
      // Projection is I/O-bound (DynamoDB writes), so half the API's memory is plenty.
      memorySize: 512,
      // A batch of 100 events needs a few seconds; a minute bounds a hung call before the stream retries.
      timeout: Duration.seconds(60),
      environment: {
        ...tables,
        POWERTOOLS_SERVICE_NAME: PROJECTOR_SERVICE_NAME,
        POWERTOOLS_METRICS_NAMESPACE: metricsNamespace,
        LOG_LEVEL: 'INFO',
      },
      logRetention: LOG_RETENTION,
    });

    grantApiAccess(this.apiFunction.role, this.events, this.views);
    grantProjectorAccess(this.projectorFunction.role, this.events, this.views);

    this.httpApi = new LedgerHttpApi(this, 'HttpApi', {
      handler: this.apiFunction.fn,
      audiences: googleClientIds.valueAsList,
      issuer: tokenIssuer,
      logRetention: LOG_RETENTION,
    });

    this.projectorFeed = new ProjectorFeed(this, 'ProjectorFeed', {
      eventsTable: this.events.table,
      projector: this.projectorFunction.fn,
    });

    this.alarms = new LedgerAlarms(this, 'Alarms', {
      apiStage: this.httpApi.stage,
      apiFunction: this.apiFunction.fn,
      projectorFunction: this.projectorFunction.fn,
      deadLetterQueue: this.projectorFeed.deadLetterQueue,
      metricsNamespace,
    });

    // The digest's sending identity, like the client ids: parameters defaulted from the context.
    const digestFromAddress = new CfnParameter(this, 'DigestFromAddress', {
      type: 'String',
      description: 'The address weekly digests are sent from (verified in SES, directly or by its domain)',
      allowedPattern: EMAIL_ADDRESS_PATTERN,
      constraintDescription: 'must be an email address',
      ...(config.digest.fromAddress === '' ? {} : { default: config.digest.fromAddress }),
    });
    const digestSesIdentity = new CfnParameter(this, 'DigestSesIdentity', {
      type: 'String',
      description: 'The SES identity (domain or address) the digest address is verified under',
      allowedPattern: SES_IDENTITY_PATTERN,
      constraintDescription: 'must be a domain or an email address',
      ...(config.digest.sesIdentity === '' ? {} : { default: config.digest.sesIdentity }),
    });
    this.digest = new DigestSchedule(this, 'Digest', {
      events: this.events,
      views: this.views,
      fromAddress: digestFromAddress.valueAsString,
      sesIdentity: digestSesIdentity.valueAsString,
      sheetUrlBase: config.digest.sheetUrlBase,
      metricsNamespace,
      alarmTopic: this.alarms.topic,
      logRetention: LOG_RETENTION,
    });

    new CfnOutput(this, 'ApiUrl', { description: 'Base URL of the HTTP API', value: this.httpApi.url });
    new CfnOutput(this, 'EventsTableName', { value: this.events.table.tableName });
    new CfnOutput(this, 'ViewsTableName', { value: this.views.table.tableName });
    new CfnOutput(this, 'DeadLetterQueueUrl', {
      description: 'Where the projector parks stream batches it could not apply',
      value: this.projectorFeed.deadLetterQueue.queueUrl,
    });
    new CfnOutput(this, 'DigestDeadLetterQueueUrl', {
      description: 'Where digest runs that failed after their retries are parked',
      value: this.digest.deadLetterQueue.queueUrl,
    });
    new CfnOutput(this, 'AlarmTopicArn', {
      description: 'Subscribe an email or chat endpoint here to receive alarms',
      value: this.alarms.topic.topicArn,
    });

    acknowledgeNagFindings(this);
  }
}
