// The DynamoDB Local launcher for real: an on-disk database survives a restart, stop() leaves no Java
// process behind, and JVM options reach the JVM alone. (Runs its own instances beside the shared one.)
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDynamoClients, createTables, LOCAL_DYNAMO_SETTINGS } from '@okr-ledger/event-store';
import { afterAll, describe, expect, it } from 'vitest';
import { BUSY_JVM_OPTIONS, startDynamoLocal } from '../../support/dynamo-local.js';
import { counterAppend, increments, ORG, testStore } from './fixtures.js';

const isRunning = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('startDynamoLocal', () => {
  const directories: string[] = [];
  afterAll(async () => {
    for (const directory of directories) await rm(directory, { recursive: true, force: true });
  });

  it('keeps an on-disk database across a restart and stops without leaving a process', async () => {
    // Prepare
    const path = await mkdtemp(join(tmpdir(), 'dynamo-local-'));
    directories.push(path);
    const names = { eventsTableName: 'persisted-events', viewsTableName: 'persisted-views' };
    const first = await startDynamoLocal({ path });
    const firstClients = createDynamoClients({ endpoint: first.endpoint, ...LOCAL_DYNAMO_SETTINGS });
    await createTables(firstClients.client, names);
    await testStore({ client: firstClients.doc, tableName: names.eventsTableName }).append(
      counterAppend('counter-persisted', 0, increments(3)),
    );
    firstClients.client.destroy();

    // Act
    await first.stop();
    const stoppedPid = first.pid;
    const second = await startDynamoLocal({ path });
    const secondClients = createDynamoClients({ endpoint: second.endpoint, ...LOCAL_DYNAMO_SETTINGS });
    const tip = await testStore({ client: secondClients.doc, tableName: names.eventsTableName }).readTip(
      ORG,
      'counter-persisted',
    );
    secondClients.client.destroy();
    await second.stop();
    await second.stop();

    // Assess
    expect(isRunning(stoppedPid)).toBe(false);
    expect(isRunning(second.pid)).toBe(false);
    expect(tip?.version).toBe(3);
    expect(await readdir(path)).toContain('shared-local-instance.db');
  });

  it('reports a port that is taken, with the output of DynamoDB Local', async () => {
    // Prepare
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, resolve));
    const address = blocker.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;

    // Act
    const outcome = await startDynamoLocal({ port }).catch((error: Error) => error);
    blocker.close();

    // Assess
    expect(outcome).toMatchObject({ name: 'DynamoLocalStartError' });
    expect((outcome as Error).message).toMatch(/exited during startup[\s\S]*(BindException|already in use)/i);
  });

  it('hands JVM options to that JVM alone, after those the environment sets, and answers with them', async () => {
    // Prepare
    const before = process.env.JDK_JAVA_OPTIONS;
    process.env.JDK_JAVA_OPTIONS = '-Xss1m';

    // Act
    let seenAfterStart: string | undefined;
    const dynamo = await startDynamoLocal({ jvmOptions: BUSY_JVM_OPTIONS }).finally(() => {
      seenAfterStart = process.env.JDK_JAVA_OPTIONS;
      if (before === undefined) delete process.env.JDK_JAVA_OPTIONS;
      else process.env.JDK_JAVA_OPTIONS = before;
    });
    const environment = (await readFile(`/proc/${dynamo.pid}/environ`, 'utf8')).split('\0');
    const clients = createDynamoClients({ endpoint: dynamo.endpoint, ...LOCAL_DYNAMO_SETTINGS });
    const names = { eventsTableName: 'busy-events', viewsTableName: 'busy-views' };
    await createTables(clients.client, names);
    const appended = await testStore({ client: clients.doc, tableName: names.eventsTableName }).append(
      counterAppend('counter-busy', 0, increments(2)),
    );
    clients.client.destroy();
    await dynamo.stop();

    // Assess
    expect(environment).toContain(`JDK_JAVA_OPTIONS=-Xss1m ${BUSY_JVM_OPTIONS.join(' ')}`);
    expect(seenAfterStart).toBe('-Xss1m');
    expect(appended.lastVersion).toBe(2);
  });
});
