// `npm start` as a user runs it: a child process on a free port with its own data directory, in memory.
// It must answer /health, serve the demo board to the printed admin token, and on Ctrl-C (SIGINT to the
// process group, as a terminal sends it) stop everything it started: no Java process left behind.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const dataDir = mkdtempSync(join(tmpdir(), 'okr-ledger-e2e-'));
let child: ChildProcess | undefined;
let output = '';
let exited: Promise<number | null> | undefined;

interface StackInfo {
  url: string;
  dynamoPid: number;
  pid: number;
}

const isRunning = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    if (child?.exitCode !== null && child?.exitCode !== undefined)
      throw new Error(`npm start exited early:\n${output}`);
    await sleep(250);
  }
  throw new Error(`timed out waiting for ${what}; output so far:\n${output}`);
}

const stackInfo = (): StackInfo | undefined => {
  const file = join(dataDir, 'local-stack.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as StackInfo) : undefined;
};

/** The token is the last line printed at startup, right after "Admin token for …". */
const printedToken = (): string | undefined => {
  const lines = output.split('\n');
  const marker = lines.findIndex((line) => line.startsWith('Admin token for'));
  const token = marker === -1 ? undefined : lines[marker + 1]?.trim();
  return token && /^[\w-]+\.[\w-]+\.[\w-]+$/.test(token) ? token : undefined;
};

beforeAll(async () => {
  child = spawn('npm', ['start', '--', '--in-memory'], {
    cwd: process.cwd(),
    env: { ...process.env, PORT: '0', OKR_LEDGER_DATA_DIR: dataDir },
    // Its own process group, so SIGINT can go to the whole group like a terminal's Ctrl-C.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  const started = child;
  exited = new Promise((resolve) => started.once('exit', (code) => resolve(code)));
  await waitFor('the admin token', printedToken, 100_000);
}, 120_000);

afterAll(async () => {
  // Only if a test failed half-way: never leave the stack running.
  if (child?.pid !== undefined && child.exitCode === null) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  const info = stackInfo();
  if (info && isRunning(info.dynamoPid)) process.kill(info.dynamoPid, 'SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

describe('npm start', () => {
  it('answers /health at the URL it prints', async () => {
    // Prepare
    const info = await waitFor('local-stack.json', stackInfo, 10_000);
    // Act
    const response = await fetch(`${info.url}/health`);
    // Assess
    expect(output).toContain(`OKR Ledger is running at ${info.url}`);
    expect(output).toContain(`${info.url}/docs`);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { status: string }).status).toBe('ok');
  });

  it('serves the seeded demo board to the printed admin token', async () => {
    // Prepare
    const info = stackInfo();
    const token = printedToken();
    if (!info || !token) throw new Error('the stack did not start');
    // Act
    const response = await fetch(`${info.url}/v1/orgs/demo/cycles/2026-Q4/okrs`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const board = (await response.json()) as {
      cycle: { status: string };
      objectives: { title: string; keyResults: { checkInCount: number }[] }[];
    };
    // Assess
    expect(response.status).toBe(200);
    expect(board.cycle.status).toBe('active');
    expect(board.objectives.map((objective) => objective.title)).toContain(
      'Make customer onboarding dramatically faster and more predictable',
    );
    expect(board.objectives.length).toBeGreaterThanOrEqual(3);
    expect(board.objectives[0]?.keyResults.every((kr) => kr.checkInCount > 0)).toBe(true);
  });

  it('stops everything on Ctrl-C: the processes exit and DynamoDB Local is gone', async () => {
    // Prepare
    const info = stackInfo();
    if (!info || child?.pid === undefined) throw new Error('the stack did not start');
    expect(isRunning(info.dynamoPid)).toBe(true);
    // Act
    process.kill(-child.pid, 'SIGINT');
    const code = await Promise.race([exited, sleep(30_000).then(() => 'still running')]);
    // Assess
    expect(code).not.toBe('still running');
    await waitFor('DynamoDB Local to exit', () => (isRunning(info.dynamoPid) ? undefined : true), 15_000);
    expect(isRunning(info.pid)).toBe(false);
    expect(output).toContain('SIGINT: stopping the local stack');
    expect(existsSync(join(dataDir, 'local-stack.json'))).toBe(false);
  }, 60_000);
});
