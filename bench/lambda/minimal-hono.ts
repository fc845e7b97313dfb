// The baseline the API Lambda's size and cold start are compared with: the smallest useful Hono Lambda,
// bundled with the very same esbuild options.
import { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';

const app = new Hono().get('/', (c) => c.text('ok'));

export const handler = handle(app);
