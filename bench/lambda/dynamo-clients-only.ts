// What the DynamoDB clients cost of a cold start: the minimal Hono Lambda plus the clients the API builds
// at module scope (client, document client, SigV4), configured as packages/event-store does, built with
// the stack's build twice: as it stands (the AWS SDK) and with `leanDynamoDb`, as the API ships.
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
