// UrlFetchApp in 'real' mode: synchronous HTTP to a tiny server in a CHILD PROCESS (the calling thread is
// blocked while a request runs, so the server cannot live in this thread). Covers request/response
// fidelity, muteHttpExceptions, fetchAll parallelism, redirects, refusal of non-loopback hosts, limits,
// timeouts and counters.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppsScriptEnvironment, createAppsScriptEnvironment } from '../../support/apps-script/index.js';

const SERVER_SOURCE = String.raw`
const http = require('node:http');
let active = 0;
let maxActive = 0;
const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://127.0.0.1');
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    if (url.pathname === '/echo') {
      res.setHeader('Content-Type', 'application/json');
      res.setHeader('X-Request-Id', 'req-1');
      res.end(JSON.stringify({ method: req.method, path: req.url, headers: req.headers, body }));
    } else if (url.pathname.startsWith('/status/')) {
      const code = Number(url.pathname.split('/')[2]);
      res.writeHead(code, { 'Content-Type': 'application/problem+json' });
      res.end(JSON.stringify({ status: code, detail: 'd'.repeat(500) }));
    } else if (url.pathname === '/slow') {
      active += 1;
      maxActive = Math.max(maxActive, active);
      setTimeout(() => {
        active -= 1;
        res.end('slept');
      }, Number(url.searchParams.get('ms')));
    } else if (url.pathname === '/concurrency') {
      res.end(JSON.stringify({ maxActive }));
      maxActive = 0;
    } else if (url.pathname === '/redirect') {
      res.writeHead(302, { Location: '/echo?redirected=1' });
      res.end();
    } else if (url.pathname === '/redirect-away') {
      res.writeHead(302, { Location: 'http://example.com/' });
      res.end();
    } else if (url.pathname === '/cookies') {
      res.setHeader('Set-Cookie', ['a=1', 'b=2']);
      res.end('ok');
    } else if (url.pathname === '/bytes') {
      const total = Number(url.searchParams.get('n'));
      const chunk = Buffer.alloc(1024 * 1024, 120);
      let sent = 0;
      const pump = () => {
        while (sent < total) {
          const size = Math.min(chunk.length, total - sent);
          sent += size;
          if (!res.write(chunk.subarray(0, size))) return res.once('drain', pump);
        }
        res.end();
      };
      pump();
    } else {
      res.writeHead(404);
      res.end('no route');
    }
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(server.address().port + '\n'));
`;

let server: ChildProcess;
let base: string;
let env: AppsScriptEnvironment;

