// EventStore against a real DynamoDB Local: item formats, expected versions, atomicity, size limits,
// as-of reads, paging, cycle listing and batched tip reads.
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import {
  AppendTooLargeError,
  DYNAMO_LIMITS,
  decompressJson,
  type EventStore,
  estimateItemSize,
  StreamVersionConflictError,
  toStorableItem,
} from '@okr-ledger/event-store';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestTables } from '../../support/dynamo.js';
import {
  ACTOR,
  type CounterEvent,
  counterAppend,
  increments,
  newCommandId,
  newStreamId,
  ORG,
  testStore,
} from './fixtures.js';

const tables = useTestTables();
let store: EventStore;

beforeAll(() => {
  store = testStore({ client: tables.doc, tableName: tables.eventsTableName });
});

async function rawItem(pk: string, sk: number): Promise<Record<string, unknown> | undefined> {
  const output = await tables.doc.send(
    new GetCommand({ TableName: tables.eventsTableName, Key: { pk, sk }, ConsistentRead: true }),
  );
  return output.Item;
}

describe('item formats (read by the projector from the stream)', () => {
  it('writes event, tip and command items exactly as specified', async () => {
    // Prepare
    const streamId = newStreamId('objective');
    const commandId = newCommandId();

    // Act
    const result = await store.append<CounterEvent>({
      org: ORG,
      streamId,
      expectedVersion: 0,
      events: [{ type: 'CounterOpened', data: { name: 'signups' } }],
      metadata: { actor: ACTOR, commandId, recordedAt: '2026-10-01T09:00:00+02:00' },
      snapshot: { name: 'signups', total: 0, tags: [] },
      snapshotSchemaVersion: 3,
      cycleId: '2026-Q4',
      response: { version: 1, ok: true },
    });

    // Assess
    expect(result).toEqual({
      firstVersion: 1,
      lastVersion: 1,
      replayed: false,
      response: { version: 1, ok: true },
    });
    const recordedAt = '2026-10-01T07:00:00.000Z';
    expect(await rawItem(`${ORG}#${streamId}`, 1)).toEqual({
      pk: `${ORG}#${streamId}`,
      sk: 1,
      kind: 'event',
      org: ORG,
      streamId,
      version: 1,
      eventType: 'CounterOpened',
      data: { name: 'signups' },
      metadata: { actor: ACTOR, commandId, recordedAt, schemaVersion: 1 },
      recordedAt,
      cycleId: '2026-Q4',
    });
    const { snapshotGzip, ...tip } = (await rawItem(`${ORG}#${streamId}`, 0)) ?? {};
    expect(tip).toEqual({
      pk: `${ORG}#${streamId}`,
      sk: 0,
      kind: 'tip',
      org: ORG,
      streamId,
      version: 1,
      snapshotSchemaVersion: 3,
      updatedAt: recordedAt,
      cyclePk: `${ORG}#2026-Q4`,
    });
    // The snapshot is stored as compressed JSON (binary), which is what write units are paid on.
    expect(snapshotGzip).toBeInstanceOf(Uint8Array);
    expect(decompressJson(snapshotGzip as Uint8Array)).toEqual({
      name: 'signups',
      total: 0,
      tags: [],
    });
    const { responseGzip, ...record } = (await rawItem(`${ORG}#cmd#${commandId}`, 0)) as Record<
      string,
      unknown
    >;
    expect(record).toEqual({
      pk: `${ORG}#cmd#${commandId}`,
      sk: 0,
      kind: 'command',
      org: ORG,
      streamId,
      firstVersion: 1,
      lastVersion: 1,
      recordedAt,
    });
    // The stored answer is compressed JSON too: a replay's answer can be as large as an objective's view.
    expect(decompressJson(responseGzip as Uint8Array)).toEqual({
      version: 1,
      ok: true,
    });
  });

  it('reads back the domain RecordedEvent shape, the tip and the command record', async () => {
    // Prepare
    const streamId = newStreamId();
    const append = counterAppend(streamId, 0, [
      { type: 'CounterOpened', data: { name: 'x' } },
      { type: 'CounterIncremented', data: { by: 2, tag: 'a' } },
    ]);
    await store.append(append);

    // Act
    const events = await store.readStream<CounterEvent>(ORG, streamId);
    const tip = await store.readTip(ORG, streamId);
    const command = await store.getCommand(ORG, append.metadata.commandId);

    // Assess
    const metadata = { ...append.metadata, schemaVersion: 1 };
    expect(events).toEqual([
      { type: 'CounterOpened', data: { name: 'x' }, streamId, version: 1, metadata },
      { type: 'CounterIncremented', data: { by: 2, tag: 'a' }, streamId, version: 2, metadata },
    ]);
    expect(tip).toEqual({
      streamId,
      version: 2,
      snapshot: append.snapshot,
      snapshotSchemaVersion: 1,
      updatedAt: append.metadata.recordedAt,
    });
    expect(command).toEqual({
      commandId: append.metadata.commandId,
      streamId,
      firstVersion: 1,
      lastVersion: 2,
      recordedAt: append.metadata.recordedAt,
    });
    expect(await store.readTip(ORG, newStreamId('missing'))).toBeNull();
    expect(await store.getCommand(ORG, newCommandId('missing'))).toBeNull();
  });
});

