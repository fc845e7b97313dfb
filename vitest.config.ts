// Test tiers: `unit` is pure and fast; `integration` (test/integration and test/e2e) shares the DynamoDB
// Locals started by the global setup (one for the files' tables, one for the e2e files' local stacks),
// each file creating its own tables.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    coverage: {
      provider: 'v8',
      include: ['packages/okr-domain/src/**/*.ts'],
      reporter: ['text-summary', 'text'],
    },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
          // Unit tests first, then the DynamoDB Local tiers with their own worker limit.
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/support/dynamo-global-setup.ts'],
          // Each file makes its own tables, servers and stacks and closes them in afterAll, so a worker may
          // keep its loaded modules from one file to the next: loading the SDKs, Hono and the domain again
          // for every file cost about 3 s a file.
          isolate: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
