// The synthesized template, property by property: tables, functions, HTTP API, stream wiring, alarms,
// permissions and outputs. The app is built (and its functions bundled) once for the whole file.
import { EVENTS_TABLE, type TableDefinition, VIEWS_TABLE } from '@okr-ledger/event-store';
import type { CfnElement } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { OkrLedgerStack } from '../../../infra/src/okr-ledger-stack.js';
import { buildTestApp, removeOutput, TEST_CONTEXT } from './ledger-app.js';

let stack: OkrLedgerStack;
let template: Template;

// Bundling both functions and synthesizing takes seconds, more on a busy machine.
beforeAll(() => {
  const built = buildTestApp();
  stack = built.stack;
  template = Template.fromStack(stack);
  return () => removeOutput(built.app);
}, 180_000);

function logicalId(construct: IConstruct): string {
  const element = construct.node.defaultChild ?? construct;
  return stack.getLogicalId(element as CfnElement);
}

const ref = (construct: IConstruct) => ({ Ref: logicalId(construct) });
const arnOf = (construct: IConstruct) => ({ 'Fn::GetAtt': [logicalId(construct), 'Arn'] });

function keySchema(definition: { partitionKey: { name: string }; sortKey: { name: string } }) {
  return [
    { AttributeName: definition.partitionKey.name, KeyType: 'HASH' },
    { AttributeName: definition.sortKey.name, KeyType: 'RANGE' },
  ];
}

function attributeDefinitions(definition: TableDefinition) {
  const keys = [definition.partitionKey, definition.sortKey].concat(
    definition.indexes.flatMap((index) => [index.partitionKey, index.sortKey]),
  );
  return keys.map((key) => Match.objectEquals({ AttributeName: key.name, AttributeType: key.type }));
}

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

function statementsOf(policy: { Properties?: { PolicyDocument?: { Statement?: Statement[] } } }) {
  return policy.Properties?.PolicyDocument?.Statement ?? [];
}

/** Every identity-policy statement in the template, with the roles it is attached to. */
function identityStatements(): { roles: string[]; statement: Statement }[] {
  const found: { roles: string[]; statement: Statement }[] = [];
  for (const policy of Object.values(template.findResources('AWS::IAM::Policy'))) {
    const roles = ((policy.Properties?.Roles ?? []) as { Ref: string }[]).map((role) => role.Ref);
    for (const statement of statementsOf(policy)) found.push({ roles, statement });
  }
  for (const [id, role] of Object.entries(template.findResources('AWS::IAM::Role'))) {
    for (const inline of (role.Properties?.Policies ?? []) as {
      PolicyDocument: { Statement: Statement[] };
    }[]) {
      for (const statement of inline.PolicyDocument.Statement) found.push({ roles: [id], statement });
    }
  }
  return found;
}

const actionsOf = (statement: Statement) =>
  Array.isArray(statement.Action) ? statement.Action : [statement.Action];

/** The issue's list: append (TransactWriteItems is authorised per put/update/check) and read, never delete. */
const API_EVENTS_ACTIONS = [
  'dynamodb:BatchGetItem',
  'dynamodb:ConditionCheckItem',
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:Query',
  'dynamodb:UpdateItem',
];
const API_VIEWS_ACTIONS = ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query'];
const PROJECTOR_VIEWS_ACTIONS = [
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DeleteItem',
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:Query',
  'dynamodb:UpdateItem',
];
const STREAM_READ_ACTIONS = ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'];

/** DynamoDB statements of one role, as resource and sorted actions. */
function dynamoAccessOf(role: IConstruct) {
  const roleId = logicalId(role);
  return identityStatements()
    .filter(({ roles }) => roles.includes(roleId))
    .map(({ statement }) => ({ resource: statement.Resource, actions: actionsOf(statement).sort() }))
    .filter(({ actions }) => actions.some((action) => action.startsWith('dynamodb:')));
}

function resourceMentions(resource: unknown, logicalIdToFind: string): boolean {
  return JSON.stringify(resource).includes(`"${logicalIdToFind}"`);
}

