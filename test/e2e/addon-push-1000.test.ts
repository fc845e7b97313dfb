// A 1,000-cell push from the BUILT add-on to the real local stack: a planning cycle with 200 objectives × 5
// KRs (seeded through the batch API), pulled into the sheet; 1,000 Target cells pasted over, 10 of them with
// numbers only the server refuses (a target below the start of an increase, a target equal to the start).
// The push takes two HTTP calls; 990 changes are saved and the 10 refusals sit as notes on their cells.
// Then a push whose 500-command boundary falls inside one objective's commands, which must not conflict
// with itself.
import type { BatchResponse, Board, ObjectiveView } from '@okr-ledger/api-contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { columnNumber, DATA_START_ROW } from '../../addon/src/core/columns.js';
import { COLORS } from '../../addon/src/core/sheet-plan.js';
import { DEMO } from '../../functions/local/src/seed.js';
import type { CellValue, FakeSheet } from '../support/apps-script/index.js';
import { type AddonSession, buildAddonBundle, openSpreadsheet } from './support/addon-session.js';
import { cellAt, editingRows, typeInto } from './support/editing-sheet.js';
import { type LocalStack, startLocalStack } from './support/local-stack.js';
import { eventually, StackApi } from './support/stack-api.js';

const CYCLE = '2027-Q1';
const EDITING = `OKRs ${CYCLE}`;
const OBJECTIVES = 200;
const KEY_RESULTS_PER_OBJECTIVE = 5;
const KEY_RESULTS = OBJECTIVES * KEY_RESULTS_PER_OBJECTIVE;
const SEED_START = 0;
const SEED_TARGET = 100;
const BATCH_LIMIT = 500;

const pad = (n: number) => String(n).padStart(3, '0');
const objectiveId = (o: number) => `obj_push1000_${pad(o)}`;
const keyResultId = (o: number, k: number) => `kr_push1000_${pad(o)}_${k}`;

/** The 10 KRs (by index 0–999) whose new target the server refuses, and what is typed there. */
const REFUSED = new Map<number, number>([
  [7, -10],
  [104, -5],
  [233, -1],
  [389, -20],
  [498, -0.5],
  [501, SEED_START],
  [640, SEED_START],
  [777, SEED_START],
  [905, SEED_START],
  [999, SEED_START],
]);
/** A valid new target for KR `index`: above the start, different from the seeded one. */
const newTarget = (index: number) => 110 + (index % 40);
const typedTarget = (index: number) => REFUSED.get(index) ?? newTarget(index);

let stack: LocalStack;
let session: AddonSession;
let api: StackApi;

function seedCommands(): unknown[] {
  return Array.from({ length: OBJECTIVES }, (_, o) => [
    {
      type: 'CreateObjective',
      commandId: `seed-push1000-${pad(o)}`,
      objectiveId: objectiveId(o),
      definition: {
        title: `Grow the business in market ${pad(o)}`,
        owner: DEMO.editor,
        team: `Team ${o % 8}`,
      },
    },
    ...Array.from({ length: KEY_RESULTS_PER_OBJECTIVE }, (_, k) => ({
      type: 'AddKeyResult',
      commandId: `seed-push1000-${pad(o)}-${k}`,
      objectiveId: objectiveId(o),
      keyResultId: keyResultId(o, k),
      definition: {
        title: `Increase measure ${k} of market ${pad(o)} from 0 to 100`,
        owner: DEMO.editor,
        type: 'increase',
        start: SEED_START,
        target: SEED_TARGET,
        unit: 'points',
      },
    })),
  ]).flat();
}

/** The board view (what a pull reads; it lags a write by the projector's poll). */
const board = () => api.get<Board>(`/cycles/${CYCLE}/okrs`);
/** The board folded from the events as of now: what the server holds, with no projector in between. */
const boardFromEvents = () => api.get<Board>(`/cycles/${CYCLE}/okrs`, { asOf: new Date().toISOString() });

function keyResultRows(sheet: FakeSheet) {
  return editingRows(sheet).filter((row) => row.kind === 'Key result');
}

/** The Target column of every data row, replaced by `targetOf` on KR rows: one paste, as a person would. */
function pasteTargets(
  sheet: FakeSheet,
  targetOf: (index: number, id: string) => CellValue | undefined,
): number {
  const rows = editingRows(sheet);
  const column = sheet.getRange(DATA_START_ROW, columnNumber('target'), rows.length, 1);
  let keyResultIndex = -1;
  let changed = 0;
  const pasted = rows.map((row) => {
    if (row.kind !== 'Key result') return [row.target];
    keyResultIndex += 1;
    const typed = targetOf(keyResultIndex, String(row.id));
    if (typed === undefined) return [row.target];
    changed += 1;
    return [typed];
  });
  column.setValues(pasted);
  return changed;
}

