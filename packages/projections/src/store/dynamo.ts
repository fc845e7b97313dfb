// Small DynamoDB helpers the writer, the reader and the rebuild share: paged queries and scans, batched
// deletes that retry what DynamoDB left unprocessed, and telling a lost conditional race from a failure.
import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  QueryCommand,
  type QueryCommandInput,
  ScanCommand,
  type ScanCommandInput,
} from '@aws-sdk/lib-dynamodb';

type Item = Record<string, unknown>;

export async function queryAll(doc: DynamoDBDocumentClient, input: QueryCommandInput): Promise<Item[]> {
  const items: Item[] = [];
  let startKey: Item | undefined;
  do {
    const page = await doc.send(new QueryCommand({ ...input, ExclusiveStartKey: startKey }));
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  return items;
}

/** Scans page by page, handing each page over so a large table is never held whole. */
export async function scanPages(
  doc: DynamoDBDocumentClient,
  input: ScanCommandInput,
  onPage: (items: Item[]) => Promise<void> | void,
): Promise<void> {
  let startKey: Item | undefined;
  do {
    const page = await doc.send(new ScanCommand({ ...input, ExclusiveStartKey: startKey }));
    await onPage(page.Items ?? []);
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
}

const BATCH_WRITE_MAX = 25;
const UNPROCESSED_RETRIES = 8;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function deleteKeys(
  doc: DynamoDBDocumentClient,
  tableName: string,
  keys: { pk: string; sk: string }[],
): Promise<void> {
  for (let offset = 0; offset < keys.length; offset += BATCH_WRITE_MAX) {
    let requests: { DeleteRequest: { Key: Item } }[] = keys
      .slice(offset, offset + BATCH_WRITE_MAX)
      .map((key) => ({ DeleteRequest: { Key: { pk: key.pk, sk: key.sk } } }));
    for (let attempt = 0; requests.length > 0; attempt += 1) {
      if (attempt > UNPROCESSED_RETRIES) throw new Error(`could not delete ${requests.length} view items`);
      if (attempt > 0) await pause(50 * 2 ** attempt);
      const output = await doc.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } }));
      requests = (output.UnprocessedItems?.[tableName] ?? []).flatMap((request) =>
        request.DeleteRequest?.Key ? [{ DeleteRequest: { Key: request.DeleteRequest.Key } }] : [],
      );
    }
  }
}

interface ErrorFacts {
  name?: unknown;
  CancellationReasons?: { Code?: unknown }[];
}

/** Cancellation reasons that mean another writer got there first, not that the request is wrong. */
const LOST_RACE_CODES = new Set(['ConditionalCheckFailed', 'TransactionConflict']);

/** A conditional write or a transaction lost to another writer: re-read and decide again. */
export function isLostRace(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const facts = error as ErrorFacts;
  if (facts.name === 'ConditionalCheckFailedException') return true;
  if (facts.name !== 'TransactionCanceledException') return false;
  const codes = (facts.CancellationReasons ?? []).map((reason) => String(reason.Code ?? 'None'));
  return (
    codes.some((code) => LOST_RACE_CODES.has(code)) &&
    codes.every((code) => LOST_RACE_CODES.has(code) || code === 'None')
  );
}
