// Test tiers: `unit` is pure and fast; `integration` (test/integration and test/e2e) shares the DynamoDB
// Locals started by the global setup (one for the files' tables, one for the e2e files' local stacks),
// each file creating its own tables.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

const DYNAMO_TIERS = ['test/integration', 'test/e2e'];
/**
 * Files of those tiers that replace modules with `vi.mock`: a mock must see a fresh module graph, so they run
 * isolated, while the rest share each worker's loaded modules (see `isolate` below).
 */
const mockingModules = DYNAMO_TIERS.flatMap((dir) =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.test.ts'))
    .map((file) => join(dir, file).replaceAll('\\', '/'))
    .filter((file) => /\bvi\.(?:do)?[mM]ock\(/.test(readFileSync(file, 'utf8'))),
);
const dynamoTier = {
  environment: 'node' as const,
  globalSetup: ['test/support/dynamo-global-setup.ts'],
  testTimeout: 60_000,
  hookTimeout: 120_000,
  maxWorkers: 2,
  sequence: { groupOrder: 1 },
};

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
          ...dynamoTier,
          name: 'integration',
          include: DYNAMO_TIERS.map((dir) => `${dir}/**/*.test.ts`),
          exclude: mockingModules,
          // Each file makes its own tables, servers and stacks and closes them in afterAll, so a worker may
          // keep its loaded modules from one file to the next: loading the SDKs, Hono and the domain again
          // for every file cost about 3 s a file.
          isolate: false,
        },
      },
      {
        test: {
          ...dynamoTier,
          name: 'integration-isolated',
          include: mockingModules.length > 0 ? mockingModules : ['no-file-mocks-modules'],
          // After the main integration project, so the two never run their workers side by side.
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