describe('events table', () => {
  it('is built from the shared definition: keys, index, on-demand, stream of new images', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: keySchema(EVENTS_TABLE),
      AttributeDefinitions: Match.arrayWith(attributeDefinitions(EVENTS_TABLE)),
      BillingMode: 'PAY_PER_REQUEST',
      StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
      GlobalSecondaryIndexes: EVENTS_TABLE.indexes.map((index) => ({
        IndexName: index.indexName,
        KeySchema: keySchema(index),
        Projection: { ProjectionType: index.projection },
      })),
      TableName: Match.absent(),
    });
  });

  it('is encrypted, restorable, protected from deletion and kept when the stack goes', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      Properties: Match.objectLike({
        KeySchema: keySchema(EVENTS_TABLE),
        SSESpecification: { SSEEnabled: true },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
      }),
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    expect(logicalId(stack.events.table)).toMatch(/^EventsTable/);
  });
});

describe('views table', () => {
  it('is built from the shared definition, encrypted and restorable, without a stream', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      Properties: Match.objectLike({
        KeySchema: keySchema(VIEWS_TABLE),
        AttributeDefinitions: attributeDefinitions(VIEWS_TABLE),
        BillingMode: 'PAY_PER_REQUEST',
        SSESpecification: { SSEEnabled: true },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        StreamSpecification: Match.absent(),
        GlobalSecondaryIndexes: Match.absent(),
        TableName: Match.absent(),
      }),
    });
  });

  it('can be destroyed with the stack, since it is rebuilt from the events', () => {
    const [views] = Object.values(
      template.findResources('AWS::DynamoDB::Table', {
        Properties: { KeySchema: keySchema(VIEWS_TABLE), StreamSpecification: Match.absent() },
      }),
    );
    expect(views).toMatchObject({
      DeletionPolicy: 'Delete',
      Properties: { DeletionProtectionEnabled: false },
    });
  });
});