describe('tips written before snapshots were compressed', () => {
  it('reads a tip holding its snapshot as a map, and the next append stores only the compressed form', async () => {
    // Prepare: a tip as it was written with the snapshot as a plain map.
    const streamId = newStreamId();
    await store.append(counterAppend(streamId, 0, [{ type: 'CounterOpened', data: { name: 'legacy' } }]));
    const { snapshotGzip: _compressed, ...rest } = (await rawItem(`${ORG}#${streamId}`, 0)) ?? {};
    const legacy = { ...rest, snapshot: { name: 'legacy', total: 0, tags: [] } };
    await tables.doc.send(new PutCommand({ TableName: tables.eventsTableName, Item: legacy }));

    // Act
    const before = await store.readTip(ORG, streamId);
    await store.append(
      counterAppend(streamId, 1, [{ type: 'CounterIncremented', data: { by: 1, tag: 'a' } }]),
    );
    const after = await rawItem(`${ORG}#${streamId}`, 0);

    // Assess
    expect(before?.snapshot).toEqual({ name: 'legacy', total: 0, tags: [] });
    expect(after).not.toHaveProperty('snapshot');
    expect(after?.snapshotGzip).toBeInstanceOf(Uint8Array);
    expect((await store.readTip(ORG, streamId))?.version).toBe(2);
  });
});

describe('expected version', () => {
  it('creates a new stream only at expected version 0', async () => {
    // Prepare
    const fresh = newStreamId();
    const absent = newStreamId();

    // Act
    const created = await store.append(counterAppend(fresh, 0, increments(2)));
    const wrongStart = store.append(counterAppend(absent, 3, increments(1)));

    // Assess
    expect(created).toMatchObject({ firstVersion: 1, lastVersion: 2, replayed: false });
    await expect(wrongStart).rejects.toMatchObject({
      name: 'StreamVersionConflictError',
      status: 409,
      expectedVersion: 3,
      currentVersion: 0,
      currentSnapshot: null,
    });
    expect(await store.readStream(ORG, absent)).toEqual([]);
  });

  it('appends to an existing stream at its version and refuses a stale or future version', async () => {
    // Prepare
    const streamId = newStreamId();
    await store.append(counterAppend(streamId, 0, increments(2)));

    // Act
    const next = await store.append(counterAppend(streamId, 2, increments(3, 'n')));
    const stale = await store.append(counterAppend(streamId, 2, increments(1, 's'))).catch((error) => error);
    const future = await store.append(counterAppend(streamId, 9, increments(1, 'f'))).catch((error) => error);
    const recreate = await store
      .append(counterAppend(streamId, 0, increments(1, 'r')))
      .catch((error) => error);

    // Assess
    expect(next).toMatchObject({ firstVersion: 3, lastVersion: 5 });
    for (const [conflict, expectedVersion] of [
      [stale, 2],
      [future, 9],
      [recreate, 0],
    ] as const) {
      expect(conflict).toBeInstanceOf(StreamVersionConflictError);
      expect(conflict).toMatchObject({
        expectedVersion,
        currentVersion: 5,
        currentSnapshot: { note: 'test snapshot', version: 5 },
      });
    }
    const versions = (await store.readStream(ORG, streamId)).map((event) => event.version);
    expect(versions).toEqual([1, 2, 3, 4, 5]);
  });

  it('with no events writes nothing and reports the current version', async () => {
    // Prepare
    const streamId = newStreamId();
    await store.append(counterAppend(streamId, 0, increments(4)));
    const append = counterAppend(streamId, 4, []);

    // Act
    const result = await store.append(append);

    // Assess
    expect(result).toEqual({ firstVersion: 5, lastVersion: 4, replayed: false });
    expect(await store.getCommand(ORG, append.metadata.commandId)).toBeNull();
  });
});

