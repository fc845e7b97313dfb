// DynamoDB's JSON protocol on one keep-alive connection pool: a request is an operation name and its
// input (attribute values already in DynamoDB's typed form), signed with SigV4 by aws4 (node:crypto and
// synchronous, a tenth of what WebCrypto's promises cost per request), sent with node:http(s); the answer,
// or an error shaped as the AWS SDK shapes it (`name`, `$metadata`, `CancellationReasons`…), so the
// store's retry and cancellation rules read both alike. The Lambda bundle sends DynamoDB requests with this
// (lean-dynamodb/client.ts and document.ts stand in for the SDK's packages there): the SDK's client,
// middleware stack and endpoint rules cost about a third of the API's cold start.
import { Agent as HttpAgent, type IncomingMessage, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import aws4 from 'aws4';

export interface WireOptions {
  /** DynamoDB Local's URL; omitted in AWS, where the regional endpoint is used. */
  endpoint?: string;
  region?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Abandon a request whose connection stays silent this long (it then fails as a retryable TimeoutError). */
  requestTimeoutMs?: number;
}

/** What DynamoDB answered when it refused, in the shape the AWS SDK gives its errors. */
export class DynamoDbServiceError extends Error {
  readonly $fault: 'client' | 'server';
  readonly $metadata: { httpStatusCode: number };
  readonly CancellationReasons?: unknown[];

  constructor(name: string, message: string, status: number, body: Record<string, unknown>) {
    super(message);
    this.name = name;
    this.$fault = status >= 500 ? 'server' : 'client';
    this.$metadata = { httpStatusCode: status };
    if (Array.isArray(body.CancellationReasons)) this.CancellationReasons = body.CancellationReasons;
  }
}

const TARGET_PREFIX = 'DynamoDB_20120810.';
const CONTENT_TYPE = 'application/x-amz-json-1.0';

const toBase64 = (bytes: Uint8Array): string =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');

const fromBase64 = (text: string): Uint8Array => {
  const bytes = Buffer.from(text, 'base64');
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
};

/**
 * `value` with its binary attribute values (any Uint8Array, a Buffer too) as base64, as DynamoDB JSON
 * carries them; the objects and lists holding none are the caller's own, not copies. A walk of our own
 * rather than a JSON.stringify replacer, which would call back into JS for every key of the request.
 */
function binaryAsBase64(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (value instanceof Uint8Array) return toBase64(value);
  // What JSON.stringify turns into something else itself (a Date) is left for it to turn.
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return value;
  // A list and an object are walked alike: by their keys, copied on the first binary found.
  const list = Array.isArray(value);
  let copy: Record<number | string, unknown> | undefined;
  for (const [key, member] of list ? value.entries() : Object.entries(value)) {
    const sent = binaryAsBase64(member);
    if (sent === member) continue;
    copy ??= (list ? [...value] : { ...value }) as Record<number | string, unknown>;
    copy[key] = sent;
  }
  return copy ?? value;
}

/**
 * Turns an answer's binary attribute values back into bytes, in place (the answer was just parsed). Only an
 * attribute value has a `B` (a string) or `BS` (strings) member: map keys inside an `M` hold attribute
 * values (objects), never bare strings, so this cannot mistake an attribute named B.
 */
function binaryFromBase64(value: unknown): void {
  if (typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) {
    for (const entry of value) binaryFromBase64(entry);
    return;
  }
  const members = value as Record<string, unknown>;
  for (const key of Object.keys(members)) {
    const member = members[key];
    if (key === 'B' && typeof member === 'string') members[key] = fromBase64(member);
    else if (key === 'BS' && Array.isArray(member))
      members[key] = member.map((item) => (typeof item === 'string' ? fromBase64(item) : item));
    else binaryFromBase64(member);
  }
}

export class DynamoDbWire {
  private readonly url: URL;
  private readonly region: string;
  private readonly agent: HttpAgent;
  private readonly send: typeof httpRequest;
  private credentials: Credentials | undefined;

  constructor(private readonly options: WireOptions = {}) {
    this.region = options.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';
    this.url = new URL(options.endpoint ?? `https://dynamodb.${this.region}.amazonaws.com/`);
    const secure = this.url.protocol === 'https:';
    this.agent = secure ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true });
    this.send = secure ? httpsRequest : httpRequest;
  }

  /** Sends `operation` (e.g. `TransactWriteItems`) with `input`; resolves its answer or rejects as the SDK would. */
  async call(operation: string, input: object): Promise<Record<string, unknown>> {
    const body = JSON.stringify(binaryAsBase64(input));
    // Read from the environment once, on the first request (Lambda sets them before the handler loads).
    this.credentials ??= this.options.credentials ?? credentialsFromEnvironment();
    const { credentials } = this;
    // aws4 keeps the signing key derived per day, region and service for the next requests.
    const signed = aws4.sign(
      {
        host: this.url.host,
        path: this.url.pathname,
        method: 'POST',
        headers: { 'content-type': CONTENT_TYPE, 'x-amz-target': TARGET_PREFIX + operation },
        body,
        service: 'dynamodb',
        region: this.region,
      },
      credentials,
    );
    // aws4 adds (and signs) Host, Content-Length, X-Amz-Date and the session token.
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(signed.headers ?? {}))
      if (value !== undefined) headers[name.toLowerCase()] = String(value);
    const { status, text } = await this.exchange(headers, body);
    const answer = parseAnswer(text);
    if (status >= 200 && status < 300 && answer !== null) return answer;
    throw errorOf(status, answer ?? { message: `DynamoDB answered ${status} with a body that is not JSON.` });
  }

  private exchange(headers: Record<string, string>, body: string): Promise<{ status: number; text: string }> {
    const timeoutMs = this.options.requestTimeoutMs ?? 10_000;
    return new Promise((resolve, reject) => {
      const request = this.send(
        this.url,
        { method: 'POST', headers, agent: this.agent },
        (response: IncomingMessage) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
          );
        },
      );
      request.setTimeout(timeoutMs, () => {
        const timeout = new Error(`DynamoDB did not answer within ${timeoutMs} ms.`);
        timeout.name = 'TimeoutError';
        request.destroy(timeout);
      });
      // A dropped connection rejects with its `code` (ECONNRESET…), which the store's retry rules read.
      request.on('error', reject);
      request.end(body);
    });
  }

  /** Closes the idle connections (the SDK client's `destroy`). */
  destroy(): void {
    this.agent.destroy();
  }
}

type Credentials = NonNullable<WireOptions['credentials']>;

function credentialsFromEnvironment(): Credentials {
  const accessKeyId = process.env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = process.env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) {
    throw new Error('AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set (Lambda sets them).');
  }
  const sessionToken = process.env.AWS_SESSION_TOKEN;
  return sessionToken ? { accessKeyId, secretAccessKey, sessionToken } : { accessKeyId, secretAccessKey };
}

/** The answer's JSON, or null when it is not JSON (a proxy's error page): then the status decides. */
function parseAnswer(text: string): Record<string, unknown> | null {
  if (text === '') return {};
  let answer: Record<string, unknown>;
  try {
    answer = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return null;
  }
  binaryFromBase64(answer);
  return answer;
}

/** `com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException` → `ConditionalCheckFailedException`. */
function errorOf(status: number, answer: Record<string, unknown>): DynamoDbServiceError {
  const type = typeof answer.__type === 'string' ? answer.__type : '';
  const name =
    type.slice(type.lastIndexOf('#') + 1) || (status >= 500 ? 'InternalServerError' : 'UnknownError');
  const message = answer.message ?? answer.Message;
  return new DynamoDbServiceError(name, typeof message === 'string' ? message : name, status, answer);
}
