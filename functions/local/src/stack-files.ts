// Where the local stack keeps its files, and the small state file it writes for scripts
// (`.data/local-stack.json`: endpoint, table names, port), so `npm run token`, `create-org` and
// `rebuild-views` find a running stack without flags.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const LOCAL_TABLES = {
  eventsTableName: 'okr-ledger-events',
  viewsTableName: 'okr-ledger-views',
} as const;

export interface LocalStackInfo {
  endpoint: string;
  eventsTableName: string;
  viewsTableName: string;
  port: number;
  url: string;
  /** The stack's own process and DynamoDB Local's Java process (null: a DynamoDB it did not start). */
  pid: number;
  dynamoPid: number | null;
  inMemory: boolean;
  startedAt: string;
}

/** `OKR_LEDGER_DATA_DIR`, else `.data` in the current directory (git-ignored). */
export function dataDirectory(env: Record<string, string | undefined> = process.env): string {
  const configured = env.OKR_LEDGER_DATA_DIR?.trim();
  return resolve(configured ? configured : '.data');
}

export const issuerKeyFile = (dataDir: string) => join(dataDir, 'local-issuer.json');
export const dynamoDirectory = (dataDir: string) => join(dataDir, 'dynamodb');
export const stackFile = (dataDir: string) => join(dataDir, 'local-stack.json');

export function writeStackInfo(dataDir: string, info: LocalStackInfo): void {
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(stackFile(dataDir), `${JSON.stringify(info, null, 2)}\n`);
}

export function readStackInfo(dataDir: string): LocalStackInfo | null {
  const file = stackFile(dataDir);
  if (!existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LocalStackInfo;
  } catch {
    return null;
  }
}

export function removeStackInfo(dataDir: string): void {
  rmSync(stackFile(dataDir), { force: true });
}
