// The lean DynamoDB client's protocol edge, against a local HTTP server standing in for DynamoDB's
// endpoint: what it sends (target, SigV4 signature, binaries as base64), how it reads answers (base64 back
// to bytes) and how it fails (SDK-shaped errors the store's retry rules classify). Its behaviour against
// DynamoDB itself is proven on DynamoDB Local in test/integration/api/lean-client.test.ts.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { classifyCancellation, isRetryable, isTransientError } from '@okr-ledger/event-store';
import { AwsV4Signer } from 'aws4fetch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDBClient } from '../../../packages/event-store/src/lean-dynamodb/client.js';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
} from '../../../packages/event-store/src/lean-dynamodb/document.js';
import { DynamoDbWire } from '../../../packages/event-store/src/lean-dynamodb/wire.js';

interface Seen {
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
  rawBody: string;
}

let server: Server;
let endpoint: string;
const seen: Seen[] = [];
/** What the next request is answered with. */
let answer: (response: ServerResponse) => void = (response) => response.end('{}');

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      seen.push({ headers: request.headers, body: JSON.parse(rawBody), rawBody });
      answer(response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret', sessionToken: 'session' };
const wire = () => new DynamoDbWire({ endpoint, region: 'eu-central-1', credentials, requestTimeoutMs: 300 });
const json = (status: number, body: unknown) => (response: ServerResponse) => {
  response.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' });
  response.end(JSON.stringify(body));
};

describe('the lean DynamoDB wire', () => {
  it('sends the operation as DynamoDB_20120810 target, signed for dynamodb in the region, with the session token', async () => {
    seen.length = 0;
    answer = json(200, { TableNames: ['a'] });
    const client = wire();
    expect(await client.call('ListTables', {})).toEqual({ TableNames: ['a'] });
    const headers = seen[0]?.headers ?? {};
    expect(headers['x-amz-target']).toBe('DynamoDB_20120810.ListTables');
    expect(headers['content-type']).toBe('application/x-amz-json-1.0');
    expect(headers['x-amz-security-token']).toBe('session');
    expect(headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-central-1\/dynamodb\/aws4_request, SignedHeaders=\S*host\S*x-amz-target\S*, Signature=[0-9a-f]{64}$/,
    );
    // Another SigV4 implementation, signing the same request and headers at the same instant, agrees.
    const independent = await new AwsV4Signer({
      url: `${endpoint}/`,
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'content-length': String(headers['content-length']),
        'x-amz-target': 'DynamoDB_20120810.ListTables',
      },
      body: seen[0]?.rawBody ?? '',
      allHeaders: true,
      ...credentials,
      service: 'dynamodb',
      region: 'eu-central-1',
      datetime: String(headers['x-amz-date']),
    }).sign();
    const signature = (authorization: string | null | undefined) => authorization?.split('Signature=')[1];
    expect(signature(headers.authorization)).toBe(signature(independent.headers.get('authorization')));
    client.destroy();
  });

  it('writes binary attributes as base64 and reads them back as bytes, through the document client', async () => {
    seen.length = 0;
    const bytes = new Uint8Array([0, 1, 2, 250, 255]);
    const client = new DynamoDBClient({ endpoint, region: 'eu-central-1', credentials });
    const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
    answer = json(200, {});
    await doc.send(new PutCommand({ TableName: 't', Item: { pk: 'a', answer: bytes, gone: undefined } }));
    expect(seen[0]?.body).toEqual({ TableName: 't', Item: { pk: { S: 'a' }, answer: { B: 'AAEC+v8=' } } });
    answer = json(200, {
      Item: { pk: { S: 'a' }, answer: { B: 'AAEC+v8=' }, n: { N: '42' }, B: { S: 'named B' } },
    });
    const read = await doc.send(new GetCommand({ TableName: 't', Key: { pk: 'a' } }));
    expect(seen[1]?.body).toEqual({ TableName: 't', Key: { pk: { S: 'a' } } });
    expect(read.Item).toEqual({ pk: 'a', answer: bytes, n: 42, B: 'named B' });
    client.destroy();
  });

  it('sends a Buffer, a view into a larger buffer and a binary set as base64, leaving the input as it was', async () => {
    seen.length = 0;
    const larger = new Uint8Array([9, 9, 0, 1, 2, 9]);
    const buffer = Buffer.from([0, 1, 2, 250, 255]);
    const input = {
      TableName: 't',
      Item: {
        pk: { S: 'b' },
        buffer: { B: buffer },
        view: { B: larger.subarray(2, 5) },
        set: { BS: [new Uint8Array([1]), new Uint8Array([2, 3])] },
        list: { L: [{ B: new Uint8Array([4]) }, { S: 'B' }] },
      },
    };
    const item = input.Item;
    answer = json(200, { Attributes: { set: { BS: ['AQ==', 'AgM='] }, list: { L: [{ B: 'BA==' }] } } });

    const read = await wire().call('PutItem', input);

    expect(seen[0]?.body).toEqual({
      TableName: 't',
      Item: {
        pk: { S: 'b' },
        buffer: { B: 'AAEC+v8=' },
        view: { B: 'AAEC' },
        set: { BS: ['AQ==', 'AgM='] },
        list: { L: [{ B: 'BA==' }, { S: 'B' }] },
      },
    });
    expect(input.Item).toBe(item);
    expect(item.buffer.B).toBe(buffer);
    expect([...buffer]).toEqual([0, 1, 2, 250, 255]);
    expect(item.set.BS.every((entry) => entry instanceof Uint8Array)).toBe(true);
    expect(item.list.L[0]).toEqual({ B: new Uint8Array([4]) });
    expect(read).toEqual({
      Attributes: {
        set: { BS: [new Uint8Array([1]), new Uint8Array([2, 3])] },
        list: { L: [{ B: new Uint8Array([4]) }] },
      },
    });
  });

  it('counts requests through middleware as the SDK client does: command name and marshalled input', async () => {
    const client = new DynamoDBClient({ endpoint, region: 'eu-central-1', credentials });
    const doc = DynamoDBDocumentClient.from(client);
    const names: string[] = [];
    client.middlewareStack.add((next, context) => async (args) => {
      names.push(`${context.commandName} ${JSON.stringify(args.input)}`);
      return next(args);
    });
    answer = json(200, {});
    await doc.send(new GetCommand({ TableName: 't', Key: { pk: 'a' } }));
    expect(names).toEqual(['GetItemCommand {"TableName":"t","Key":{"pk":{"S":"a"}}}']);
    client.destroy();
  });

  it('turns a cancelled transaction into the SDK’s error, whose reasons the store classifies, items as bytes', async () => {
    answer = json(400, {
      __type: 'com.amazonaws.dynamodb.v20120810#TransactionCanceledException',
      Message:
        'Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed]',
      CancellationReasons: [
        { Code: 'None' },
        {
          Code: 'ConditionalCheckFailed',
          Item: { pk: { S: 'c' }, answer: { B: 'AAE=' } },
          Message: 'failed',
        },
      ],
    });
    const failure = await wire()
      .call('TransactWriteItems', { TransactItems: [] })
      .catch((error: unknown) => error);
    expect(failure).toMatchObject({
      name: 'TransactionCanceledException',
      $metadata: { httpStatusCode: 400 },
      message: expect.stringContaining('ConditionalCheckFailed'),
    });
    expect(classifyCancellation(failure, { events: 0, commands: 1, uniqueLookups: 0 })).toEqual({
      kind: 'duplicate',
      indexes: [0],
      found: { pk: { S: 'c' }, answer: { B: new Uint8Array([0, 1]) } },
    });
    expect(isRetryable(failure)).toBe(false);
  });

  it('fails as retryable on throttling, a server fault, a timeout and a refused connection; not on a bad request', async () => {
    const failureOf = async (reply: (response: ServerResponse) => void, target = wire()) => {
      answer = reply;
      return target
        .call('GetItem', { TableName: 't', Key: { pk: { S: 'a' } } })
        .catch((error: unknown) => error);
    };
    const throttled = await failureOf(
      json(400, {
        __type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException',
        message: 'slow down',
      }),
    );
    expect(throttled).toMatchObject({ name: 'ProvisionedThroughputExceededException', message: 'slow down' });
    expect(isTransientError(throttled)).toBe(true);
    const fault = await failureOf(json(500, {}));
    expect(fault).toMatchObject({
      name: 'InternalServerError',
      $fault: 'server',
      $metadata: { httpStatusCode: 500 },
    });
    expect(isTransientError(fault)).toBe(true);
    const gateway = await failureOf((response) => {
      response.writeHead(502, { 'content-type': 'text/html' });
      response.end('<html>Bad gateway</html>');
    });
    expect(gateway).toMatchObject({ name: 'InternalServerError', $metadata: { httpStatusCode: 502 } });
    expect(isTransientError(gateway)).toBe(true);
    const silent = await failureOf(() => undefined);
    expect(silent).toMatchObject({ name: 'TimeoutError' });
    expect(isTransientError(silent)).toBe(true);
    const invalid = await failureOf(
      json(400, {
        __type: 'com.amazon.coral.validate#ValidationException',
        message: 'The table name is invalid',
      }),
    );
    expect(invalid).toMatchObject({ name: 'ValidationException', $fault: 'client' });
    expect(isTransientError(invalid)).toBe(false);
    const closed = new DynamoDbWire({ endpoint: 'http://127.0.0.1:9', region: 'eu-central-1', credentials });
    const refused = await closed.call('ListTables', {}).catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'ECONNREFUSED' });
    expect(isTransientError(refused)).toBe(true);
  });

  it('reads credentials from the environment when given none, and says which are missing', async () => {
    const saved = { ...process.env };
    try {
      delete process.env.AWS_ACCESS_KEY_ID;
      delete process.env.AWS_SECRET_ACCESS_KEY;
      const bare = new DynamoDbWire({ endpoint, region: 'eu-central-1' });
      await expect(bare.call('ListTables', {})).rejects.toThrow(
        /AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY/,
      );
      process.env.AWS_ACCESS_KEY_ID = 'AKIDFROMENV';
      process.env.AWS_SECRET_ACCESS_KEY = 'from-env';
      seen.length = 0;
      answer = json(200, {});
      await bare.call('ListTables', {});
      expect(seen[0]?.headers.authorization).toContain('Credential=AKIDFROMENV/');
      bare.destroy();
    } finally {
      process.env = saved;
    }
  });
});
