// The projector's CloudWatch metrics, published as Embedded Metric Format lines by Powertools: the names
// here are what the stack's alarms watch, so both sides import them from this one place.
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

export const PROJECTOR_SERVICE_NAME = 'okr-ledger-projector';
/** One per record set aside as a dead letter (live or while filling a gap). */
export const PARKED_RECORDS_METRIC = 'ParkedRecords';

/** The slice of Powertools' Metrics the projector uses (tests pass a real one over a captured stdout). */
export type ProjectorMetrics = Pick<Metrics, 'addMetric' | 'hasStoredMetrics' | 'publishStoredMetrics'>;

export function createProjectorMetrics(namespace: string): Metrics {
  return new Metrics({ namespace, serviceName: PROJECTOR_SERVICE_NAME });
}

export function countParked(metrics: ProjectorMetrics | undefined, parked: number): void {
  if (metrics !== undefined && parked > 0) metrics.addMetric(PARKED_RECORDS_METRIC, MetricUnit.Count, parked);
}

/** Flushes what a batch counted; nothing is written for a batch that parked nothing. */
export function publishMetrics(metrics: ProjectorMetrics | undefined): void {
  if (metrics?.hasStoredMetrics()) metrics.publishStoredMetrics();
}
