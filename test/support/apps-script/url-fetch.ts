// Owns UrlFetchApp: fetch, fetchAll and getRequest, synchronous like Apps Script, in one of two modes —
// 'real' (loopback HTTP through sync-http.ts) or a handler the test passes (request → response). Shared by
// both: parameter handling (method, contentType, payload, headers, muteHttpExceptions, followRedirects),
// HTTPResponse, the exception for status ≥ 400 without muteHttpExceptions, the 50 MB limits, the daily
// quota, counters and the fetch log.
//
// Error texts follow Apps Script: "Request failed for <scheme://host[:port]> returned code 404. Truncated
// server response: <first 300 characters>... (use muteHttpExceptions option to examine full response)" —
// Apps Script names the origin, not the path. Network failures read "Address unavailable: <url>",
// "DNS error: <url>" or "Timeout: <url>".
import { FakeBlob, fromByteInput, toSignedBytes } from './blob.js';
import type { Execution } from './execution.js';
import { isPlainRecord } from './realm.js';
import { isLoopbackHost, type SyncHttpClient, type WireRequest, type WireResult } from './sync-http.js';

export const MAX_RESPONSE_BYTES = 50 * 1024 * 1024;
export const MAX_PAYLOAD_BYTES = 50 * 1024 * 1024;
export const MAX_URL_LENGTH = 2048;
export const DEFAULT_DAILY_QUOTA = 20_000;
const TRUNCATED_RESPONSE_CHARACTERS = 300;
const METHODS = new Set(['get', 'delete', 'patch', 'post', 'put']);
const USER_AGENT =
  'Mozilla/5.0 (compatible; Google-Apps-Script; beanserver; +https://script.google.com; id: fake)';

export interface FakeFetchRequest {
  url: string;
  /** Upper case: GET, POST, ... */
  method: string;
  /** As sent, including Content-Type and User-Agent. */
  headers: Record<string, string>;
  payload?: string;
  /** JSON.parse of the payload. */
  json(): unknown;
}

export interface FakeFetchResponse {
  /** Default 200. */
  status?: number;
  /** A string or bytes as is; anything else is sent as JSON (and Content-Type defaults to application/json). */
  body?: unknown;
  headers?: Record<string, string | string[]>;
}

/** Answers a request synchronously. Throwing simulates a network failure: the message becomes the Exception's. */
export type FakeFetchHandler = (request: FakeFetchRequest) => FakeFetchResponse;

export interface FetchLogEntry {
  url: string;
  method: string;
  headers: Record<string, string>;
  payload?: string;
  /** 0 when no response came back (refused, network error, timeout). */
  status: number;
  error?: string;
  via: 'fetch' | 'fetchAll';
}

export interface UrlFetchParams {
  method?: string;
  contentType?: string;
  payload?: unknown;
  headers?: Record<string, unknown>;
  muteHttpExceptions?: boolean;
  followRedirects?: boolean;
  validateHttpsCertificates?: boolean;
  escaping?: boolean;
  useIntranet?: boolean;
}

interface PreparedRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: Uint8Array | null;
  payloadText: string | undefined;
  muteHttpExceptions: boolean;
  followRedirects: boolean;
}

function canonicalHeaderName(name: string): string {
  return name
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1).toLowerCase())
    .join('-');
}