describe('idempotency at the store', () => {
  it('answers a repeated command id with the first result and writes nothing more', async () => {
    // Prepare
    const streamId = newStreamId();
    const first = counterAppend(streamId, 0, increments(2), { response: { answer: 42 } });
    await store.append(first);

    // Act: the same command again, still believing the stream is new, and once more with other events
    const again = await store.append(first);
    const third = await store.append({ ...first, expectedVersion: 2, events: increments(5, 'other') });

    // Assess
    for (const replay of [again, third]) {
      expect(replay).toEqual({ firstVersion: 1, lastVersion: 2, replayed: true, response: { answer: 42 } });
    }
    expect(await store.readStream(ORG, streamId)).toHaveLength(2);
  });

  it('refuses a command id reused on another stream', async () => {
    // Prepare
    const first = counterAppend(newStreamId(), 0, increments(1));
    await store.append(first);
    const otherStream = newStreamId();

    // Act
    const reuse = store.append({ ...first, streamId: otherStream });

    // Assess
    await expect(reuse).rejects.toMatchObject({ name: 'CommandIdReusedError', status: 422 });
    expect(await store.readTip(ORG, otherStream)).toBeNull();
  });
});

describe('atomicity', () => {
  it('leaves nothing behind when one event of a multi-event append cannot be written', async () => {
    // Prepare: a stray item occupies version 4 while the tip still says 2
    const streamId = newStreamId();
    await store.append(counterAppend(streamId, 0, increments(2)));
    await tables.doc.send(
      new PutCommand({
        TableName: tables.eventsTableName,
        Item: { pk: `${ORG}#${streamId}`, sk: 4, kind: 'event', stray: true },
      }),
    );
    const append = counterAppend(streamId, 2, increments(3, 'late'));

    // Act
    const outcome = await store.append(append).catch((error) => error);

    // Assess
    expect(outcome).toBeInstanceOf(StreamVersionConflictError);
    expect(await rawItem(`${ORG}#${streamId}`, 3)).toBeUndefined();
    expect(await rawItem(`${ORG}#${streamId}`, 5)).toBeUndefined();
    expect((await store.readTip(ORG, streamId))?.version).toBe(2);
    expect(await store.getCommand(ORG, append.metadata.commandId)).toBeNull();
  });

  it('refuses appends over the action, item and transaction limits before writing anything', async () => {
    // Prepare
    const tooManyEvents = counterAppend(newStreamId(), 0, increments(DYNAMO_LIMITS.transactionActions - 1));
    const hugeItem = counterAppend(newStreamId(), 0, [
      { type: 'CounterIncremented', data: { by: 1, tag: 'x'.repeat(DYNAMO_LIMITS.itemBytes) } },
    ]);
    const hugeTransaction = counterAppend(
      newStreamId(),
      0,
      Array.from({ length: 14 }, () => ({
        type: 'CounterIncremented' as const,
        data: { by: 1, tag: 'y'.repeat(300 * 1024) },
      })),
    );

    // Act
    const outcomes = await Promise.all(
      [tooManyEvents, hugeItem, hugeTransaction].map((append) =>
        store.append(append).catch((error) => error),
      ),
    );

    // Assess
    expect(outcomes.map((outcome) => (outcome as AppendTooLargeError).limit)).toEqual([
      'actions',
      'itemBytes',
      'transactionBytes',
    ]);
    for (const [index, append] of [tooManyEvents, hugeItem, hugeTransaction].entries()) {
      expect(outcomes[index]).toBeInstanceOf(AppendTooLargeError);
      expect(outcomes[index]).toMatchObject({ status: 413 });
      expect(await store.readTip(ORG, append.streamId)).toBeNull();
      expect(await store.readStream(ORG, append.streamId)).toEqual([]);
      expect(await store.getCommand(ORG, append.metadata.commandId)).toBeNull();
    }
  });

  it('accepts the largest append that fits: 98 events in one transaction', async () => {
    // Prepare
    const streamId = newStreamId();

    // Act
    const result = await store.append(
      counterAppend(streamId, 0, increments(DYNAMO_LIMITS.transactionActions - 2)),
    );

    // Assess
    expect(result).toMatchObject({ firstVersion: 1, lastVersion: 98 });
    expect(await store.readStream(ORG, streamId)).toHaveLength(98);
  });

  it('sizes items as DynamoDB does: an item of exactly 400 KB is stored, one byte more is refused', async () => {
    // Prepare
    const withTag = (tag: string) => toStorableItem({ pk: `${ORG}#size`, sk: 1, tag });
    const overhead = estimateItemSize(withTag(''));
    const largest = withTag('z'.repeat(DYNAMO_LIMITS.itemBytes - overhead));
    const tooLarge = withTag('z'.repeat(DYNAMO_LIMITS.itemBytes - overhead + 1));

    // Act
    const put = (item: Record<string, unknown>) =>
      tables.doc.send(new PutCommand({ TableName: tables.eventsTableName, Item: item }));
    const stored = await put(largest).then(() => 'stored');
    const refused = await put(tooLarge).catch((error: Error) => error.message);

    // Assess
    expect(estimateItemSize(largest)).toBe(DYNAMO_LIMITS.itemBytes);
    expect(stored).toBe('stored');
    expect(refused).toMatch(/size has exceeded/i);
  });
});

