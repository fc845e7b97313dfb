// Lambda entry point of the weekly digest, invoked every hour by EventBridge Scheduler: configuration and
// clients are built once per container. Failed deliveries are recorded, logged and counted; an
// organization whose run failed makes the invocation fail after all the others ran, so Lambda retries it
// (the week's claim keeps the others from sending twice) and then sends it to the dead-letter queue.
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { createDynamoClients, EventStore } from '@okr-ledger/event-store';
import { createViewsReader } from '@okr-ledger/projections';
// The API's own redaction, so a person is found in the digest's logs by the same hash as in the API's.
import { redactEmails } from '../../api/src/http/redact.js';
import { readDigestConfig } from './config.js';
import { createDeliverer } from './deliver.js';
import { DIGEST_FAILURES_METRIC, DIGEST_SERVICE_NAME, DIGESTS_SENT_METRIC } from './metrics.js';
import { runDigests } from './run.js';

const config = readDigestConfig(process.env);
const logger = new Logger({ serviceName: DIGEST_SERVICE_NAME });
const metrics = new Metrics({ namespace: config.metricsNamespace, serviceName: DIGEST_SERVICE_NAME });
const { doc } = createDynamoClients({ sdkMaxAttempts: 3 });
const store = new EventStore({ client: doc, tableName: config.eventsTableName });
const views = createViewsReader({ doc, viewsTableName: config.viewsTableName });
// The deliverer retries with its own backoff; the SDK's retries underneath would multiply them.
const deliver = createDeliverer({
  ses: new SESv2Client({ maxAttempts: 1 }),
  fromAddress: config.fromAddress,
  ...(config.fromIdentityArn === undefined ? {} : { fromIdentityArn: config.fromIdentityArn }),
});

export const handler = async (): Promise<{ organizations: number; sent: number; failed: number }> => {
  const report = await runDigests({
    store,
    views,
    deliver,
    clock: () => new Date(),
    sheetUrlBase: config.sheetUrlBase,
    onFailure: (failure) => {
      logger.error('digest delivery failed', {
        ...failure,
        recipient: redactEmails(failure.recipient),
        error: redactEmails(failure.error),
      });
      metrics.addMetric(DIGEST_FAILURES_METRIC, MetricUnit.Count, 1);
    },
  });
  const sent = report.organizations.reduce((sum, outcome) => sum + outcome.sent, 0);
  if (sent > 0) metrics.addMetric(DIGESTS_SENT_METRIC, MetricUnit.Count, sent);
  if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  for (const outcome of report.organizations) {
    if (outcome.status !== 'not_due' && outcome.status !== 'no_active_cycle') {
      logger.info('digest', {
        org: outcome.org,
        status: outcome.status,
        week: outcome.week,
        sent: outcome.sent,
        failed: outcome.failures.length,
      });
    }
  }
  const failed = report.organizations.filter((outcome) => outcome.status === 'failed');
  if (failed.length > 0) {
    throw new Error(
      `digest run failed for ${failed.map((outcome) => `${outcome.org} (${outcome.error})`).join(', ')}`,
    );
  }
  return { organizations: report.organizations.length, sent, failed: 0 };
};
