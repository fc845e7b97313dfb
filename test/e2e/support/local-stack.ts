// Owns the local stack as the end-to-end tests run it: `npm start -- --in-memory` in a child process of its
// own process group, on a free port, with a throw-away data directory; ready once /health answers. By
// default the stack uses the DynamoDB Local the run keeps for stacks (`inject('stackDynamoEndpoint')`)
// under table names of its own, which spares each file a Java start; `ownDynamo` makes it start its own,
// as `npm start` does for a user. Tokens for any member come from the stack's own issuer key file.
// Stopping sends SIGINT to the group, as Ctrl-C in a terminal would, and fails when any process of the
// group (its DynamoDB Local's Java included) is left; the shared tables are deleted then.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createDynamoClients, deleteTables, LOCAL_DYNAMO_SETTINGS } from '@okr-ledger/event-store';
import { inject } from 'vitest';
import { createLocalIssuer, type LocalIssuer } from '../../../functions/api/src/auth/local-issuer.js';
import {
  issuerKeyFile,
  type LocalStackInfo,
  readStackInfo,
} from '../../../functions/local/src/stack-files.js';

const STARTUP_TIMEOUT_MS = 110_000;
const SHUTDOWN_TIMEOUT_MS = 30_000;
const POLL_MS = 200;
/** Lines of the stack's output kept for failure messages. */
const OUTPUT_TAIL_LINES = 60;

export interface LocalStack {
  /** The API's base address, e.g. http://localhost:40123 (loopback). */
  url: string;
  info: LocalStackInfo;
  dataDir: string;
  /** The process group of npm and everything it started. */
  pgid: number;
  /** An ID token of the local issuer for `email`, valid for an hour. */
  token(email: string): Promise<string>;
  /** The last lines the stack printed (for failure messages). */
  output(): string;
  /** SIGINT to the stack's process group; resolves once every process of it is gone, else throws. */
  stop(): Promise<void>;
}

/** True while the process group `pgid` has a member (signal 0 checks without sending anything). */
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

class OutputTail {
  private lines: string[] = [];
  add(chunk: Buffer): void {
    this.lines.push(...chunk.toString('utf8').split('\n'));
    if (this.lines.length > OUTPUT_TAIL_LINES) this.lines = this.lines.slice(-OUTPUT_TAIL_LINES);
  }
  text(): string {
    return this.lines.join('\n');
  }
}

async function healthy(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2_000) });
    return response.status === 200 && ((await response.json()) as { status?: string }).status === 'ok';
  } catch {
    return false;
  }
}

async function waitUntilGone(pgid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!groupAlive(pgid)) return true;
    await sleep(POLL_MS);
  }
  return !groupAlive(pgid);
}

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // the group is already gone
  }
}

export interface LocalStackOptions {
  /** Start a DynamoDB Local of the stack's own (a Java process in its group) instead of the shared one. */
  ownDynamo?: boolean;
}

async function deleteSharedTables(info: LocalStackInfo): Promise<void> {
  const { client } = createDynamoClients({ endpoint: info.endpoint, ...LOCAL_DYNAMO_SETTINGS });
  try {
    await deleteTables(client, info);
  } finally {
    client.destroy();
  }
}

/** Starts `npm start -- --in-memory` on a free port and waits until /health answers. */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'okr-ledger-addon-e2e-'));
  const shared = options.ownDynamo
    ? []
    : ['--dynamo-endpoint', inject('stackDynamoEndpoint'), '--table-prefix', `${basename(dataDir)}-`];
  const output = new OutputTail();
  const child = spawn('npm', ['start', '--', '--in-memory', ...shared], {
    cwd: process.cwd(),
    env: { ...process.env, PORT: '0', OKR_LEDGER_DATA_DIR: dataDir },
    // A group of its own, so one signal reaches npm, tsx, the stack and Java, like Ctrl-C in a terminal.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => output.add(chunk));
  child.stderr?.on('data', (chunk: Buffer) => output.add(chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const pgid = child.pid;
  if (pgid === undefined) throw new Error('npm start could not be spawned');

  const fail = (why: string): never => {
    killGroup(child);
    rmSync(dataDir, { recursive: true, force: true });
    throw new Error(`${why}\n--- local stack output ---\n${output.text()}`);
  };

  let info: LocalStackInfo | null = null;
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (info === null) {
    if (child.exitCode !== null) fail(`npm start exited early with code ${child.exitCode}`);
    if (Date.now() > deadline) fail(`the local stack did not start within ${STARTUP_TIMEOUT_MS} ms`);
    const written = readStackInfo(dataDir);
    if (written !== null && (await healthy(written.url))) info = written;
    else await sleep(POLL_MS);
  }
  const started: LocalStackInfo = info;

  let issuer: LocalIssuer | null = null;
  let stopped = false;
  return {
    url: started.url,
    info: started,
    dataDir,
    pgid,
    async token(email) {
      issuer ??= await createLocalIssuer({ keyFile: issuerKeyFile(dataDir) });
      return issuer.sign(email);
    },
    output: () => output.text(),
    async stop() {
      if (stopped) return;
      stopped = true;
      try {
        if (child.exitCode === null) process.kill(-pgid, 'SIGINT');
        const code = await Promise.race([exited, sleep(SHUTDOWN_TIMEOUT_MS).then(() => 'timeout' as const)]);
        const gone = await waitUntilGone(pgid, SHUTDOWN_TIMEOUT_MS);
        const left = [started.pid, started.dynamoPid].filter(
          (pid): pid is number => pid !== null && processAlive(pid),
        );
        if (code === 'timeout' || !gone || left.length > 0) {
          killGroup(child);
          throw new Error(
            `the local stack did not stop on SIGINT (exit: ${String(code)}, processes left: ${left.join(', ') || 'group members'})\n${output.text()}`,
          );
        }
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
        if (started.dynamoPid === null) await deleteSharedTables(started);
      }
    },
  };
}