describe('functions', () => {
  const functions = () => [
    {
      name: 'api',
      construct: stack.apiFunction,
      memory: 1024,
      timeout: 15,
      // Each function gets what its configuration reads, and nothing else (no STAGE nobody reads).
      environment: () => ({
        EVENTS_TABLE_NAME: ref(stack.events.table),
        VIEWS_TABLE_NAME: ref(stack.views.table),
        GOOGLE_CLIENT_IDS: { 'Fn::Join': [',', { Ref: 'GoogleClientIds' }] },
        TOKEN_ISSUER: 'https://accounts.google.com',
        ALLOWED_HOSTED_DOMAINS: { Ref: 'AllowedHostedDomains' },
        POWERTOOLS_SERVICE_NAME: 'okr-ledger-api',
        LOG_LEVEL: 'INFO',
        ORG_RATE_LIMIT_PER_SECOND: '20',
      }),
    },
    {
      name: 'projector',
      construct: stack.projectorFunction,
      memory: 512,
      timeout: 60,
      environment: () => ({
        EVENTS_TABLE_NAME: ref(stack.events.table),
        VIEWS_TABLE_NAME: ref(stack.views.table),
        POWERTOOLS_SERVICE_NAME: 'okr-ledger-projector',
        POWERTOOLS_METRICS_NAMESPACE: `OkrLedger-${TEST_CONTEXT.stage}`,
        LOG_LEVEL: 'INFO',
      }),
    },
  ];

  it.each(['api', 'projector'])(
    '%s: Node.js 22 on arm64, traced, sized and logging to its own group',
    (name) => {
      const fn = functions().find((candidate) => candidate.name === name);
      if (!fn) throw new Error(`no ${name} function`);

      template.hasResourceProperties('AWS::Lambda::Function', {
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        MemorySize: fn.memory,
        Timeout: fn.timeout,
        TracingConfig: { Mode: 'Active' },
        LoggingConfig: { LogGroup: ref(fn.construct.logGroup) },
        Role: arnOf(fn.construct.role),
        FunctionName: Match.absent(),
        // Source maps ship beside the bundle but are not loaded at run time (cold start).
        Environment: { Variables: { ...fn.environment(), NODE_OPTIONS: Match.absent() } },
      });
    },
  );

  it('keep their logs for a bounded time', () => {
    for (const fn of [stack.apiFunction, stack.projectorFunction]) {
      const logGroup = template.findResources('AWS::Logs::LogGroup')[logicalId(fn.logGroup)];
      expect(logGroup?.Properties).toMatchObject({ RetentionInDays: 30 });
      expect(logGroup?.Properties?.LogGroupName).toBeUndefined();
    }
  });

  it('run under their own roles, trusted by Lambda only, without managed policies', () => {
    for (const fn of [stack.apiFunction, stack.projectorFunction]) {
      const role = template.findResources('AWS::IAM::Role')[logicalId(fn.role)];
      expect(role?.Properties?.AssumeRolePolicyDocument?.Statement).toEqual([
        { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' } },
      ]);
      expect(role?.Properties?.ManagedPolicyArns).toBeUndefined();
    }
  });

  it('write only to their own log group', () => {
    for (const fn of [stack.apiFunction, stack.projectorFunction]) {
      const roleId = logicalId(fn.role);
      const logStatements = identityStatements().filter(
        ({ roles, statement }) =>
          roles.includes(roleId) && actionsOf(statement).some((action) => action.startsWith('logs:')),
      );
      expect(logStatements.map(({ statement }) => statement.Resource)).toEqual([arnOf(fn.logGroup)]);
    }
  });
});

describe('configuration', () => {
  it('takes the Google client ids and hosted domains as parameters defaulted from context', () => {
    template.hasParameter('GoogleClientIds', {
      Type: 'CommaDelimitedList',
      Default: TEST_CONTEXT.googleClientIds,
      AllowedPattern: Match.stringLikeRegexp('googleusercontent'),
    });
    expect(template.findParameters('GoogleClientId')).toEqual({});
    template.hasParameter('AllowedHostedDomains', { Type: 'String', Default: 'example.com,example.org' });
  });

  it('names no physical resource', () => {
    const namingProperties: Record<string, string> = {
      'AWS::DynamoDB::Table': 'TableName',
      'AWS::Lambda::Function': 'FunctionName',
      'AWS::SQS::Queue': 'QueueName',
      'AWS::SNS::Topic': 'TopicName',
      'AWS::Logs::LogGroup': 'LogGroupName',
      'AWS::IAM::Role': 'RoleName',
      'AWS::CloudWatch::Alarm': 'AlarmName',
    };
    for (const [type, property] of Object.entries(namingProperties)) {
      const resources = Object.values(template.findResources(type));
      expect(resources.length, type).toBeGreaterThan(0);
      for (const resource of resources) expect(resource.Properties?.[property], type).toBeUndefined();
    }
  });
});

describe('HTTP API', () => {
  it('is an HTTP API without CORS: its callers are server-side or same-origin', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'HTTP',
      CorsConfiguration: Match.absent(),
    });
  });

  it('throttles and access-logs its default stage', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      ApiId: ref(stack.httpApi.api),
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
      AccessLogSettings: {
        DestinationArn: arnOf(stack.httpApi.accessLogs),
        Format: Match.stringLikeRegexp('\\$context\\.requestId'),
      },
    });
  });

  it('checks Google ID tokens for any of the client ids before invoking the function', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Issuer: 'https://accounts.google.com', Audience: { Ref: 'GoogleClientIds' } },
    });
    const [authorizerId] = Object.keys(template.findResources('AWS::ApiGatewayV2::Authorizer'));
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: 'ANY /v1/{proxy+}',
      AuthorizationType: 'JWT',
      AuthorizerId: { Ref: authorizerId },
    });
  });

  it('leaves only health and the API reference open', () => {
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map((route) => ({
      key: route.Properties?.RouteKey,
      auth: route.Properties?.AuthorizationType,
    }));
    expect(routes.filter((route) => route.auth !== 'JWT').map((route) => route.key)).toEqual(
      expect.arrayContaining(['GET /health', 'GET /openapi.json', 'GET /docs']),
    );
    expect(routes.filter((route) => route.auth !== 'JWT')).toHaveLength(3);
    expect(routes.filter((route) => route.auth === 'JWT').map((route) => route.key)).toEqual([
      'ANY /v1/{proxy+}',
    ]);
  });

  it('shares one issuer and one audience list between the authorizer and the API function', () => {
    const [authorizer] = Object.values(template.findResources('AWS::ApiGatewayV2::Authorizer'));
    const apiFunction = template.findResources('AWS::Lambda::Function')[logicalId(stack.apiFunction.fn)];
    const variables = apiFunction?.Properties?.Environment?.Variables;
    const jwt = authorizer?.Properties?.JwtConfiguration;
    expect(jwt?.Issuer).toBe(variables?.TOKEN_ISSUER);
    expect(variables?.GOOGLE_CLIENT_IDS).toEqual({ 'Fn::Join': [',', jwt?.Audience] });
  });

  it('proxies every route to the API function', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationType: 'AWS_PROXY',
      IntegrationUri: arnOf(stack.apiFunction.fn),
      PayloadFormatVersion: '2.0',
    });
    const [integrationId] = Object.keys(template.findResources('AWS::ApiGatewayV2::Integration'));
    for (const route of Object.values(template.findResources('AWS::ApiGatewayV2::Route'))) {
      expect(route.Properties?.Target).toEqual({
        'Fn::Join': ['', ['integrations/', { Ref: integrationId }]],
      });
    }
  });
});

