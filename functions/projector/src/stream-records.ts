// Reads a DynamoDB Streams batch: which records are new event items of streams that have views, with
// their position in the batch and the sequence number Lambda identifies them by. Tips, command records
// and modifications share the table and are ignored (in AWS the event source mapping filters them too).
import { isEventItem } from '@okr-ledger/event-store';
import { streamKindOf } from '@okr-ledger/projections';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { toSdkImage } from './attribute-values.js';

export interface EventRecord {
  /** Index in the batch: the first failure in batch order is the one reported. */
  position: number;
  sequenceNumber: string;
  org: string;
  streamId: string;
  version: number;
  item: Record<string, unknown>;
  raw: DynamoDBRecord;
}

export interface IgnoredRecord {
  position: number;
  reason: string;
}

export function readEventRecords(event: DynamoDBStreamEvent): {
  records: EventRecord[];
  ignored: IgnoredRecord[];
} {
  const records: EventRecord[] = [];
  const ignored: IgnoredRecord[] = [];
  event.Records.forEach((raw, position) => {
    const image = raw.dynamodb?.NewImage;
    if (raw.eventName !== 'INSERT' || image === undefined) {
      ignored.push({ position, reason: `${raw.eventName ?? 'unknown'} without a new image` });
      return;
    }
    const item = unmarshall(toSdkImage(image)) as Record<string, unknown>;
    if (!isEventItem(item)) {
      ignored.push({ position, reason: `not an event item (kind ${String(item.kind)})` });
      return;
    }
    const { org, streamId, version } = item as Partial<Record<'org' | 'streamId', unknown>> & {
      version?: unknown;
    };
    if (typeof org !== 'string' || typeof streamId !== 'string' || typeof version !== 'number') {
      ignored.push({ position, reason: 'event item without org, streamId or version' });
      return;
    }
    if (streamKindOf(streamId) === null) {
      ignored.push({ position, reason: `${streamId} has no views` });
      return;
    }
    const sequenceNumber = raw.dynamodb?.SequenceNumber ?? raw.eventID;
    if (sequenceNumber === undefined) {
      ignored.push({ position, reason: 'record without a sequence number' });
      return;
    }
    records.push({ position, sequenceNumber, org, streamId, version, item, raw });
  });
  return { records, ignored };
}
