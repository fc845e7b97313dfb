// The budget of a sync on a 1,000-KR board (200 objectives × 5 KRs), counted by the Apps Script fakes:
// a pull and a push each take at most two HTTP calls, and every block of cells is read with one getValues
// and written with one setValues.
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type vm from 'node:vm';
import type { Board, ObjectiveView } from '@okr-ledger/api-contract';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildAddon } from '../../../addon/build.js';
import { columnNumber, DATA_START_ROW } from '../../../addon/src/core/columns.js';
import { createAppsScriptEnvironment } from '../../support/apps-script/index.js';
import { API_URL, FakeOkrApi } from './fake-api.js';
import { board, keyResultView, objectiveView } from './fixtures.js';

const OBJECTIVES = 200;
const KEY_RESULTS_PER_OBJECTIVE = 5;

function largeBoard(): Board {
  const objectives: ObjectiveView[] = Array.from({ length: OBJECTIVES }, (_, o) => {
    const id = `obj_budget${String(o).padStart(4, '0')}`;
    return objectiveView(id, {
      title: `Objective ${o}`,
      keyResults: Array.from({ length: KEY_RESULTS_PER_OBJECTIVE }, (_, k) =>
        keyResultView(`kr_budget${String(o).padStart(4, '0')}${k}`, id, { title: `Key result ${o}.${k}` }),
      ),
    });
  });
  return board(objectives);
}

let code = '';

beforeAll(async () => {
  const built = await buildAddon({ outDir: await mkdtemp(path.join(tmpdir(), 'okr-addon-budget-')) });
  code = await readFile(built.codePath, 'utf8');
});

describe('a 1,000-KR board', () => {
  it('pulls in one round of three requests (board, alignment, attention), pushes in two, one read and one write per block', () => {
    // Prepare
    const api = new FakeOkrApi(largeBoard());
    const env = createAppsScriptEnvironment({ fetch: api.handler });
    env.properties.document.setProperty('okrLedger.apiUrl', API_URL);
    env.properties.document.setProperty('okrLedger.organization', 'acme');
    const script = env.load(code) as vm.Context & Record<string, () => void>;

    // Act: pull (the Pull dialog's answer)
    script.pullWithOptions({ cycleId: '2026-Q4' });

    // Assess
    const editing = 'OKRs 2026-Q4';
    const data = '_okr_pull_2026-Q4';
    expect(env.ui.alerts).toEqual([]);
    expect(env.counters.fetchAll).toBe(1);
    expect(env.counters.httpRequests).toBe(3);
    expect(env.counters.sheet(editing)).toMatchObject({
      setValues: 1,
      getValues: 0,
      setValue: 0,
      getValue: 0,
    });
    expect(env.counters.sheet(data)).toMatchObject({ setValues: 1, getValues: 0 });
    const sheet = env.spreadsheet.getSheetByName(editing);
    if (sheet === null) throw new Error('no editing sheet');
    const rows = OBJECTIVES * (1 + KEY_RESULTS_PER_OBJECTIVE);
    expect(sheet.getLastRow()).toBe(DATA_START_ROW - 1 + rows);

    // Prepare: a check-in on every KR, typed straight into the sheet (one write, not counted below).
    const current = sheet.getRange(DATA_START_ROW, columnNumber('current'), rows, 1);
    const typed = sheet
      .inspect()
      .values(current.getA1Notation())
      .map(([value], index) => (index % (1 + KEY_RESULTS_PER_OBJECTIVE) === 0 ? [value ?? ''] : [70]));
    current.setValues(typed);
    env.counters.reset();

    // Act: push
    script.pushChanges();

    // Assess
    expect(env.ui.alerts).toEqual([]);
    const posts = api.requestsTo('/commands');
    expect(posts.map((post) => (post.json() as { commands: unknown[] }).commands.length)).toEqual([500, 500]);
    expect(env.counters.httpRequests).toBe(2);
    expect(env.counters.sheet(editing)).toMatchObject({
      getValues: 1,
      setValues: 1,
      setValue: 0,
      getValue: 0,
    });
    expect(env.counters.sheet(data)).toMatchObject({ getValues: 1, setValues: 1 });
    expect(env.ui.toasts.at(-1)?.message).toBe('1000 saved.');
    expect(api.board.objectives.every((o) => o.keyResults.every((kr) => kr.current === 70))).toBe(true);
  });
});