function formEncode(record: Record<string, unknown>): string {
  return Object.entries(record)
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`)
    .join('&');
}

export class FakeHttpResponse {
  constructor(
    private readonly execution: Execution,
    private readonly status: number,
    private readonly headerList: readonly [string, string][],
    private readonly body: Uint8Array,
  ) {}

  getResponseCode(): number {
    return this.status;
  }

  getContentText(charset?: string): string {
    return this.getBlob().getDataAsString(charset);
  }

  getContent(): number[] {
    return this.execution.bridge.array(toSignedBytes(this.body));
  }

  /** Header names in canonical case ("Content-Type"); repeated headers joined with ", ". */
  getHeaders(): Record<string, string> {
    const headers: Record<string, string> = {};
    for (const [name, value] of this.headerList) {
      const key = canonicalHeaderName(name);
      headers[key] = headers[key] === undefined ? value : `${headers[key]}, ${value}`;
    }
    return this.execution.bridge.record(headers);
  }

  /** Like getHeaders, but a repeated header (Set-Cookie) is an array of its values. */
  getAllHeaders(): Record<string, string | string[]> {
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of this.headerList) {
      const key = canonicalHeaderName(name);
      const existing = headers[key];
      if (existing === undefined) headers[key] = value;
      else headers[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
    }
    return this.execution.bridge.record(headers);
  }

  getBlob(): FakeBlob {
    const contentType = this.headerList.find(([name]) => name.toLowerCase() === 'content-type')?.[1] ?? null;
    return new FakeBlob(this.execution.bridge, this.body, contentType, null);
  }

  getAs(contentType: string): FakeBlob {
    return this.getBlob().setContentType(contentType);
  }
}

type Transport =
  | { kind: 'real'; client: SyncHttpClient; timeoutMs: number }
  | { kind: 'handler'; handler: FakeFetchHandler };

export interface UrlFetchOptions {
  transport: Transport;
  dailyQuota: number;
  log: FetchLogEntry[];
}

export function createUrlFetchApp(execution: Execution, options: UrlFetchOptions) {
  let usedToday = 0;

  const prepare = (url: unknown, params: UrlFetchParams | undefined): PreparedRequest => {
    const text = typeof url === 'string' ? url : '';
    if (text.length > MAX_URL_LENGTH) throw execution.exception('Limit Exceeded: URLFetch URL Length.');
    let parsed: URL | null = null;
    try {
      parsed = /\s/.test(text) ? null : new URL(text);
    } catch {
      parsed = null;
    }
    if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
      throw execution.exception(`Invalid argument: ${text}`);
    }
    const method = String(params?.method ?? 'get').toLowerCase();
    if (!METHODS.has(method)) throw execution.exception(`Invalid argument: method`);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(params?.headers ?? {})) headers[name] = String(value);

    let body: Uint8Array | null = null;
    let payloadText: string | undefined;
    let impliedContentType: string | null = null;
    const payload = params?.payload;
    if (payload !== undefined && payload !== null) {
      if (typeof payload === 'string') {
        payloadText = payload;
        body = new Uint8Array(Buffer.from(payload, 'utf8'));
        impliedContentType = 'application/x-www-form-urlencoded';
      } else if (payload instanceof FakeBlob) {
        body = payload.rawBytes();
        payloadText = payload.getDataAsString();
        impliedContentType = payload.getContentType();
      } else if (Array.isArray(payload)) {
        body = fromByteInput(payload);
      } else if (isPlainRecord(payload)) {
        payloadText = formEncode(payload);
        body = new Uint8Array(Buffer.from(payloadText, 'utf8'));
        impliedContentType = 'application/x-www-form-urlencoded';
      } else {
        payloadText = String(payload);
        body = new Uint8Array(Buffer.from(payloadText, 'utf8'));
      }
      if (body.byteLength > MAX_PAYLOAD_BYTES)
        throw execution.exception('Limit Exceeded: URLFetch POST Size.');
    }
    const hasContentType = Object.keys(headers).some((name) => name.toLowerCase() === 'content-type');
    const contentType = params?.contentType ?? impliedContentType;
    if (body && contentType && !hasContentType) headers['Content-Type'] = contentType;
    if (!Object.keys(headers).some((name) => name.toLowerCase() === 'user-agent'))
      headers['User-Agent'] = USER_AGENT;
    return {
      url: parsed.href,
      method: method.toUpperCase(),
      headers,
      body: method === 'get' ? null : body,
      payloadText,
      muteHttpExceptions: params?.muteHttpExceptions === true,
      followRedirects: params?.followRedirects !== false,
    };
  };

  const chargeQuota = (count: number): void => {
    if (usedToday + count > options.dailyQuota) {
      throw execution.exception('Service invoked too many times for one day: urlfetch.');
    }
    usedToday += count;
  };

  const callHandler = (handler: FakeFetchHandler, request: PreparedRequest): WireResult => {
    const exposed: FakeFetchRequest = {
      url: request.url,
      method: request.method,
      headers: { ...request.headers },
      ...(request.payloadText === undefined ? {} : { payload: request.payloadText }),
      json: () => JSON.parse(request.payloadText ?? ''),
    };
    let answer: FakeFetchResponse;
    try {
      answer = handler(exposed);
    } catch (error) {
      return { ok: false, kind: 'network', message: error instanceof Error ? error.message : String(error) };
    }
    const headers: [string, string][] = [];
    for (const [name, value] of Object.entries(answer.headers ?? {})) {
      for (const single of Array.isArray(value) ? value : [value]) headers.push([name, String(single)]);
    }
    let body: Uint8Array;
    if (answer.body === undefined || answer.body === null) body = new Uint8Array(0);
    else if (typeof answer.body === 'string') body = new Uint8Array(Buffer.from(answer.body, 'utf8'));
    else if (answer.body instanceof Uint8Array) body = answer.body;
    else {
      body = new Uint8Array(Buffer.from(JSON.stringify(answer.body), 'utf8'));
      if (!headers.some(([name]) => name.toLowerCase() === 'content-type'))
        headers.push(['Content-Type', 'application/json']);
    }
    if (body.byteLength > MAX_RESPONSE_BYTES) return { ok: false, kind: 'too_large', message: 'too large' };
    return { ok: true, status: answer.status ?? 200, headers, body, finalUrl: request.url };
  };

  const perform = (requests: PreparedRequest[]): WireResult[] => {
    const transport = options.transport;
    if (transport.kind === 'handler')
      return requests.map((request) => callHandler(transport.handler, request));
    const outcomes: (WireResult | null)[] = requests.map((request) =>
      isLoopbackHost(new URL(request.url).hostname)
        ? null
        : { ok: false, kind: 'refused', message: request.url },
    );
    const toSend = requests.filter((_, index) => outcomes[index] === null);
    const wire: WireRequest[] = toSend.map((request) => ({
      url: request.url,
      method: request.method,
      headers: request.headers,
      body: request.body,
      followRedirects: request.followRedirects,
      timeoutMs: transport.timeoutMs,
      maxResponseBytes: MAX_RESPONSE_BYTES,
    }));
    const answers = wire.length > 0 ? transport.client.performAll(wire, transport.timeoutMs + 5_000) : [];
    let next = 0;
    return outcomes.map((outcome) => outcome ?? (answers[next++] as WireResult));
  };

  const failureMessage = (request: PreparedRequest, result: Exclude<WireResult, { ok: true }>): string => {
    switch (result.kind) {
      case 'refused':
        return `The fake UrlFetchApp in 'real' mode only reaches loopback hosts; refused ${result.message}`;
      case 'dns':
        return `DNS error: ${request.url}`;
      case 'unreachable':
        return `Address unavailable: ${request.url}`;
      case 'timeout':
        return `Timeout: ${request.url}`;
      case 'too_large':
        return `Response too large: the response of ${request.url} exceeds the maximum size of 50 MB.`;
      default:
        return options.transport.kind === 'handler' ? result.message : `Address unavailable: ${request.url}`;
    }
  };

  const toResponse = (
    request: PreparedRequest,
    result: WireResult,
    via: FetchLogEntry['via'],
  ): FakeHttpResponse | Error => {
    const entry: FetchLogEntry = {
      url: request.url,
      method: request.method,
      headers: { ...request.headers },
      ...(request.payloadText === undefined ? {} : { payload: request.payloadText }),
      status: result.ok ? result.status : 0,
      via,
    };
    if (!result.ok) {
      const message = failureMessage(request, result);
      options.log.push({ ...entry, error: message });
      return execution.exception(message);
    }
    options.log.push(entry);
    const response = new FakeHttpResponse(execution, result.status, result.headers, result.body);
    if (result.status >= 400 && !request.muteHttpExceptions) {
      const text = response.getContentText();
      const truncated =
        text.length > TRUNCATED_RESPONSE_CHARACTERS
          ? `${text.slice(0, TRUNCATED_RESPONSE_CHARACTERS)}...`
          : text;
      const origin = new URL(request.url).origin;
      return execution.exception(
        `Request failed for ${origin} returned code ${result.status}. Truncated server response: ${truncated} (use muteHttpExceptions option to examine full response)`,
      );
    }
    return response;
  };

  return {
    fetch(url: string, params?: UrlFetchParams): FakeHttpResponse {
      execution.requireAuthorization('UrlFetchApp.fetch');
      execution.counters.count('UrlFetchApp.fetch');
      execution.counters.fetch += 1;
      const request = prepare(url, params);
      chargeQuota(1);
      execution.counters.httpRequests += 1;
      const [result] = perform([request]);
      const outcome = toResponse(request, result as WireResult, 'fetch');
      if (outcome instanceof FakeHttpResponse) return outcome;
      throw outcome;
    },

    fetchAll(requests: (string | (UrlFetchParams & { url: string }))[]): FakeHttpResponse[] {
      execution.requireAuthorization('UrlFetchApp.fetchAll');
      execution.counters.count('UrlFetchApp.fetchAll');
      execution.counters.fetchAll += 1;
      if (!Array.isArray(requests)) {
        throw execution.exception(
          "The parameters (String) don't match the method signature for UrlFetchApp.fetchAll.",
        );
      }
      const prepared = requests.map((entry) =>
        typeof entry === 'string' ? prepare(entry, undefined) : prepare(entry?.url, entry),
      );
      chargeQuota(prepared.length);
      execution.counters.httpRequests += prepared.length;
      const results = perform(prepared);
      const outcomes = prepared.map((request, index) =>
        toResponse(request, results[index] as WireResult, 'fetchAll'),
      );
      const failure = outcomes.find((outcome) => !(outcome instanceof FakeHttpResponse));
      if (failure) throw failure;
      return execution.bridge.array(outcomes as FakeHttpResponse[]);
    },

    getRequest(url: string, params?: UrlFetchParams): Record<string, unknown> {
      const request = prepare(url, params);
      return execution.bridge.record({
        url: request.url,
        method: request.method.toLowerCase(),
        headers: request.headers,
        payload: request.payloadText ?? '',
        contentType: request.headers['Content-Type'] ?? null,
        followRedirects: request.followRedirects,
        muteHttpExceptions: request.muteHttpExceptions,
        validateHttpsCertificates: params?.validateHttpsCertificates !== false,
        useIntranet: params?.useIntranet === true,
      });
    },
  };
}
