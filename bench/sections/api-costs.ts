// DynamoDB requests and read/write units per API command and per read, counted on the API's own DynamoDB
// client while the request runs in process (`app.request`). Commands write to a cycle of their own so the
// boards stay as seeded; each is repeated on fresh targets to show the counts do not drift.
import { type ObjectiveCommandInput, streamIdOf } from '@okr-ledger/okr-domain';
import type { DynamoMeter, DynamoTally } from '../lib/dynamo-meter.js';
import { formatNumber } from '../lib/markdown.js';
import { median } from '../lib/stats.js';
import type { ApiCostRow, DynamoCost } from '../report/results.js';
import type { BenchDataset } from '../setup/dataset.js';
import type { BenchApi } from '../setup/bench-api.js';
import type { BenchStack } from '../setup/stack.js';
import {
  KEY_RESULTS_PER_OBJECTIVE,
  keyResultIdFor,
  objectiveCommands,
  objectiveIdFor,
} from '../setup/workload.js';

const CHECK_IN_REPEATS = 5;
const EDIT_REPEATS = 3;
const CREATE_REPEATS = 3;
const BATCH_REPEATS = 2;
const BATCH_OBJECTIVES = 20;
const READ_REPEATS = 2;
const MID_CYCLE_REASON = 'Targets re-baselined after the first month of data.';

export interface ApiCall {
  status: number;
  requestBytes: number;
  responseBytes: number;
  body: unknown;
}

type Request = (
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  headers?: Record<string, string>,
) => Promise<ApiCall>;

