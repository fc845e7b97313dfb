// The OpenAPI document is generated from the same zod schemas that validate requests: it must be valid
// OpenAPI 3, list every route the app serves, and render as the /docs page.
import SwaggerParser from '@apidevtools/swagger-parser';
import { createDynamoClients, EventStore } from '@okr-ledger/event-store';
import { createViewsReader } from '@okr-ledger/projections';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ApiApp, createApp } from '../../../functions/api/src/app.js';
import { createLocalIssuer } from '../../../functions/api/src/auth/local-issuer.js';
import { createTokenVerifier } from '../../../functions/api/src/auth/verify-token.js';

let app: ApiApp;
let document: Record<string, unknown> & { paths: Record<string, Record<string, unknown>> };

beforeAll(async () => {
  // The document never touches the store: a client for an unreachable endpoint is enough.
  const { doc } = createDynamoClients({ endpoint: 'http://127.0.0.1:9', region: 'local' });
  const issuer = await createLocalIssuer();
  app = createApp({
    store: new EventStore({ client: doc, tableName: 'unused' }),
    views: createViewsReader({ doc, viewsTableName: 'unused' }),
    verifyToken: createTokenVerifier({
      keys: issuer.keys,
      issuers: [issuer.issuer],
      audience: issuer.audience,
      allowedHostedDomains: [],
    }),
    clock: () => new Date(),
    logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
  });
  const response = await app.request('/openapi.json');
  expect(response.status).toBe(200);
  document = (await response.json()) as typeof document;
});

const served = () =>
  app.routes
    .filter((route) => route.method !== 'ALL')
    .map((route) => `${route.method} ${route.path.replaceAll(/:(\w+)/g, '{$1}')}`);

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3', async () => {
    // Act
    const validated = await SwaggerParser.validate(structuredClone(document) as never);
    // Assess
    expect((validated as { openapi?: string }).openapi).toMatch(/^3\./);
  });

  it('lists every route the app serves, and nothing it does not', () => {
    // Prepare
    const documented = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
    );
    // Assess
    expect([...new Set(served())].sort()).toEqual([...documented].sort());
    expect(documented).toEqual(
      expect.arrayContaining([
        'GET /v1/orgs/{org}/cycles/{cycle}/okrs',
        'POST /v1/orgs/{org}/cycles/{cycle}/commands',
        'POST /v1/orgs/{org}/key-results/{kr}/check-ins',
        'GET /v1/orgs/{org}/key-results/{kr}/history',
        'GET /v1/orgs/{org}/cycles/{cycle}/changes',
        'GET /v1/orgs/{org}/cycles/{cycle}/grades',
        'GET /v1/orgs/{org}/cycles/{cycle}/diff',
        'PUT /v1/orgs/{org}/members/{email}',
        'GET /health',
      ]),
    );
  });

  it('asks for a Google ID token on every organization route, and on nothing else', () => {
    for (const [path, item] of Object.entries(document.paths)) {
      for (const operation of Object.values(item) as { security?: unknown[] }[]) {
        expect(operation.security !== undefined, path).toBe(path.startsWith('/v1/orgs/'));
      }
    }
  });

  it('documents problem+json errors with field paths', () => {
    // Prepare
    const batch = document.paths['/v1/orgs/{org}/cycles/{cycle}/commands']?.post as {
      responses: Record<string, { content?: Record<string, unknown> }>;
    };
    // Assess
    expect(Object.keys(batch.responses)).toEqual(
      expect.arrayContaining(['200', '400', '401', '403', '404', '413']),
    );
    expect(batch.responses['413']?.content).toHaveProperty('application/problem+json');
  });

  it('documents the batch answer with each objective once, beside results that do not repeat it', async () => {
    // Prepare: the dereferenced document, so schemas can be read where they are used.
    const resolved = (await SwaggerParser.dereference(structuredClone(document) as never)) as unknown as {
      paths: Record<
        string,
        { post?: { responses: Record<string, { content: Record<string, { schema: Schema }> }> } }
      >;
    };
    interface Schema {
      required?: string[];
      properties?: Record<string, Schema>;
      items?: Schema;
      oneOf?: Schema[];
      anyOf?: Schema[];
    }
    // Act
    const answer =
      resolved.paths['/v1/orgs/{org}/cycles/{cycle}/commands']?.post?.responses['200']?.content[
        'application/json'
      ]?.schema;
    const variants =
      answer?.properties?.results?.items?.oneOf ?? answer?.properties?.results?.items?.anyOf ?? [];
    // Assess
    expect(answer?.required).toEqual(expect.arrayContaining(['results', 'objectives', 'summary']));
    expect(variants.length).toBe(3);
    for (const variant of variants) expect(Object.keys(variant.properties ?? {})).not.toContain('objective');
  });

  it('renders as a self-contained reference page at /docs', async () => {
    // Act
    const response = await app.request('/docs');
    const html = await response.text();
    // Assess
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    expect(html).toContain('/v1/orgs/{org}/cycles/{cycle}/commands');
    expect(html).not.toMatch(/<script[^>]+src=/);
  });
});
