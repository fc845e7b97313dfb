// Vitest global setup of the integration tier: one DynamoDB Local (in memory) per run, shared by every test
// file through `inject('dynamoEndpoint')`; each file creates its own tables (see dynamo.ts).
import type { TestProject } from 'vitest/node';
import { startDynamoLocal } from './dynamo-local.js';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dynamo = await startDynamoLocal();
  project.provide('dynamoEndpoint', dynamo.endpoint);
  return () => dynamo.stop();
}