describe('projector feed', () => {
  it('reads the events stream from the beginning, in partial batches, into a dead-letter queue', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [logicalId(stack.events.table), 'StreamArn'] },
      FunctionName: ref(stack.projectorFunction.fn),
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: 100,
      MaximumBatchingWindowInSeconds: 1,
      ParallelizationFactor: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 10,
      MaximumRecordAgeInSeconds: 6 * 60 * 60,
      DestinationConfig: { OnFailure: { Destination: arnOf(stack.projectorFeed.deadLetterQueue) } },
    });
  });

  it('lets through only inserted event items, not tips or command records', () => {
    const [mapping] = Object.values(template.findResources('AWS::Lambda::EventSourceMapping'));
    const filters = mapping?.Properties?.FilterCriteria?.Filters as { Pattern: string }[];
    expect(filters.map((filter) => JSON.parse(filter.Pattern))).toEqual([
      { eventName: ['INSERT'], dynamodb: { NewImage: { kind: { S: ['event'] } } } },
    ]);
  });

  it('parks failures in an encrypted, TLS-only queue kept for the SQS maximum', () => {
    template.hasResourceProperties('AWS::SQS::Queue', {
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 14 * 24 * 60 * 60,
    });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [ref(stack.projectorFeed.deadLetterQueue)],
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      }),
    });
  });
});

describe('alarms', () => {
  const topic = () => ref(stack.alarms.topic);

  function expectAlarm(properties: Record<string, unknown>) {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      ...properties,
      AlarmActions: [topic()],
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
    });
  }

  it('watch API 5xx answers', () => {
    expectAlarm({
      Namespace: 'AWS/ApiGateway',
      MetricName: '5xx',
      Dimensions: Match.arrayWith([{ Name: 'ApiId', Value: ref(stack.httpApi.api) }]),
      Statistic: 'Sum',
      Threshold: 1,
    });
  });

  it.each(['Errors', 'Throttles'])('watch %s of both functions', (metricName) => {
    for (const fn of [stack.apiFunction, stack.projectorFunction]) {
      expectAlarm({
        Namespace: 'AWS/Lambda',
        MetricName: metricName,
        Dimensions: [{ Name: 'FunctionName', Value: ref(fn.fn) }],
        Statistic: 'Sum',
        Threshold: 1,
      });
    }
  });

  it('watch the projector falling behind the stream', () => {
    expectAlarm({
      Namespace: 'AWS/Lambda',
      MetricName: 'IteratorAge',
      Dimensions: [{ Name: 'FunctionName', Value: ref(stack.projectorFunction.fn) }],
      Statistic: 'Maximum',
      Period: 60,
      EvaluationPeriods: 3,
      Threshold: 60_000,
    });
  });

  it('watch the dead-letter queue', () => {
    expectAlarm({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [
        {
          Name: 'QueueName',
          Value: { 'Fn::GetAtt': [logicalId(stack.projectorFeed.deadLetterQueue), 'QueueName'] },
        },
      ],
      Threshold: 1,
    });
  });

  it('watch projection records the projector parks, in the namespace it publishes to', () => {
    const projector = template.findResources('AWS::Lambda::Function')[logicalId(stack.projectorFunction.fn)];
    const variables = projector?.Properties?.Environment?.Variables;
    expectAlarm({
      Namespace: variables?.POWERTOOLS_METRICS_NAMESPACE,
      MetricName: 'ParkedRecords',
      Dimensions: [{ Name: 'service', Value: variables?.POWERTOOLS_SERVICE_NAME }],
      Statistic: 'Sum',
      Period: 300,
      Threshold: 1,
      OKActions: [topic()],
    });
  });

  it('notify a KMS-encrypted, TLS-only topic that CloudWatch may publish to', () => {
    const keyId = Object.keys(template.findResources('AWS::KMS::Key'))[0];
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } });
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          }),
        ]),
      }),
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [topic()],
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
          }),
        ]),
      }),
    });
  });

  it('cover every alarm the issue asks for, each notifying the topic', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));
    expect(alarms.map((alarm) => alarm.Properties?.MetricName).sort()).toEqual([
      '5xx',
      'ApproximateNumberOfMessagesVisible',
      // The digest's dead-letter queue and its failed deliveries (see digest.test.ts).
      'ApproximateNumberOfMessagesVisible',
      'DigestFailures',
      'Errors',
      'Errors',
      'IteratorAge',
      'ParkedRecords',
      'Throttles',
      'Throttles',
    ]);
    for (const alarm of alarms) expect(alarm.Properties?.AlarmActions).toEqual([topic()]);
  });
});

