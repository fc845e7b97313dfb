// Vitest global setup of the integration tier: one DynamoDB Local (in memory) per run, shared by every test
// file through `inject('dynamoEndpoint')`; each file creates its own tables (see dynamo.ts). A second one,
// `inject('stackDynamoEndpoint')`, is shared by the local stacks the end-to-end files start (each under
// tables of its own), so their load stays off the first as when each stack ran a Java of its own.
import type { TestProject } from 'vitest/node';
import { startDynamoLocal } from './dynamo-local.js';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    stackDynamoEndpoint: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started = await Promise.allSettled([startDynamoLocal(), startDynamoLocal()]);
  const running = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const stopAll = async () => {
    await Promise.all(running.map((dynamo) => dynamo.stop()));
  };
  const [tests, stacks] = started;
  if (tests?.status !== 'fulfilled' || stacks?.status !== 'fulfilled') {
    await stopAll();
    throw started.find((result) => result.status === 'rejected')?.reason;
  }
  project.provide('dynamoEndpoint', tests.value.endpoint);
  project.provide('stackDynamoEndpoint', stacks.value.endpoint);
  return stopAll;
}
