// What the projector reads before it applies anything: stream records in Lambda's attribute dialect
// (converted to and from the SDK's), which records are events of projected streams, and configuration.
import { marshall } from '@aws-sdk/util-dynamodb';
import {
  MissingConfigurationError,
  readEventRecords,
  readProjectorConfig,
  toLambdaAttributeValue,
  toSdkAttributeValue,
} from '@okr-ledger/projector';
import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';

const eventItem = {
  pk: 'acme#objective-obj_onboarding01',
  sk: 2,
  kind: 'event',
  org: 'acme',
  streamId: 'objective-obj_onboarding01',
  version: 2,
  eventType: 'KeyResultAdded',
  data: { objectiveId: 'obj_onboarding01', definition: { milestones: [], start: null, weight: 1.5 } },
  metadata: {
    actor: { sub: 's', email: 'e' },
    commandId: 'c',
    recordedAt: '2026-10-01T00:00:00.000Z',
    schemaVersion: 1,
  },
  recordedAt: '2026-10-01T00:00:00.000Z',
};

const record = (item: Record<string, unknown>, overrides: Partial<DynamoDBRecord> = {}): DynamoDBRecord => ({
  eventName: 'INSERT',
  dynamodb: {
    NewImage: Object.fromEntries(
      Object.entries(marshall(item, { removeUndefinedValues: true })).map(([key, value]) => [
        key,
        toLambdaAttributeValue(value as Parameters<typeof toLambdaAttributeValue>[0]),
      ]),
    ),
    SequenceNumber: '100',
  },
  ...overrides,
});

describe('attribute value dialects', () => {
  it('round-trip every attribute type between the SDK and Lambda', () => {
    // Prepare
    const sdk = marshall({
      text: 'x',
      number: 1.25,
      flag: false,
      nothing: null,
      list: [1, 'a', { nested: true }],
      map: { inner: ['b'] },
      bytes: new Uint8Array([1, 2, 255]),
      strings: new Set(['a', 'b']),
      numbers: new Set([1, 2]),
    });

    // Act
    const roundTripped = Object.fromEntries(
      Object.entries(sdk).map(([key, value]) => [
        key,
        toSdkAttributeValue(toLambdaAttributeValue(value as never)),
      ]),
    );

    // Assess
    expect(roundTripped).toEqual(sdk);
    expect(toLambdaAttributeValue(sdk.bytes as never)).toEqual({ B: 'AQL/' });
  });

  it('reads the empty object the Streams client makes of an empty map as an empty map', () => {
    // Act / Assess
    expect(toLambdaAttributeValue({} as never)).toEqual({ M: {} });
  });
});

describe('readEventRecords', () => {
  it('keeps inserted event items of projected streams with their position and sequence number', () => {
    // Prepare
    const tip = { ...eventItem, kind: 'tip', sk: 0 };
    const organization = { ...eventItem, streamId: 'organization' };

    // Act
    const { records, ignored } = readEventRecords({
      Records: [
        record(tip),
        record(eventItem),
        record(eventItem, { eventName: 'MODIFY' }),
        record(organization),
        record(
          { ...eventItem, version: 3 },
          { dynamodb: { ...record({ ...eventItem, version: 3 }).dynamodb, SequenceNumber: '101' } },
        ),
      ],
    });

    // Assess
    expect(records.map((entry) => [entry.position, entry.sequenceNumber, entry.version])).toEqual([
      [1, '100', 2],
      [4, '101', 3],
    ]);
    expect(records[0]?.item).toEqual(eventItem);
    expect(ignored.map((entry) => entry.position)).toEqual([0, 2, 3]);
  });
});

describe('readProjectorConfig', () => {
  const complete = {
    EVENTS_TABLE_NAME: 'events',
    VIEWS_TABLE_NAME: 'views',
    POWERTOOLS_METRICS_NAMESPACE: 'OkrLedger-dev',
  };

  it('reads both table names and the metrics namespace, and refuses a missing or blank one', () => {
    // Act / Assess
    expect(readProjectorConfig(complete)).toEqual({
      eventsTableName: 'events',
      viewsTableName: 'views',
      metricsNamespace: 'OkrLedger-dev',
    });
    expect(() => readProjectorConfig({ ...complete, POWERTOOLS_METRICS_NAMESPACE: undefined })).toThrow(
      /POWERTOOLS_METRICS_NAMESPACE/,
    );
    expect(() => readProjectorConfig({ EVENTS_TABLE_NAME: 'events', VIEWS_TABLE_NAME: '  ' })).toThrow(
      MissingConfigurationError,
    );
    expect(() => readProjectorConfig({ VIEWS_TABLE_NAME: 'views' })).toThrow(/EVENTS_TABLE_NAME/);
  });
});
