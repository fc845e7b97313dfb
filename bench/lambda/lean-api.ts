// The bench's API built as the Lambda is (infra/src/lambda-bundle.ts with the lean DynamoDB client): the
// check-in latency section bundles this entry and runs what it exports, so the API's DynamoDB requests go
// through the client that ships. The bare transaction is sent through the same client, for a fair ratio.
export { createBenchApi } from '../setup/bench-api.js';
export { DynamoDBClient, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
export { LOCAL_DYNAMO_SETTINGS } from '@okr-ledger/event-store';
