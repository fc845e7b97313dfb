// UrlFetchApp with a test handler: how parameters become the request, HTTPResponse, muteHttpExceptions,
// fetchAll, network failures, the daily quota, counters and the fetch log.
import { describe, expect, it } from 'vitest';
import { createAppsScriptEnvironment, type FakeFetchRequest } from '../../support/apps-script/index.js';

describe('UrlFetchApp with a handler', () => {
  it('hands the handler the method, headers, content type and payload the script set', () => {
    // Prepare
    const seen: FakeFetchRequest[] = [];
    const env = createAppsScriptEnvironment({
      fetch: (request) => {
        seen.push(request);
        return { status: 200, body: { results: [] } };
      },
    });

    // Act
    env.globals.UrlFetchApp.fetch('http://api.test/v1/orgs/acme/cycles/2026-Q4/commands', {
      method: 'post',
      contentType: 'application/json',
      payload: JSON.stringify({ commands: [{ type: 'EditObjective' }] }),
      headers: { Authorization: 'Bearer id-token' },
      muteHttpExceptions: true,
    });

    // Assess
    expect(seen).toHaveLength(1);
    expect(seen[0]?.method).toBe('POST');
    expect(seen[0]?.headers).toMatchObject({
      Authorization: 'Bearer id-token',
      'Content-Type': 'application/json',
    });
    expect(seen[0]?.json()).toEqual({ commands: [{ type: 'EditObjective' }] });
    expect(env.fetchLog).toEqual([
      {
        url: 'http://api.test/v1/orgs/acme/cycles/2026-Q4/commands',
        method: 'POST',
        headers: expect.objectContaining({ Authorization: 'Bearer id-token' }),
        payload: '{"commands":[{"type":"EditObjective"}]}',
        status: 200,
        via: 'fetch',
      },
    ]);
  });

  it('form-encodes an object payload, as Apps Script does', () => {
    let payload: string | undefined;
    let contentType: string | undefined;
    const env = createAppsScriptEnvironment({
      fetch: (request) => {
        payload = request.payload;
        contentType = request.headers['Content-Type'];
        return { status: 204 };
      },
    });

    env.globals.UrlFetchApp.fetch('http://api.test/form', {
      method: 'post',
      payload: { a: '1 2', b: 'x&y' },
    });

    expect(payload).toBe('a=1%202&b=x%26y');
    expect(contentType).toBe('application/x-www-form-urlencoded');
  });

  it('answers with an HTTPResponse over the handler’s status, headers and body', () => {
    const env = createAppsScriptEnvironment({
      fetch: () => ({
        status: 201,
        body: { id: 'kr_12345678' },
        headers: { 'x-request-id': 'abc', 'set-cookie': ['a=1', 'b=2'] },
      }),
    });

    const response = env.globals.UrlFetchApp.fetch('http://api.test/x', { method: 'post', payload: '{}' });

    expect(response.getResponseCode()).toBe(201);
    expect(JSON.parse(response.getContentText())).toEqual({ id: 'kr_12345678' });
    expect(response.getHeaders()).toEqual({
      'X-Request-Id': 'abc',
      'Set-Cookie': 'a=1, b=2',
      'Content-Type': 'application/json',
    });
    expect(response.getAllHeaders()['Set-Cookie']).toEqual(['a=1', 'b=2']);
    expect(response.getBlob().getDataAsString()).toBe('{"id":"kr_12345678"}');
    expect(response.getBlob().getContentType()).toBe('application/json');
  });

  it('throws on a status of 400 or more without muteHttpExceptions, naming the origin and the body', () => {
    const env = createAppsScriptEnvironment({
      fetch: () => ({
        status: 404,
        body: { type: 'https://okr-ledger/problems/not-found', detail: 'x'.repeat(400) },
      }),
    });

    let caught: unknown;
    try {
      env.globals.UrlFetchApp.fetch('https://api.test:8443/v1/orgs/acme/cycles/nope/okrs');
    } catch (error) {
      caught = error;
    }

    const message = (caught as Error).message;
    expect((caught as Error).name).toBe('Exception');
    expect(message).toMatch(
      /^Request failed for https:\/\/api\.test:8443 returned code 404\. Truncated server response: \{"type":"https:\/\/okr-ledger\/problems\/not-found"/,
    );
    expect(message).toMatch(/\.\.\. \(use muteHttpExceptions option to examine full response\)$/);
    expect(env.fetchLog[0]?.status).toBe(404);
  });

  it('returns the error response with muteHttpExceptions', () => {
    const env = createAppsScriptEnvironment({
      fetch: () => ({ status: 401, body: { title: 'Unauthorized' } }),
    });

    const response = env.globals.UrlFetchApp.fetch('http://api.test/me', { muteHttpExceptions: true });

    expect(response.getResponseCode()).toBe(401);
    expect(JSON.parse(response.getContentText())).toEqual({ title: 'Unauthorized' });
  });

  it('turns a handler that throws into the Exception of a network failure', () => {
    const env = createAppsScriptEnvironment({
      fetch: () => {
        throw new Error('Address unavailable: http://api.test/me');
      },
    });

    const act = () => env.globals.UrlFetchApp.fetch('http://api.test/me', { muteHttpExceptions: true });

    expect(act).toThrow('Address unavailable: http://api.test/me');
    expect(env.fetchLog[0]).toMatchObject({ status: 0, error: 'Address unavailable: http://api.test/me' });
  });

  it('fails clearly when the test gave no fetch option', () => {
    const env = createAppsScriptEnvironment();

    expect(() => env.globals.UrlFetchApp.fetch('http://api.test/')).toThrow(/no fetch option/);
  });

  it('refuses malformed URLs before any request', () => {
    const env = createAppsScriptEnvironment({ fetch: () => ({ status: 200 }) });

    expect(() => env.globals.UrlFetchApp.fetch('api.test/no-scheme')).toThrow(
      'Invalid argument: api.test/no-scheme',
    );
    expect(() => env.globals.UrlFetchApp.fetch('http://api.test/a b')).toThrow('Invalid argument');
    expect(() => env.globals.UrlFetchApp.fetch('http://api.test/', { method: 'head' })).toThrow(
      'Invalid argument: method',
    );
    expect(env.fetchLog).toHaveLength(0);
  });

  it('runs fetchAll requests in order, strings and objects alike', () => {
    // Prepare
    const env = createAppsScriptEnvironment({ fetch: (request) => ({ status: 200, body: request.url }) });

    // Act
    const responses = env.globals.UrlFetchApp.fetchAll([
      'http://api.test/me',
      { url: 'http://api.test/cycles', headers: { Authorization: 'Bearer t' } },
    ]);

    // Assess
    expect(responses.map((response) => response.getContentText())).toEqual([
      'http://api.test/me',
      'http://api.test/cycles',
    ]);
    expect(env.counters.fetchAll).toBe(1);
    expect(env.counters.fetch).toBe(0);
    expect(env.counters.httpRequests).toBe(2);
    expect(env.fetchLog.map((entry) => entry.via)).toEqual(['fetchAll', 'fetchAll']);
  });

  it('throws from fetchAll when one unmuted request fails', () => {
    const env = createAppsScriptEnvironment({
      fetch: (request) => ({ status: request.url.endsWith('/bad') ? 500 : 200, body: 'x' }),
    });

    const act = () =>
      env.globals.UrlFetchApp.fetchAll(['http://api.test/ok', { url: 'http://api.test/bad' }]);

    expect(act).toThrow('Request failed for http://api.test returned code 500.');
  });

  it('enforces the daily quota', () => {
    const env = createAppsScriptEnvironment({ fetch: () => ({ status: 200 }), urlFetchDailyQuota: 2 });
    const { UrlFetchApp } = env.globals;
    UrlFetchApp.fetch('http://api.test/1');
    UrlFetchApp.fetch('http://api.test/2');

    expect(() => UrlFetchApp.fetch('http://api.test/3')).toThrow(
      'Service invoked too many times for one day: urlfetch.',
    );
    expect(env.fetchLog).toHaveLength(2);
  });

  it('refuses a response over 50 MB', () => {
    const env = createAppsScriptEnvironment({
      fetch: () => ({ body: new Uint8Array(50 * 1024 * 1024 + 1) }),
    });

    expect(() => env.globals.UrlFetchApp.fetch('http://api.test/huge')).toThrow(
      /exceeds the maximum size of 50 MB/,
    );
  });

  it('shows the request it would send with getRequest, without sending it', () => {
    const env = createAppsScriptEnvironment({ fetch: () => ({ status: 200 }) });

    const request = env.globals.UrlFetchApp.getRequest('http://api.test/x', {
      method: 'put',
      contentType: 'application/json',
      payload: '{}',
    });

    expect(request).toMatchObject({
      url: 'http://api.test/x',
      method: 'put',
      payload: '{}',
      contentType: 'application/json',
    });
    expect(env.counters.httpRequests).toBe(0);
  });
});
