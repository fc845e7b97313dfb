// What the AWS SDK costs of a cold start: the minimal Hono Lambda plus the DynamoDB clients the API builds
// at module scope (client, document client, SigV4), configured as packages/event-store does, built with
// the stack's build. Its difference to the minimal Lambda is the most a smaller SigV4 client could save.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';

const client = new DynamoDBClient({
  maxAttempts: 1,
  requestHandler: { requestTimeout: 10_000, connectionTimeout: 3_000, throwOnRequestTimeout: true },
});
const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
const app = new Hono().get('/', (c) => c.text(typeof doc.send));

export const handler = handle(app);