function posted(from: number): { commands: { type: string; objectiveId: string }[] }[] {
  return session.env.fetchLog
    .slice(from)
    .filter((entry) => entry.method === 'POST' && entry.url.endsWith(`/cycles/${CYCLE}/commands`))
    .map((entry) => JSON.parse(entry.payload ?? '{}'));
}

beforeAll(async () => {
  const [started, built] = await Promise.all([startLocalStack(), buildAddonBundle()]);
  stack = started;
  const [adminToken, editorToken] = await Promise.all([stack.token(DEMO.admin), stack.token(DEMO.editor)]);
  api = new StackApi(stack.url, DEMO.org, adminToken);
  await api.post('/cycles', { cycleId: CYCLE, startsOn: '2027-01-01', endsOn: '2027-03-31' });
  // 1,200 commands (200 creations, 1,000 KRs) in batches of the API's limit.
  const commands = seedCommands();
  for (let start = 0; start < commands.length; start += BATCH_LIMIT) {
    const response = await api.post<BatchResponse>(`/cycles/${CYCLE}/commands`, {
      commands: commands.slice(start, start + BATCH_LIMIT),
    });
    if (response.summary.applied !== response.results.length)
      throw new Error(`seeding refused: ${JSON.stringify(response.summary)}`);
  }
  await eventually(
    board,
    (b) =>
      b.objectives.length === OBJECTIVES &&
      b.objectives.every((o) => o.keyResults.length === KEY_RESULTS_PER_OBJECTIVE),
    'the seeded board in the views',
    60_000,
  );
  session = openSpreadsheet(built, { email: DEMO.editor, token: editorToken });
  const { env, script } = session;
  env.ui.queuePromptResponse(stack.url);
  env.ui.queuePromptResponse(DEMO.org);
  script.connect();
  if (env.ui.alerts.at(-1)?.title !== 'Connected')
    throw new Error(`connect failed: ${JSON.stringify(env.ui.alerts.at(-1))}`);
}, 150_000);

afterAll(async () => {
  await session?.dispose();
  await stack?.stop();
});