describe('reading streams', () => {
  it('returns exactly the events recorded up to an as-of instant', async () => {
    // Prepare: one event per hour from 09:00
    const streamId = newStreamId();
    for (let version = 1; version <= 4; version += 1) {
      await store.append(
        counterAppend(streamId, version - 1, increments(1, `h${version}`), {
          metadata: {
            actor: ACTOR,
            commandId: newCommandId(),
            recordedAt: `2026-10-01T${String(8 + version).padStart(2, '0')}:00:00.000Z`,
          },
        }),
      );
    }
    const versionsAsOf = async (asOf: string | Date) =>
      (await store.readStream(ORG, streamId, { asOf })).map((event) => event.version);

    // Act / Assess
    expect(await versionsAsOf('2026-10-01T08:59:59.999Z')).toEqual([]);
    expect(await versionsAsOf('2026-10-01T09:00:00.000Z')).toEqual([1]);
    expect(await versionsAsOf('2026-10-01T10:59:59.999Z')).toEqual([1, 2]);
    expect(await versionsAsOf('2026-10-01T12:30:00+02:00')).toEqual([1, 2]);
    expect(await versionsAsOf(new Date('2026-10-01T11:00:00Z'))).toEqual([1, 2, 3]);
    expect(await versionsAsOf('2027-01-01T00:00:00Z')).toEqual([1, 2, 3, 4]);
  });

  it('pages through long streams and honours version ranges', async () => {
    // Prepare
    const streamId = newStreamId();
    await store.append(counterAppend(streamId, 0, increments(60)));

    // Act
    const all = await store.readStream<CounterEvent>(ORG, streamId, { pageSize: 7 });
    const middle = await store.readStream(ORG, streamId, { fromVersion: 10, toVersion: 25, pageSize: 4 });
    const tail = await store.readStream(ORG, streamId, { fromVersion: 58 });

    // Assess
    expect(all.map((event) => event.version)).toEqual(Array.from({ length: 60 }, (_, index) => index + 1));
    expect(all.map((event) => (event.type === 'CounterIncremented' ? event.data.tag : ''))).toEqual(
      Array.from({ length: 60 }, (_, index) => `t${index}`),
    );
    expect(middle.map((event) => event.version)).toEqual(
      Array.from({ length: 16 }, (_, index) => index + 10),
    );
    expect(tail.map((event) => event.version)).toEqual([58, 59, 60]);
  });

  it('pages past DynamoDB’s 1 MB page limit', async () => {
    // Prepare: 12 events of ~100 KB each, written in three appends
    const streamId = newStreamId();
    const bulky = (tag: string) =>
      Array.from({ length: 4 }, (_, index) => ({
        type: 'CounterIncremented' as const,
        data: { by: 1, tag: `${tag}${index}-${'b'.repeat(100 * 1024)}` },
      }));
    await store.append(counterAppend(streamId, 0, bulky('a')));
    await store.append(counterAppend(streamId, 4, bulky('b')));
    await store.append(counterAppend(streamId, 8, bulky('c')));

    // Act
    const events = await store.readStream(ORG, streamId);

    // Assess
    expect(events.map((event) => event.version)).toEqual(Array.from({ length: 12 }, (_, index) => index + 1));
  });
});

