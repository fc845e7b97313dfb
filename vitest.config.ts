// Test tiers: `unit` is pure and fast; `integration` (test/integration and test/e2e) shares the DynamoDB
// Locals started by the global setup (one for the files' tables, one for the e2e files' local stacks),
// each file creating its own tables. Within a tier a worker keeps the modules it loaded from one file to
// the next (`isolate: false`: importing the SDKs, Hono, zod and the domain again for every file cost about
// 3 s a file), except for the files that replace modules or globals, which run in an isolated project of
// their tier after it.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

const UNIT_TIER = ['test/unit'];
const DYNAMO_TIERS = ['test/integration', 'test/e2e'];

/**
 * The test files under `dirs` that replace modules (`vi.mock`) or spy on or stub shared objects: a mock
 * needs a fresh module graph, and a spy or stub left in place would reach the next file of the worker.
 */
const replacingFiles = (dirs: string[]) =>
  dirs.flatMap((dir) =>
    readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.test.ts'))
      .map((file) => join(dir, file).replaceAll('\\', '/'))
      .filter((file) =>
        /\bvi\.(?:(?:do)?[mM]ock|spyOn|stubGlobal|stubEnv)\(/.test(readFileSync(file, 'utf8')),
      ),
  );
/** vitest needs a pattern even when a project has no file: one that matches nothing. */
const orNone = (files: string[]) => (files.length > 0 ? files : ['no-file-replaces-modules']);

const unitReplacing = replacingFiles(UNIT_TIER);
const dynamoReplacing = replacingFiles(DYNAMO_TIERS);

const unitTier = {
  environment: 'node' as const,
  // Unit tests first, then the DynamoDB Local tiers with their own worker limit.
  sequence: { groupOrder: 0 },
};
const dynamoTier = {
  environment: 'node' as const,
  globalSetup: ['test/support/dynamo-global-setup.ts'],
  testTimeout: 60_000,
  hookTimeout: 120_000,
  maxWorkers: 2,
  sequence: { groupOrder: 2 },
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
          ...unitTier,
          name: 'unit',
          include: UNIT_TIER.map((dir) => `${dir}/**/*.test.ts`),
          exclude: unitReplacing,
          isolate: false,
        },
      },
      {
        test: {
          ...unitTier,
          name: 'unit-isolated',
          include: orNone(unitReplacing),
          sequence: { groupOrder: 1 },
        },
      },
      {
        test: {
          ...dynamoTier,
          name: 'integration',
          include: DYNAMO_TIERS.map((dir) => `${dir}/**/*.test.ts`),
          // Each file makes its own tables, servers and stacks and closes them in afterAll.
          exclude: dynamoReplacing,
          isolate: false,
        },
      },
      {
        test: {
          ...dynamoTier,
          name: 'integration-isolated',
          include: orNone(dynamoReplacing),
          // After the main integration project, so the two never run their workers side by side.
          sequence: { groupOrder: 3 },
        },
      },
    ],
  },
});
