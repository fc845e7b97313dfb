// Owns real, synchronous HTTP for UrlFetchApp's 'real' mode. Apps Script blocks the script while a request
// is in flight; here a worker thread runs `fetch` (requests of one fetchAll in parallel) while the calling
// thread blocks in Atomics.wait on a SharedArrayBuffer, then takes the result with receiveMessageOnPort.
//
// Because the calling thread is blocked, the server under test must run in ANOTHER process or thread
// (a child process in the tests): a server on the same thread could never answer.
//
// Only loopback hosts are reached, redirects included; anything else is refused without a connection.
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';

export interface WireRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: Uint8Array | null;
  followRedirects: boolean;
  timeoutMs: number;
  maxResponseBytes: number;
}

export type WireResult =
  | { ok: true; status: number; headers: [string, string][]; body: Uint8Array; finalUrl: string }
  | {
      ok: false;
      kind: 'refused' | 'dns' | 'unreachable' | 'timeout' | 'too_large' | 'network';
      message: string;
    };

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127(?:\.\d{1,3}){3}$/.test(host);
}

const WORKER_SOURCE = String.raw`
const { parentPort, workerData } = require('node:worker_threads');
const { flag, port } = workerData;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 20;

function isLoopback(hostname) {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127(?:\.\d{1,3}){3}$/.test(host);
}

async function readBody(response, limit) {
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      const error = new Error('too large');
      error.kind = 'too_large';
      throw error;
    }
    chunks.push(value);
  }
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

async function perform(request) {
  let url = request.url;
  let method = request.method;
  let body = request.body;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    if (!isLoopback(new URL(url).hostname)) return { ok: false, kind: 'refused', message: url };
    const response = await fetch(url, {
      method,
      headers: request.headers,
      body: body ?? undefined,
      redirect: 'manual',
      signal: AbortSignal.timeout(request.timeoutMs),
    });
    const location = response.headers.get('location');
    if (request.followRedirects && REDIRECTS.has(response.status) && location) {
      await response.body?.cancel();
      url = new URL(location, url).href;
      if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === 'POST')) {
        method = 'GET';
        body = null;
      }
      continue;
    }
    const headers = [];
    response.headers.forEach((value, name) => {
      if (name !== 'set-cookie') headers.push([name, value]);
    });
    for (const cookie of response.headers.getSetCookie()) headers.push(['set-cookie', cookie]);
    const bytes = await readBody(response, request.maxResponseBytes);
    return { ok: true, status: response.status, headers, body: bytes, finalUrl: url };
  }
  return { ok: false, kind: 'network', message: 'Too many redirects' };
}

function failure(error) {
  if (error && error.kind === 'too_large') return { ok: false, kind: 'too_large', message: 'too large' };
  if (error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return { ok: false, kind: 'timeout', message: String(error.message) };
  }
  const code = error && error.cause && error.cause.code;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return { ok: false, kind: 'dns', message: String(code) };
  if (code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'EHOSTUNREACH') {
    return { ok: false, kind: 'unreachable', message: String(code) };
  }
  return { ok: false, kind: 'network', message: String((error && error.message) || error) };
}

parentPort.on('message', async ({ id, requests }) => {
  const results = await Promise.all(requests.map((request) => perform(request).catch(failure)));
  const transfer = results.filter((result) => result.ok).map((result) => result.body.buffer);
  port.postMessage({ id, results }, transfer);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
});
`;

export class SyncHttpClient {
  private worker: Worker | null = null;
  private port: MessagePort | null = null;
  private readonly flag = new Int32Array(new SharedArrayBuffer(4));
  private nextId = 1;

  private start(): { worker: Worker; port: MessagePort } {
    if (this.worker && this.port) return { worker: this.worker, port: this.port };
    const { port1, port2 } = new MessageChannel();
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { flag: this.flag, port: port2 },
      transferList: [port2],
    });
    worker.unref();
    port1.unref();
    this.worker = worker;
    this.port = port1;
    return { worker, port: port1 };
  }

  /** Blocks the calling thread until every request has an outcome (or `waitMs` passes: all time out). */
  performAll(requests: WireRequest[], waitMs: number): WireResult[] {
    const { worker, port } = this.start();
    const id = this.nextId++;
    Atomics.store(this.flag, 0, 0);
    worker.postMessage({ id, requests });
    const deadline = Date.now() + waitMs;
    for (;;) {
      const results = this.take(port, id);
      if (results) return results;
      const remaining = deadline - Date.now();
      if (remaining <= 0)
        return requests.map(() => ({ ok: false, kind: 'timeout', message: 'no answer in time' }));
      // The worker posts before it raises the flag, so a raised flag always means a message is waiting.
      Atomics.wait(this.flag, 0, 0, remaining);
      Atomics.store(this.flag, 0, 0);
    }
  }

  private take(port: MessagePort, id: number): WireResult[] | null {
    // Results of requests abandoned after a timeout may still arrive; they are dropped here.
    for (let message = receiveMessageOnPort(port); message; message = receiveMessageOnPort(port)) {
      const reply = message.message as { id: number; results: WireResult[] };
      if (reply.id === id) return reply.results;
    }
    return null;
  }

  async dispose(): Promise<void> {
    const worker = this.worker;
    this.port?.close();
    this.worker = null;
    this.port = null;
    if (worker) await worker.terminate();
  }
}