/** One in-process request with the admin's token, its byte sizes and JSON body. */
export function requester(api: BenchApi, token: string): Request {
  return async (method, path, body, headers = {}) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const response = await api.app.request(path, {
      method,
      headers: {
        ...headers,
        authorization: `Bearer ${token}`,
        ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(payload === undefined ? {} : { body: payload }),
    });
    const bytes = new Uint8Array(await response.arrayBuffer());
    const text = new TextDecoder().decode(bytes);
    if (response.status >= 400)
      throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 500)}`);
    return {
      status: response.status,
      requestBytes: payload === undefined ? 0 : Buffer.byteLength(payload),
      responseBytes: bytes.byteLength,
      body: text === '' ? null : (JSON.parse(text) as unknown),
    };
  };
}

export function toDynamoCost(
  tally: DynamoTally,
  tables: { eventsTableName: string; viewsTableName: string },
): DynamoCost {
  return {
    requests: tally.requests,
    eventsRequests: tally.byTable[tables.eventsTableName]?.requests ?? 0,
    viewsRequests: tally.byTable[tables.viewsTableName]?.requests ?? 0,
    readUnits: tally.readUnits,
    writeUnits: tally.writeUnits,
    billedReadUnits: tally.billedReadUnits,
    billedWriteUnits: tally.billedWriteUnits,
    byOperation: tally.byOperation,
  };
}

interface Sample {
  cost: DynamoCost;
  call: ApiCall;
}

/** Median of every figure over the repeats, flagged when the repeats disagree. */
function rowOf(name: string, route: string, samples: Sample[]): ApiCostRow {
  const first = samples[0];
  if (first === undefined) throw new Error(`${name}: no samples`);
  const pick = (figure: (sample: Sample) => number) => median(samples.map(figure));
  // Bytes may differ by a few digits between repeats (versions, progress figures); DynamoDB figures must not.
  const signature = (sample: Sample) => JSON.stringify(sample.cost);
  return {
    name,
    route,
    status: first.call.status,
    requests: pick((s) => s.cost.requests),
    eventsRequests: pick((s) => s.cost.eventsRequests),
    viewsRequests: pick((s) => s.cost.viewsRequests),
    readUnits: pick((s) => s.cost.readUnits),
    writeUnits: pick((s) => s.cost.writeUnits),
    billedReadUnits: pick((s) => s.cost.billedReadUnits),
    billedWriteUnits: pick((s) => s.cost.billedWriteUnits),
    byOperation: first.cost.byOperation,
    requestBytes: pick((s) => s.call.requestBytes),
    responseBytes: pick((s) => s.call.responseBytes),
    repeats: samples.length,
    varies: new Set(samples.map(signature)).size > 1,
  };
}

/** A batch whose commands were not all applied measured something else: stop rather than report it. */
function allApplied(sample: Sample, expected: number): Sample {
  const summary = (sample.call.body as { summary?: { applied?: number } } | null)?.summary;
  if (summary?.applied !== expected) {
    throw new Error(`a batch of ${expected} commands applied ${summary?.applied ?? 0}`);
  }
  return sample;
}

export interface ApiCostContext {
  stack: BenchStack;
  dataset: BenchDataset;
  api: BenchApi;
  meter: DynamoMeter;
  token: string;
}

export async function measureApiCosts(
  ctx: ApiCostContext,
): Promise<{ commands: ApiCostRow[]; reads: ApiCostRow[] }> {
  const { stack, dataset, meter } = ctx;
  const request = requester(ctx.api, ctx.token);
  const org = dataset.org;
  const base = `/v1/orgs/${org}`;
  const work = dataset.work;
  const measured = async (
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<Sample> => {
    const { tally, value } = await meter.measure(() => request(method, path, body, headers));
    return { cost: toDynamoCost(tally, stack.tables), call: value };
  };
  const versionOf = async (objectiveId: string) =>
    (await stack.store.readTip(org, streamIdOf.objective(objectiveId)))?.version ?? 0;
  const objectiveAt = (index: number) => {
    const objectiveId = work.objectiveIds[index];
    if (objectiveId === undefined) throw new Error(`the work cycle has no objective #${index}`);
    return objectiveId;
  };

  // Warm-up: the first request of a container reads the views pointer; measured requests reuse it.
  await request('GET', `${base}/cycles`);

  const checkIns: Sample[] = [];
  for (let index = 0; index < CHECK_IN_REPEATS; index += 1) {
    const keyResultId = keyResultIdFor(objectiveAt(index), 0);
    checkIns.push(
      await measured('POST', `${base}/key-results/${keyResultId}/check-ins`, {
        value: 40 + index,
        confidence: 'on_track',
        note: 'Weekly update from the sidebar.',
        // As the sidebar sends it: where the KR lives, from the last pull.
        objectiveId: objectiveAt(index),
        cycleId: work.cycleId,
      }),
    );
  }

  // As the sidebar sends it: an Idempotency-Key (the server derives the check-in id from it); then the same
  // again. And as an API client may send it, naming its own check-in id, which the write then claims.
  const keyedCheckIns: Sample[] = [];
  const replays: Sample[] = [];
  const namedCheckIns: Sample[] = [];
  for (let index = 0; index < CHECK_IN_REPEATS; index += 1) {
    const keyResultId = keyResultIdFor(objectiveAt(index), 1);
    const key = `bench-sidebar-${index}-${dataset.now.getTime()}`;
    const send = (named?: string) =>
      measured(
        'POST',
        `${base}/key-results/${keyResultId}/check-ins`,
        {
          value: 20 + index,
          confidence: 'on_track',
          note: 'Weekly update from the sidebar.',
          objectiveId: objectiveAt(index),
          cycleId: work.cycleId,
          commandId: named ?? key,
          ...(named === undefined ? {} : { checkInId: `chk_${named}` }),
        },
        { 'idempotency-key': named ?? key },
      );
    keyedCheckIns.push(await send());
    const replay = await send();
    if ((replay.call.body as { replayed?: boolean } | null)?.replayed !== true) {
      throw new Error('a check-in sent again with its Idempotency-Key was not answered as a replay');
    }
    replays.push(replay);
    namedCheckIns.push(await send(`bench-named-${index}-${dataset.now.getTime()}`));
  }

  const edits: Sample[] = [];
  for (let index = 0; index < EDIT_REPEATS; index += 1) {
    const objectiveId = objectiveAt(CHECK_IN_REPEATS + index);
    const command: ObjectiveCommandInput = {
      type: 'EditKeyResult',
      commandId: `bench-edit-${index}-${dataset.now.getTime()}`,
      expectedVersion: await versionOf(objectiveId),
      objectiveId,
      keyResultId: keyResultIdFor(objectiveId, 1),
      changes: { target: 110 },
      reason: MID_CYCLE_REASON,
    };
    edits.push(
      allApplied(
        await measured('POST', `${base}/cycles/${work.cycleId}/commands`, { commands: [command] }),
        1,
      ),
    );
  }

  const creates: Sample[] = [];
  for (let index = 0; index < CREATE_REPEATS; index += 1) {
    const objectiveId = objectiveIdFor('new', index);
    const commands = objectiveCommands(objectiveId, KEY_RESULTS_PER_OBJECTIVE, MID_CYCLE_REASON);
    creates.push(
      allApplied(
        await measured('POST', `${base}/cycles/${work.cycleId}/commands`, { commands }),
        commands.length,
      ),
    );
  }

  const batches: Sample[] = [];
  for (let round = 0; round < BATCH_REPEATS; round += 1) {
    const commands: ObjectiveCommandInput[] = [];
    for (let index = 0; index < BATCH_OBJECTIVES; index += 1) {
      const objectiveId = objectiveAt(index);
      const expectedVersion = await versionOf(objectiveId);
      for (let kr = 0; kr < KEY_RESULTS_PER_OBJECTIVE; kr += 1) {
        commands.push({
          type: 'EditKeyResult',
          commandId: `bench-batch-${round}-${index}-${kr}-${dataset.now.getTime()}`,
          expectedVersion,
          objectiveId,
          keyResultId: keyResultIdFor(objectiveId, kr),
          changes: { target: 150 + round },
          reason: MID_CYCLE_REASON,
        });
      }
    }
    batches.push(
      allApplied(
        await measured('POST', `${base}/cycles/${work.cycleId}/commands`, { commands }),
        commands.length,
      ),
    );
  }

  const commands = [
    rowOf(
      'check-in (no Idempotency-Key: id minted by the server)',
      'POST /key-results/{kr}/check-ins',
      checkIns,
    ),
    rowOf(
      'check-in as the sidebar sends it (Idempotency-Key; check-in id derived from it)',
      'POST /key-results/{kr}/check-ins',
      keyedCheckIns,
    ),
    rowOf('check-in sent again (replay: the first answer)', 'POST /key-results/{kr}/check-ins', replays),
    rowOf(
      'check-in naming its own check-in id (Idempotency-Key + checkInId: the id is claimed)',
      'POST /key-results/{kr}/check-ins',
      namedCheckIns,
    ),
    rowOf('KR edit (mid-cycle, with reason)', 'POST /cycles/{cycle}/commands × 1', edits),
    rowOf(`objective with ${KEY_RESULTS_PER_OBJECTIVE} KRs`, 'POST /cycles/{cycle}/commands × 6', creates),
    rowOf(
      `batch: ${BATCH_OBJECTIVES * KEY_RESULTS_PER_OBJECTIVE} KR edits over ${BATCH_OBJECTIVES} objectives`,
      `POST /cycles/{cycle}/commands × ${BATCH_OBJECTIVES * KEY_RESULTS_PER_OBJECTIVE}`,
      batches,
    ),
  ];

  const reads: ApiCostRow[] = [];
  const repeatRead = async (name: string, route: string, path: string) => {
    const samples: Sample[] = [];
    for (let index = 0; index < READ_REPEATS; index += 1) samples.push(await measured('GET', path));
    reads.push(rowOf(name, route, samples));
  };
  for (const board of dataset.boards) {
    await repeatRead(
      `board, ${formatNumber(board.keyResults)} KRs`,
      'GET /cycles/{cycle}/okrs',
      `${base}/cycles/${board.cycleId}/okrs`,
    );
  }
  const quarter = dataset.quarterBoard;
  await repeatRead(
    `board, ${quarter.keyResults} KRs × ${quarter.checkInsPerKeyResult} check-ins`,
    'GET /cycles/{cycle}/okrs',
    `${base}/cycles/${quarter.cycleId}/okrs`,
  );
  // What a sheet pull reads: the streams' tips rather than the views, so it includes every acknowledged write.
  for (const board of [...dataset.boards, quarter]) {
    const detail = board === quarter ? ` × ${quarter.checkInsPerKeyResult} check-ins` : '';
    await repeatRead(
      `board, consistent, ${formatNumber(board.keyResults)} KRs${detail}`,
      'GET /cycles/{cycle}/okrs?consistent=true',
      `${base}/cycles/${board.cycleId}/okrs?consistent=true`,
    );
  }
  await repeatRead(
    `KR history (${dataset.historyEvents} entries)`,
    'GET /key-results/{kr}/history',
    `${base}/key-results/${dataset.historyKeyResultId}/history`,
  );
  for (const board of dataset.boards) {
    await repeatRead(
      `grades, ${formatNumber(board.keyResults)} KRs`,
      'GET /cycles/{cycle}/grades',
      `${base}/cycles/${board.cycleId}/grades`,
    );
  }
  await repeatRead(
    `grades, ${quarter.keyResults} KRs × ${quarter.checkInsPerKeyResult} check-ins`,
    'GET /cycles/{cycle}/grades',
    `${base}/cycles/${quarter.cycleId}/grades`,
  );
  return { commands, reads };
}
