// Owns the test's own view of the server: plain `fetch` calls to the local stack's API as one member, to
// seed data, to make changes "as someone else" and to read back the server state a step should have left.
// Reads of views are eventually consistent (the projector polls the stream), so `eventually` retries a
// read until it shows what a step wrote.
import { setTimeout as sleep } from 'node:timers/promises';

export class StackApiError extends Error {
  override readonly name = 'StackApiError';
  constructor(
    readonly status: number,
    readonly body: unknown,
    what: string,
  ) {
    super(`${what} answered ${status}: ${JSON.stringify(body).slice(0, 500)}`);
  }
}

export class StackApi {
  constructor(
    private readonly baseUrl: string,
    readonly organizationId: string,
    private readonly token: string,
  ) {}

  /** GET that must answer 200. */
  async get<T>(path: string, query: Record<string, string> = {}): Promise<T> {
    return this.send<T>('GET', path, query, undefined, 200);
  }

  /** POST that must answer 2xx. */
  async post<T>(path: string, body: unknown): Promise<T> {
    return this.send<T>('POST', path, {}, body, null);
  }

  private async send<T>(
    method: 'GET' | 'POST',
    path: string,
    query: Record<string, string>,
    body: unknown,
    expectedStatus: number | null,
  ): Promise<T> {
    const search = new URLSearchParams(query).toString();
    const url = `${this.baseUrl}/v1/orgs/${this.organizationId}${path}${search === '' ? '' : `?${search}`}`;
    const init: RequestInit = {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    };
    const response = await fetchOnLiveConnection(url, init);
    const text = await response.text();
    const parsed: unknown = text === '' ? null : JSON.parse(text);
    const ok = expectedStatus === null ? response.ok : response.status === expectedStatus;
    if (!ok) throw new StackApiError(response.status, parsed, `${method} ${path}`);
    return parsed as T;
  }
}

/**
 * Sends again once when the connection drops before any answer. The add-on's synchronous UrlFetch blocks
 * this thread for seconds, during which the server may close a pooled keep-alive connection; the test's
 * fetch notices only when it writes to it ("other side closed"), and the server never saw that request.
 */
async function fetchOnLiveConnection(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    return fetch(url, init);
  }
}

/**
 * Reads until `accept` holds (the views lag the events by a poll of the projector), then returns the read.
 * Fails with the last value read, so a wrong server state shows what it was.
 */
export async function eventually<T>(
  read: () => Promise<T>,
  accept: (value: T) => boolean,
  what: string,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await read();
  while (!accept(last)) {
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}; last read: ${JSON.stringify(last).slice(0, 1_000)}`);
    }
    await sleep(150);
    last = await read();
  }
  return last;
}
