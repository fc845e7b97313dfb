// Builds the DynamoDB clients every part of the system uses, so marshalling and retry settings agree
// between the API, the projector, the local stack and the tests.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface DynamoClientOptions {
  /** DynamoDB Local's URL; omitted in AWS. */
  endpoint?: string;
  region?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /**
   * SDK-level attempts. The EventStore retries with its own backoff and typed errors; SDK retries underneath
   * would multiply the attempts, so the default is a single one.
   */
  sdkMaxAttempts?: number;
  /** Abandon a request that has not completed in this time, so a stuck call becomes a retryable timeout. */
  requestTimeoutMs?: number;
}

export interface DynamoClients {
  client: DynamoDBClient;
  doc: DynamoDBDocumentClient;
}

export function createDynamoClients(options: DynamoClientOptions = {}): DynamoClients {
  const client = new DynamoDBClient({
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
    ...(options.region === undefined ? {} : { region: options.region }),
    ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
    maxAttempts: options.sdkMaxAttempts ?? 1,
    // Without throwOnRequestTimeout the SDK only logs a warning and the request may hang forever.
    requestHandler: {
      requestTimeout: options.requestTimeoutMs ?? 10_000,
      connectionTimeout: 3_000,
      throwOnRequestTimeout: true,
    },
  });
  const doc = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
  return { client, doc };
}

/** Settings for DynamoDB Local: any region and credentials work because it runs with `-sharedDb`. */
export const LOCAL_DYNAMO_SETTINGS = {
  region: 'local',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
} as const;