describe('cycles and tips', () => {
  it('lists the objective streams of a cycle, per organization, and keeps them listed on later appends', async () => {
    // Prepare
    const cycleId = `C${Date.now().toString(36)}`;
    const inCycle = [newStreamId('objective'), newStreamId('objective'), newStreamId('objective')];
    for (const streamId of inCycle)
      await store.append(counterAppend(streamId, 0, increments(1), { cycleId }));
    await store.append(
      counterAppend(newStreamId('objective'), 0, increments(1), { cycleId: `${cycleId}-next` }),
    );
    await store.append(
      counterAppend(newStreamId('objective'), 0, increments(1), { cycleId, org: 'other-org' }),
    );
    const [firstObjective] = inCycle;
    if (firstObjective === undefined) throw new Error('no stream');
    await store.append(counterAppend(firstObjective, 1, increments(1, 'later')));

    // Act
    const listed = await store.listCycleStreams(ORG, cycleId);

    // Assess
    expect(listed).toEqual([...inCycle].sort());
    expect((await store.readTip(ORG, firstObjective))?.cycleId).toBe(cycleId);
  });

  it('reads many tips in batches of 100, skipping streams that do not exist', async () => {
    // Prepare
    const streamIds = Array.from({ length: 105 }, () => newStreamId('batch'));
    for (const [index, streamId] of streamIds.entries()) {
      await store.append(counterAppend(streamId, 0, increments((index % 3) + 1)));
    }
    const missing = newStreamId('missing');

    // Act
    const tips = await store.batchReadTips(ORG, [...streamIds, missing, ...streamIds.slice(0, 5)]);

    // Assess
    expect(tips.size).toBe(105);
    expect(tips.has(missing)).toBe(false);
    for (const [index, streamId] of streamIds.entries()) {
      expect(tips.get(streamId)?.version).toBe((index % 3) + 1);
    }
  });

  it('reads many command records in one batch, leaving out the ids never applied', async () => {
    // Prepare
    const appends = Array.from({ length: 3 }, () => counterAppend(newStreamId('commands'), 0, increments(2)));
    for (const append of appends) await store.append(append);
    const applied = appends.map((append) => append.metadata.commandId);
    const neverApplied = newCommandId('never');

    // Act
    const records = await store.getCommands(ORG, [...applied, neverApplied, applied[0] ?? '']);

    // Assess
    expect([...records.keys()].sort()).toEqual([...applied].sort());
    for (const append of appends) {
      expect(records.get(append.metadata.commandId)).toEqual(
        await store.getCommand(ORG, append.metadata.commandId),
      );
    }
  });
});
