// Vitest global setup of the integration tier: one DynamoDB Local (in memory) per run, shared by every test
// file through `inject('dynamoEndpoint')`; each file creates its own tables (see dynamo.ts). For the main
// project a second one, `inject('stackDynamoEndpoint')`, is shared by the local stacks the end-to-end files
// start (each under tables of its own), so their load stays off the first as when each stack ran a Java of
// its own; the few isolated files (see vitest.config.ts) start no stack and get the first for both.
import type { TestProject } from 'vitest/node';
import { BUSY_JVM_OPTIONS, type DynamoLocal, startDynamoLocal } from './dynamo-local.js';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    stackDynamoEndpoint: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const withStacks = project.name === 'integration';
  // Two test files at a time keep it busy: the JVM settings that leave the cores to them (see there).
  const start = () => startDynamoLocal({ jvmOptions: BUSY_JVM_OPTIONS });
  const started = await Promise.allSettled(withStacks ? [start(), start()] : [start()]);
  const running = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const stopAll = async () => {
    await Promise.all(running.map((dynamo) => dynamo.stop()));
  };
  const failed = started.find((result) => result.status === 'rejected');
  if (failed !== undefined) {
    await stopAll();
    throw failed.reason;
  }
  const [tests, stacks = tests] = running as [DynamoLocal, DynamoLocal?];
  project.provide('dynamoEndpoint', tests.endpoint);
  project.provide('stackDynamoEndpoint', stacks.endpoint);
  return stopAll;
}