describe('permissions', () => {
  it('grant no wildcard DynamoDB action to anyone', () => {
    const dynamoActions = identityStatements().flatMap(({ statement }) =>
      actionsOf(statement).filter((action) => action.startsWith('dynamodb:')),
    );
    expect(dynamoActions.length).toBeGreaterThan(0);
    expect(dynamoActions.filter((action) => action.includes('*'))).toEqual([]);
  });

  it('let no role delete from the events table', () => {
    const eventsId = logicalId(stack.events.table);
    const deletes = identityStatements().filter(
      ({ statement }) =>
        statement.Effect === 'Allow' &&
        resourceMentions(statement.Resource, eventsId) &&
        actionsOf(statement).some((action) =>
          /^dynamodb:(DeleteItem|BatchWriteItem|DeleteTable)$/.test(action),
        ),
    );
    expect(deletes).toEqual([]);
  });

  it('let the API append to and read the events table and its index, and read the views', () => {
    const eventsArn = arnOf(stack.events.table);

    expect(dynamoAccessOf(stack.apiFunction.role)).toEqual([
      { resource: eventsArn, actions: API_EVENTS_ACTIONS },
      ...EVENTS_TABLE.indexes.map((index) => ({
        resource: { 'Fn::Join': ['', [eventsArn, `/index/${index.indexName}`]] },
        actions: ['dynamodb:Query'],
      })),
      { resource: arnOf(stack.views.table), actions: API_VIEWS_ACTIONS },
    ]);
  });

  it('let the projector read events through the stream and by Query only, and maintain the views', () => {
    const eventsId = logicalId(stack.events.table);
    const eventsArn = arnOf(stack.events.table);
    const access = dynamoAccessOf(stack.projectorFunction.role);

    expect(access).toEqual(
      expect.arrayContaining([
        {
          resource: [
            eventsArn,
            ...EVENTS_TABLE.indexes.map((index) => ({
              'Fn::Join': ['', [eventsArn, `/index/${index.indexName}`]],
            })),
          ],
          actions: ['dynamodb:Query'],
        },
        { resource: arnOf(stack.views.table), actions: PROJECTOR_VIEWS_ACTIONS },
        { resource: { 'Fn::GetAtt': [eventsId, 'StreamArn'] }, actions: STREAM_READ_ACTIONS },
        { resource: '*', actions: ['dynamodb:ListStreams'] },
      ]),
    );
    expect(access).toHaveLength(4);
    const onEvents = access
      .filter(({ resource }) => resourceMentions(resource, eventsId))
      .flatMap(({ actions }) => actions);
    expect([...new Set(onEvents)].sort()).toEqual([...STREAM_READ_ACTIONS, 'dynamodb:Query'].sort());
  });
});

describe('outputs', () => {
  it('publish the API URL, table names, dead-letter queue URL and alarm topic', () => {
    template.hasOutput('ApiUrl', { Value: Match.objectLike({ 'Fn::Join': Match.anyValue() }) });
    template.hasOutput('EventsTableName', { Value: ref(stack.events.table) });
    template.hasOutput('ViewsTableName', { Value: ref(stack.views.table) });
    template.hasOutput('DeadLetterQueueUrl', { Value: ref(stack.projectorFeed.deadLetterQueue) });
    template.hasOutput('AlarmTopicArn', { Value: ref(stack.alarms.topic) });
    expect(JSON.stringify(template.toJSON().Outputs.ApiUrl)).toContain(logicalId(stack.httpApi.api));
  });
});
