// The Java checks in front of DynamoDB Local: a missing or old `java` must fail fast with the install hint,
// before anything is spawned.
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  checkJava,
  findFreePort,
  JAVA_HINT,
  parseJavaMajorVersion,
  startDynamoLocal,
} from '../../../packages/event-store/src/dynamo-local.js';

describe('parseJavaMajorVersion', () => {
  it.each([
    ['openjdk version "17.0.15" 2025-04-15', 17],
    ['openjdk version "21" 2023-09-19', 21],
    ['java version "1.8.0_392"', 8],
    ['openjdk version "11.0.22" 2024-01-16 LTS', 11],
    ['no version here', undefined],
  ])('%s → %s', (output, major) => {
    expect(parseJavaMajorVersion(output)).toBe(major);
  });
});

describe('checkJava', () => {
  let binDirectory: string;
  let originalPath: string | undefined;

  beforeEach(async () => {
    binDirectory = await mkdtemp(join(tmpdir(), 'fake-java-'));
    originalPath = process.env.PATH;
    process.env.PATH = binDirectory;
  });

  afterEach(async () => {
    process.env.PATH = originalPath;
    await rm(binDirectory, { recursive: true, force: true });
  });

  /** A `java` that prints what a real JVM of that version prints (on stderr). */
  async function fakeJava(versionLine: string): Promise<void> {
    const script = join(binDirectory, 'java');
    await writeFile(script, `#!/bin/sh\necho '${versionLine}' 1>&2\n`);
    await chmod(script, 0o755);
  }

  it('explains how to install Java when there is none', async () => {
    await expect(checkJava()).rejects.toThrow(`${JAVA_HINT} (no \`java\` on PATH)`);
  });

  it('refuses Java older than 17 and names the version found', async () => {
    await fakeJava('java version "1.8.0_392"');
    await expect(checkJava()).rejects.toThrow(`${JAVA_HINT} (found Java 8)`);
  });

  it('accepts Java 17 and later', async () => {
    await fakeJava('openjdk version "17.0.15" 2025-04-15');
    await expect(checkJava()).resolves.toBe(17);
  });

  it('makes startDynamoLocal fail fast, before spawning anything', async () => {
    await fakeJava('openjdk version "11.0.22" 2024-01-16');
    await expect(startDynamoLocal()).rejects.toMatchObject({
      name: 'DynamoLocalStartError',
      message: `${JAVA_HINT} (found Java 11)`,
    });
  });
});

describe('findFreePort', () => {
  it('returns a usable TCP port', async () => {
    const port = await findFreePort();
    expect(port).toBeGreaterThan(0);
    expect(port).toBeLessThan(65_536);
  });
});