describe('a 1,000-KR board pushed from the sheet', () => {
  it('pulls 200 objectives × 5 KRs with one call for the board', async () => {
    // Prepare
    const { env, script } = session;
    const server = await board();
    env.counters.reset();
    // Act: the Pull dialog's answer — not the active demo cycle
    script.pullWithOptions({ cycleId: CYCLE });

    // Assess
    const sheet = session.sheet(EDITING);
    const rows = editingRows(sheet);
    expect(rows).toHaveLength(OBJECTIVES * (1 + KEY_RESULTS_PER_OBJECTIVE));
    expect(rows.map((row) => [row.id, row.parent, row.target, row.version])).toEqual(
      server.objectives.flatMap((o) => [
        [o.id, '', '', o.version],
        ...o.keyResults.map((kr) => [kr.id, o.id, SEED_TARGET, o.version]),
      ]),
    );
    expect(new Set(rows.map((row) => row.id))).toEqual(
      new Set(
        Array.from({ length: OBJECTIVES }, (_, o) => [
          objectiveId(o),
          ...Array.from({ length: KEY_RESULTS_PER_OBJECTIVE }, (_, k) => keyResultId(o, k)),
        ]).flat(),
      ),
    );
    // One fetchAll: the board, its alignment view (teams and parents), and the members for an admin.
    expect(env.counters.httpRequests).toBeLessThanOrEqual(3);
    expect(env.ui.toasts.at(-1)?.message).toBe(
      `${OBJECTIVES} objectives, ${KEY_RESULTS} key results (planning; every team and owner).`,
    );
  });

  it('pushes 1,000 pasted targets in two calls: 990 saved, the 10 the server refuses noted on their cells', async () => {
    // Prepare
    const { env, script } = session;
    const sheet = session.sheet(EDITING);
    const edited = pasteTargets(sheet, (index) => typedTarget(index));
    expect(edited).toBe(KEY_RESULTS);
    env.counters.reset();
    const mark = env.fetchLog.length;
    const alerts = env.ui.alerts.length;

    // Act
    script.pushChanges();

    // Assess: two requests of 500 commands, one read and one write per sheet
    expect(env.counters.httpRequests).toBeLessThanOrEqual(2);
    expect(posted(mark).map((body) => body.commands.length)).toEqual([500, 500]);
    expect(env.counters.sheet(EDITING)).toMatchObject({
      getValues: 1,
      setValues: 1,
      getValue: 0,
      setValue: 0,
    });
    expect(env.counters.sheet(`_okr_pull_${CYCLE}`)).toMatchObject({ getValues: 1, setValues: 1 });
    const [report] = session.alertsSince(alerts);
    expect(report?.title).toBe('Pushed with problems');
    expect(report?.prompt).toContain('990 saved, 10 refused');

    // Assess: each KR row — refused ones keep the typed number, red, with the server's reason as a note
    const rows = keyResultRows(sheet);
    const refusedRows = rows.filter((_, index) => REFUSED.has(index));
    expect(refusedRows.map((row) => row.target)).toEqual([...REFUSED.values()]);
    for (const row of refusedRows) {
      const target = cellAt(sheet, row.row, 'target');
      expect(target.note, `note on row ${row.row}`).toMatch(
        Number(row.target) < SEED_START
          ? /^Not saved: the numbers go down, so the type is decrease/
          : /^Not saved: start and target must differ/,
      );
      expect(target.format.background).toBe(COLORS.error);
    }
    const savedRows = rows.filter((_, index) => !REFUSED.has(index));
    expect(savedRows).toHaveLength(990);
    expect(savedRows.every((row) => cellAt(sheet, row.row, 'target').note === '')).toBe(true);
    expect(savedRows.map((row) => row.target)).toEqual(
      Array.from({ length: KEY_RESULTS }, (_, index) => index)
        .filter((index) => !REFUSED.has(index))
        .map(newTarget),
    );

    // Assess: the server saved exactly the 990 and nothing of the 10
    const server = await boardFromEvents();
    const targets = new Map(server.objectives.flatMap((o) => o.keyResults).map((kr) => [kr.id, kr.target]));
    rows.forEach((row, index) => {
      expect(targets.get(String(row.id)), String(row.id)).toBe(
        REFUSED.has(index) ? SEED_TARGET : newTarget(index),
      );
    });
    const versions = new Map(server.objectives.map((o) => [o.id, o.version]));
    for (const row of savedRows) expect(row.version).toBe(versions.get(String(row.parent)));
  });

  it('never splits one objective’s commands across two requests, so a long push does not conflict with itself', async () => {
    // Prepare: the person fixes the refused targets with valid numbers, retitles the first objective and
    // pastes targets for the first 100 objectives: 506 commands, where a cut after 500 would fall inside
    // the hundredth objective.
    const { env, script } = session;
    const sheet = session.sheet(EDITING);
    const before = await boardFromEvents();
    const firstObjective = editingRows(sheet)[0];
    if (firstObjective === undefined) throw new Error('no rows in the editing sheet');
    typeInto(sheet, firstObjective.row, 'title', 'Grow the business in our first market');
    const secondTarget = (index: number) => 150 + (index % 7);
    const edited = pasteTargets(sheet, (index) =>
      index < 500 ? secondTarget(index) : REFUSED.has(index) ? newTarget(index) : undefined,
    );
    expect(edited).toBe(505);
    env.counters.reset();
    const mark = env.fetchLog.length;
    const alerts = env.ui.alerts.length;

    // Act
    script.pushChanges();

    // Assess: every command saved; each objective's commands travelled in one request
    expect(session.alertsSince(alerts)).toEqual([]);
    expect(env.ui.toasts.at(-1)).toMatchObject({ message: '506 saved.' });
    const bodies = posted(mark);
    expect(env.counters.httpRequests).toBe(2);
    expect(bodies.map((body) => body.commands.length)).toEqual([496, 10]);
    const requestsOf = new Map<string, Set<number>>();
    bodies.forEach((body, request) => {
      for (const command of body.commands) {
        requestsOf.set(command.objectiveId, (requestsOf.get(command.objectiveId) ?? new Set()).add(request));
      }
    });
    expect([...requestsOf.values()].every((requests) => requests.size === 1)).toBe(true);
    const rows = keyResultRows(sheet);
    expect(rows.every((row) => cellAt(sheet, row.row, 'target').note === '')).toBe(true);

    // Assess: the server has them all, and the sheet its versions
    const server = await boardFromEvents();
    const targets = new Map(server.objectives.flatMap((o) => o.keyResults).map((kr) => [kr.id, kr.target]));
    rows.forEach((row, index) => {
      const expected = index < 500 ? secondTarget(index) : newTarget(index);
      expect(targets.get(String(row.id)), String(row.id)).toBe(expected);
      expect(row.target).toBe(expected);
    });
    const objectives = new Map<string, ObjectiveView>(server.objectives.map((o) => [o.id, o]));
    const first = objectives.get(String(firstObjective.id));
    expect(first?.title).toBe('Grow the business in our first market');
    expect(first?.version).toBe(
      (before.objectives.find((o) => o.id === firstObjective.id)?.version ?? 0) +
        1 +
        KEY_RESULTS_PER_OBJECTIVE,
    );
    expect(
      editingRows(sheet).every(
        (row) =>
          row.version === objectives.get(String(row.kind === 'Objective' ? row.id : row.parent))?.version,
      ),
    ).toBe(true);
  });
});