beforeAll(async () => {
  server = spawn(process.execPath, ['-e', SERVER_SOURCE], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [firstChunk] = (await once(server.stdout as NodeJS.ReadableStream, 'data')) as [Buffer];
  base = `http://127.0.0.1:${firstChunk.toString('utf8').trim()}`;
  env = createAppsScriptEnvironment({ fetch: 'real', identityToken: 'id-token-1' });
});

afterAll(async () => {
  await env.dispose();
  server.kill();
});

describe('UrlFetchApp over real HTTP', () => {
  it('sends the method, headers and payload and returns the server’s answer synchronously', () => {
    // Prepare
    const { UrlFetchApp, ScriptApp } = env.globals;

    // Act
    const response = UrlFetchApp.fetch(`${base}/echo?x=1`, {
      method: 'post',
      contentType: 'application/json',
      payload: JSON.stringify({ commands: [] }),
      headers: { Authorization: `Bearer ${ScriptApp.getIdentityToken()}`, 'Idempotency-Key': 'cmd-1' },
    });

    // Assess
    const echoed = JSON.parse(response.getContentText());
    expect(response.getResponseCode()).toBe(200);
    expect(echoed.method).toBe('POST');
    expect(echoed.path).toBe('/echo?x=1');
    expect(echoed.body).toBe('{"commands":[]}');
    expect(echoed.headers).toMatchObject({
      authorization: 'Bearer id-token-1',
      'idempotency-key': 'cmd-1',
      'content-type': 'application/json',
    });
    expect(echoed.headers['user-agent']).toMatch(/Google-Apps-Script/);
    expect(response.getHeaders()).toMatchObject({
      'Content-Type': 'application/json',
      'X-Request-Id': 'req-1',
    });
  });

  it('blocks the calling thread for the whole request, as Apps Script does', async () => {
    let timerFired = false;
    const timer = setTimeout(() => {
      timerFired = true;
    }, 0);

    const started = Date.now();
    env.globals.UrlFetchApp.fetch(`${base}/slow?ms=150`);
    const firedDuringFetch = timerFired;
    const elapsed = Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 5));
    clearTimeout(timer);

    expect(elapsed).toBeGreaterThanOrEqual(140);
    expect(firedDuringFetch).toBe(false);
    expect(timerFired).toBe(true);
  });

  it('throws on an error status unless muteHttpExceptions is set', () => {
    const { UrlFetchApp } = env.globals;

    const act = () => UrlFetchApp.fetch(`${base}/status/404`);
    const muted = UrlFetchApp.fetch(`${base}/status/409`, { muteHttpExceptions: true });

    expect(act).toThrow(
      new RegExp(
        `^Request failed for ${base.replace(/\./g, '\\.')} returned code 404\\. Truncated server response: \\{"status":404`,
      ),
    );
    expect(muted.getResponseCode()).toBe(409);
    expect(JSON.parse(muted.getContentText()).status).toBe(409);
  });

  it('runs the requests of fetchAll in parallel', () => {
    // Prepare
    const { UrlFetchApp } = env.globals;
    UrlFetchApp.fetch(`${base}/concurrency`);
    const before = { ...env.counters };

    // Act
    const started = Date.now();
    const responses = UrlFetchApp.fetchAll([1, 2, 3, 4].map(() => ({ url: `${base}/slow?ms=300` })));
    const elapsed = Date.now() - started;
    const { maxActive } = JSON.parse(UrlFetchApp.fetch(`${base}/concurrency`).getContentText());

    // Assess
    expect(responses.map((response) => response.getContentText())).toEqual([
      'slept',
      'slept',
      'slept',
      'slept',
    ]);
    expect(maxActive).toBe(4);
    expect(elapsed).toBeLessThan(4 * 300);
    expect(env.counters.fetchAll - before.fetchAll).toBe(1);
    expect(env.counters.httpRequests - before.httpRequests).toBe(5);
  });

  it('follows redirects by default and returns the redirect itself when told not to', () => {
    const { UrlFetchApp } = env.globals;

    const followed = UrlFetchApp.fetch(`${base}/redirect`);
    const notFollowed = UrlFetchApp.fetch(`${base}/redirect`, { followRedirects: false });

    expect(JSON.parse(followed.getContentText()).path).toBe('/echo?redirected=1');
    expect(notFollowed.getResponseCode()).toBe(302);
    expect(notFollowed.getHeaders().Location).toBe('/echo?redirected=1');
  });

  it('refuses hosts that are not loopback, directly or through a redirect', () => {
    const { UrlFetchApp } = env.globals;
    const logged = env.fetchLog.length;

    expect(() => UrlFetchApp.fetch('https://example.com/')).toThrow(
      /only reaches loopback hosts; refused https:\/\/example\.com\//,
    );
    expect(() => UrlFetchApp.fetch(`${base}/redirect-away`)).toThrow(/refused http:\/\/example\.com\//);
    expect(env.fetchLog.slice(logged).map((entry) => entry.status)).toEqual([0, 0]);
  });

  it('keeps repeated response headers apart in getAllHeaders', () => {
    const response = env.globals.UrlFetchApp.fetch(`${base}/cookies`);

    expect(response.getAllHeaders()['Set-Cookie']).toEqual(['a=1', 'b=2']);
  });

  it('refuses a response over 50 MB', () => {
    const act = () => env.globals.UrlFetchApp.fetch(`${base}/bytes?n=${50 * 1024 * 1024 + 1}`);

    expect(act).toThrow(/exceeds the maximum size of 50 MB/);
  });

  it('reports a refused connection as an unavailable address', () => {
    const closedPort = 'http://127.0.0.1:9/echo';

    expect(() => env.globals.UrlFetchApp.fetch(closedPort)).toThrow(`Address unavailable: ${closedPort}`);
  });

  it('gives up on a request slower than the timeout', async () => {
    const impatient = createAppsScriptEnvironment({ fetch: 'real', fetchTimeoutMs: 100 });
    try {
      expect(() => impatient.globals.UrlFetchApp.fetch(`${base}/slow?ms=1500`)).toThrow(
        `Timeout: ${base}/slow?ms=1500`,
      );
    } finally {
      await impatient.dispose();
    }
  });

  it('logs every request with its status', () => {
    const logged = env.fetchLog.length;

    env.globals.UrlFetchApp.fetch(`${base}/nowhere`, {
      muteHttpExceptions: true,
      headers: { 'X-Trace': 't' },
    });

    expect(env.fetchLog.slice(logged)).toEqual([
      expect.objectContaining({
        url: `${base}/nowhere`,
        method: 'GET',
        status: 404,
        headers: expect.objectContaining({ 'X-Trace': 't' }),
      }),
    ]);
  });
});
