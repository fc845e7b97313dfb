// The floor of any Lambda built on @hono/zod-openapi, as the API is: the minimal Hono Lambda with one route
// whose query is validated by a zod schema, built with the stack's build (zod in English only, without its
// JSON Schema converters, its compiler or zod-to-openapi's generators). zod's classic API comes whole with
// it, since `z` is one namespace; what the API adds on top of this is its own code and schemas.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { handle } from 'hono/aws-lambda';

const route = createRoute({
  method: 'get',
  path: '/',
  request: { query: z.object({ name: z.string().min(1).optional() }) },
  responses: { 200: { description: 'ok' } },
});
const app = new OpenAPIHono().openapi(route, (c) => c.text(c.req.valid('query').name ?? 'ok'));

export const handler = handle(app);
