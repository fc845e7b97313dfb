// Unauthenticated routes: liveness, the OpenAPI document and its rendered reference.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { ApiEnv } from '../http/env.js';
import { jsonContent } from '../http/openapi.js';
import { renderReferencePage } from '../http/reference-page.js';

const HealthSchema = z.object({ status: z.literal('ok'), time: z.string() }).openapi('Health');

const health = createRoute({
  method: 'get',
  path: '/health',
  tags: ['system'],
  summary: 'Liveness check (no token needed)',
  responses: { 200: jsonContent(HealthSchema, 'The API is up') },
});

const openApi = createRoute({
  method: 'get',
  path: '/openapi.json',
  tags: ['system'],
  summary: 'This API as an OpenAPI 3 document',
  responses: {
    200: jsonContent(
      z.record(z.string(), z.unknown()).openapi({ description: 'OpenAPI 3.0 document' }),
      'The document',
    ),
  },
});

const docs = createRoute({
  method: 'get',
  path: '/docs',
  tags: ['system'],
  summary: 'A readable reference rendered from the OpenAPI document',
  responses: { 200: { description: 'HTML page', content: { 'text/html': { schema: z.string() } } } },
});

/** `document` is called per request: the full route list is only known once the app is assembled. */
export function systemRoutes(clock: () => Date, document: () => unknown) {
  const app = new OpenAPIHono<ApiEnv>();
  app.openapi(health, (c) => c.json({ status: 'ok' as const, time: clock().toISOString() }, 200));
  app.openapi(openApi, (c) => c.json(document() as Record<string, unknown>, 200));
  app.openapi(docs, (c) =>
    c.html(renderReferencePage(document() as Parameters<typeof renderReferencePage>[0])),
  );
  return app;
}
