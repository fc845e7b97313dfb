// Lambda entry point of the projector: configuration and clients are built once per container, and each
// DynamoDB Streams batch goes to the projector, which reports partial batch failures.
import { Logger } from '@aws-lambda-powertools/logger';
import { createDynamoClients } from '@okr-ledger/event-store';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { readProjectorConfig } from './config.js';
import { createProjectorMetrics, PROJECTOR_SERVICE_NAME } from './metrics.js';
import { createProjector } from './projector.js';

const config = readProjectorConfig(process.env);
const logger = new Logger({ serviceName: PROJECTOR_SERVICE_NAME });
const metrics = createProjectorMetrics(config.metricsNamespace);
// The SDK retries throttling underneath; a record that still fails is redelivered by the event source.
const { doc } = createDynamoClients({ sdkMaxAttempts: 3 });
const projector = createProjector({
  doc,
  eventsTableName: config.eventsTableName,
  viewsTableName: config.viewsTableName,
  logger,
  metrics,
});

export const handler = (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> =>
  projector.handle(event);
