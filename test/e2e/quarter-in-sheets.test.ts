// A whole quarter without leaving Sheets: the BUILT add-on in the Apps Script fakes' vm, UrlFetchApp doing
// real HTTP to the local stack (`npm start`, DynamoDB Local underneath), the demo organization's admin at
// the keyboard. Create and activate a cycle, plan it (objectives, KRs, initiatives, progress modes), check
// in over several dates, change a target with a reason, correct a check-in, look at the board as of a past
// instant and compare two instants, close, override a grade with a reason, reopen with a reason, add a late
// check-in, close again, and read the grades into a report with OKR_GRADE; then members, and what an
// editor and a viewer are offered and refused. Every write goes through the add-on's entry points (the menu
// items and the targets its dialogs call); the test reads the server only to assert what it holds.
import type {
  Board,
  ChangesResponse,
  CycleListResponse,
  CycleView,
  GradesReport,
  KeyResultHistory,
  KeyResultView,
  ObjectiveView,
} from '@okr-ledger/api-contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewCycleDefaults } from '../../addon/src/core/cycle-life.js';
import { HISTORY_HEADERS } from '../../addon/src/core/reports/history.js';
import { COLORS } from '../../addon/src/core/sheet-plan.js';
import { DEMO } from '../../functions/local/src/seed.js';
import type { CellValue } from '../support/apps-script/index.js';
import {
  type AddonSession,
  type BuiltAddon,
  buildAddonBundle,
  openSpreadsheet,
  plain,
} from './support/addon-session.js';
import { cellAt, editingRows, firstBlankRow, rowOfId, typeInto, typeRow } from './support/editing-sheet.js';
import { type LocalStack, startLocalStack } from './support/local-stack.js';
import { eventually, StackApi } from './support/stack-api.js';

const CYCLE = 'E2E-Q';
const EDITING = `OKRs ${CYCLE}`;
const DAY_MS = 86_400_000;
const dayOffset = (days: number) => new Date(Date.now() + days * DAY_MS).toISOString().slice(0, 10);
const STARTS_ON = dayOffset(-50);
const ENDS_ON = dayOffset(40);
/** The days the three weekly-ish check-ins are true for, and the late one typed after the reopening. */
const CHECK_IN_DAYS = [dayOffset(-40), dayOffset(-30), dayOffset(-20)];
const LATE_DAY = dayOffset(-16);

let stack: LocalStack;
let built: BuiltAddon;
let session: AddonSession;
let admin: StackApi;
const tokens = { admin: '', editor: '', viewer: '' };

/** Ids the plan received, read back from the sheet's hidden Id column. */
const ids = { objective: '', retention: '', churned: '', winBacks: '', campaign: '', dashboard: '' };
/** Instants captured between steps: the board "as of" them is what the quarter looked like then. */
const instants = { afterFirstCheckIns: '', afterCorrection: '' };

const board = () => admin.get<Board>(`/cycles/${CYCLE}/okrs`, { consistent: 'true' });
const cycle = () => admin.get<CycleView>(`/cycles/${CYCLE}`);
const grades = () => admin.get<GradesReport>(`/cycles/${CYCLE}/grades`);
const audit = () => admin.get<ChangesResponse>(`/cycles/${CYCLE}/changes`);
const history = (kr: string) => admin.get<KeyResultHistory>(`/key-results/${kr}/history`);

function objectiveOf(current: Board): ObjectiveView {
  const found = current.objectives.find((objective) => objective.id === ids.objective);
  if (found === undefined) throw new Error(`the server has no objective ${ids.objective}`);
  return found;
}

function keyResultOf(current: Board, id: string): KeyResultView {
  const found = objectiveOf(current).keyResults.find((kr) => kr.id === id);
  if (found === undefined) throw new Error(`the server has no key result ${id}`);
  return found;
}

function fetchedPaths(from: number): string[] {
  return session.env.fetchLog
    .slice(from)
    .map((entry) => `${entry.method} ${new URL(entry.url).pathname.replace(`/v1/orgs/${DEMO.org}`, '')}`);
}

/** Every value of a sheet, read without counting as the add-on's calls. */
const valuesOf = (name: string) => session.sheet(name).inspect().values();

/** The rows of a report sheet (from row 3) whose column `column` (0-based) holds `value`. */
function reportRow(name: string, column: number, value: string): CellValue[] {
  const found = valuesOf(name).find((row, index) => index >= 2 && row[column] === value);
  if (found === undefined) throw new Error(`no row with ${value} in ${name}`);
  return found;
}

function pushEditing(): void {
  session.sheet(EDITING).activate();
  session.script.pushChanges();
}

/** Types one check-in per KR (value and the day it is true for) and pushes them. */
function checkIn(values: Record<string, number>, day: string): void {
  const sheet = session.sheet(EDITING);
  for (const [id, value] of Object.entries(values)) {
    const { row } = rowOfId(sheet, id);
    typeInto(sheet, row, 'current', value);
    typeInto(sheet, row, 'effectiveDate', day);
  }
  pushEditing();
}

beforeAll(async () => {
  const [started, bundle] = await Promise.all([startLocalStack(), buildAddonBundle()]);
  stack = started;
  built = bundle;
  [tokens.admin, tokens.editor, tokens.viewer] = await Promise.all([
    stack.token(DEMO.admin),
    stack.token(DEMO.editor),
    stack.token(DEMO.viewer),
  ]);
  admin = new StackApi(stack.url, DEMO.org, tokens.admin);
  session = openSpreadsheet(built, { email: DEMO.admin, token: tokens.admin });
}, 150_000);

afterAll(async () => {
  await session?.dispose();
  await stack?.stop();
});

describe('a whole quarter played from the built add-on alone', () => {
  it('connects the admin: every admin item in the menu, and a Getting started sheet that matches it', () => {
    const { env, script } = session;
    env.ui.queuePromptResponse(stack.url);
    env.ui.queuePromptResponse(DEMO.org);

    script.connect();

    expect(env.ui.alerts.at(-1)?.title).toBe('Connected');
    for (const caption of ['New cycle…', 'Activate cycle', 'Close cycle…', 'Reopen cycle…', 'Members'])
      expect(env.ui.menuFunction(null, caption), caption).not.toBeNull();
    const page = valuesOf('Getting started').map((row) => String(row[0]));
    expect(page[1]).toBe(`Connected to ${DEMO.org} as ${DEMO.admin} (admin).`);
    const menu = env.ui.menus[0]?.items.flatMap((item) => (item.kind === 'item' ? [item.caption] : [])) ?? [];
    // Every menu item has its line on the page.
    expect(menu.filter((caption) => !page.includes(caption))).toEqual([]);
  });

  it('creates the cycle from the New cycle dialog, proposed after the last cycle, in planning', async () => {
    const { env, script } = session;
    const { cycles } = await admin.get<CycleListResponse>('/cycles');
    const last = [...cycles].sort((a, b) => a.endsOn.localeCompare(b.endsOn)).at(-1);

    script.openNewCycle();
    const defaults = plain(script.loadNewCycleDefaults()) as NewCycleDefaults;
    const answer = plain(
      script.createCycle({
        cycleId: CYCLE,
        title: 'A quarter in Sheets',
        startsOn: STARTS_ON,
        endsOn: ENDS_ON,
        timeZone: 'Europe/Berlin',
      }),
    ) as { message: string };

    expect(env.ui.dialogs.at(-1)?.title).toBe('New cycle');
    const dayAfterLast = new Date(Date.parse(`${last?.endsOn}T00:00:00Z`) + DAY_MS)
      .toISOString()
      .slice(0, 10);
    expect(defaults).toMatchObject({ startsOn: dayAfterLast, timeZone: last?.timeZone });
    expect(defaults.existing).toEqual(cycles.map((c) => c.id));
    expect(answer.message).toContain(`${CYCLE} (${STARTS_ON} → ${ENDS_ON}, Europe/Berlin) is in planning`);
    expect(await cycle()).toMatchObject({
      id: CYCLE,
      title: 'A quarter in Sheets',
      startsOn: STARTS_ON,
      endsOn: ENDS_ON,
      timeZone: 'Europe/Berlin',
      status: 'planning',
    });
  });

  it('plans the quarter in the sheet: an objective blended from KRs and initiatives, a KR driven by initiatives', async () => {
    const { env, script } = session;
    script.pullWithOptions({ cycleId: CYCLE, team: '', owner: '' });
    const sheet = session.sheet(EDITING);
    const first = firstBlankRow(sheet);
    typeRow(sheet, first, {
      kind: 'Objective',
      title: 'Win back the mid-market customers we lost',
      owner: DEMO.admin,
      // Picked by name from the Team dropdown; the push sends the team's id.
      team: 'Data',
      type: 'aspirational',
      progressFrom: 'blended',
      blendShare: '40%',
    });
    typeRow(sheet, first + 1, {
      kind: 'Key result',
      title: 'Raise net revenue retention from 95% to 105%',
      type: 'increase',
      start: 95,
      target: 105,
      unit: '%',
    });
    typeRow(sheet, first + 2, {
      kind: 'Key result',
      title: 'Reduce churned accounts from 40 to 20 per quarter',
      type: 'decrease',
      start: 40,
      target: 20,
      unit: 'accounts',
    });
    typeRow(sheet, first + 3, {
      kind: 'Key result',
      title: 'Grow product-qualified win-backs from 0 to 30',
      type: 'increase',
      start: 0,
      target: 30,
      unit: 'accounts',
      progressFrom: 'initiatives',
    });
    typeRow(sheet, first + 4, {
      kind: 'Initiative',
      title: 'Win-back campaign for churned accounts',
      type: 'in progress',
      current: 50,
      servesKr: 'Grow product-qualified win-backs from 0 to 30',
    });
    typeRow(sheet, first + 5, { kind: 'Initiative', title: 'Churn-risk dashboard', type: 'planned' });
    const alerts = env.ui.alerts.length;

    pushEditing();

    expect(session.alertsSince(alerts)).toEqual([]);
    expect(env.ui.toasts.at(-1)?.message).toBe('6 saved.');
    const rows = editingRows(sheet);
    const planned = rows.slice(0, 6).map((row) => String(row.id));
    ids.objective = planned[0] ?? '';
    ids.retention = planned[1] ?? '';
    ids.churned = planned[2] ?? '';
    ids.winBacks = planned[3] ?? '';
    ids.campaign = planned[4] ?? '';
    ids.dashboard = planned[5] ?? '';
    const current = await board();
    const objective = objectiveOf(current);
    expect(objective).toMatchObject({ progressMode: 'blended', blendShare: 0.4, team: 'team_data' });
    expect(objective.keyResults.map((kr) => [kr.id, kr.progressSource])).toEqual([
      [ids.retention, 'check_ins'],
      [ids.churned, 'check_ins'],
      [ids.winBacks, 'initiatives'],
    ]);
    expect(objective.initiatives.map((i) => [i.id, i.keyResultId, i.status, i.percentComplete])).toEqual([
      [ids.campaign, ids.winBacks, 'in_progress', 50],
      [ids.dashboard, null, 'planned', 0],
    ]);
    // The KR driven by initiatives takes their progress: one at 50% serves it.
    expect(keyResultOf(current, ids.winBacks).progress).toBeCloseTo(0.5, 10);
    // The sheet shows the modes as the server has them, each row kind with its own dropdown.
    const dropdown = (id: string) =>
      cellAt(sheet, rowOfId(sheet, id).row, 'progressFrom').validation?.criteriaValues[0];
    expect(dropdown(ids.objective)).toEqual(['key results', 'initiatives', 'blended']);
    expect(dropdown(ids.winBacks)).toEqual(['check ins', 'initiatives']);
    expect(rows.slice(0, 4).map((row) => [row.progressFrom, row.blendShare])).toEqual([
      ['blended', 0.4],
      ['check ins', ''],
      ['check ins', ''],
      ['initiatives', ''],
    ]);
  });

  it('activates the cycle after a confirmation that says definition changes now need a reason', async () => {
    const { env, script } = session;
    session.sheet(EDITING).activate();
    env.ui.queueAlertResponse('YES');
    const alerts = env.ui.alerts.length;
    const mark = env.fetchLog.length;

    script.activateCycle();

    const shown = session.alertsSince(alerts);
    expect(shown.map((alert) => alert.title)).toEqual([`Activate ${CYCLE}?`, 'Cycle activated']);
    expect(shown[0]?.prompt).toContain('From now on, definition changes');
    expect(shown[0]?.prompt).toContain('need a reason');
    // The cycle's sheet is pulled again, so it shows the new status and asks for reasons as the server will.
    expect(fetchedPaths(mark)).toEqual([
      'GET /cycles',
      `POST /cycles/${CYCLE}/activate`,
      `GET /cycles/${CYCLE}/okrs`,
      `GET /cycles/${CYCLE}/alignment`,
      `GET /cycles/${CYCLE}/attention`,
      'GET /members',
    ]);
    expect(String(session.sheet(EDITING).inspect().values('A1')[0]?.[0])).toContain('active');
    expect((await cycle()).status).toBe('active');
  });

  it('checks in over several dates from the sheet, each with the day it is true for', async () => {
    checkIn({ [ids.retention]: 97, [ids.churned]: 36 }, CHECK_IN_DAYS[0] ?? '');
    instants.afterFirstCheckIns = new Date().toISOString();
    checkIn({ [ids.retention]: 99, [ids.churned]: 32 }, CHECK_IN_DAYS[1] ?? '');
    checkIn({ [ids.retention]: 101, [ids.churned]: 30 }, CHECK_IN_DAYS[2] ?? '');

    const timeline = await eventually(
      () => history(ids.retention),
      (h) => h.entries.filter((entry) => entry.eventType === 'CheckInRecorded').length === 3,
      'three check-ins in the history',
    );
    const checkIns = timeline.entries.filter((entry) => entry.eventType === 'CheckInRecorded');
    expect(checkIns.map((entry) => [entry.value, entry.effectiveAt?.slice(0, 10)])).toEqual([
      [97, CHECK_IN_DAYS[0]],
      [99, CHECK_IN_DAYS[1]],
      [101, CHECK_IN_DAYS[2]],
    ]);
    const current = await board();
    expect(keyResultOf(current, ids.retention)).toMatchObject({ current: 101, checkInCount: 3 });
    const row = rowOfId(session.sheet(EDITING), ids.retention);
    expect(row).toMatchObject({ current: 101, effectiveDate: '' });
    expect(row.progress).toBeCloseTo(keyResultOf(current, ids.retention).progress, 10);
  });

  it('holds back a target change without a reason, then saves it with one as a mid-cycle change', async () => {
    const { env } = session;
    const sheet = session.sheet(EDITING);
    const { row } = rowOfId(sheet, ids.retention);
    typeInto(sheet, row, 'target', 108);
    const alerts = env.ui.alerts.length;

    pushEditing();

    expect(session.alertsSince(alerts).map((alert) => `${alert.title}: ${alert.prompt}`)).toEqual([
      expect.stringMatching(/^Nothing pushed: .*reason/is),
    ]);
    expect(keyResultOf(await board(), ids.retention).target).toBe(105);

    typeInto(sheet, row, 'reason', 'Two enterprise renewals landed early');
    pushEditing();

    expect(keyResultOf(await board(), ids.retention).target).toBe(108);
    const changes = await eventually(
      audit,
      (a) => a.entries.some((entry) => entry.kind === 'definition_change'),
      'the target change in the audit',
    );
    const change = changes.entries.find(
      (entry) => entry.kind === 'definition_change' && entry.keyResultId === ids.retention,
    );
    expect(change).toMatchObject({
      field: 'target',
      before: 105,
      after: 108,
      reason: 'Two enterprise renewals landed early',
    });
  });

  it('corrects a check-in from the KR history sheet: a correction with its reason beside the original', async () => {
    const { env, script } = session;
    const sheet = session.sheet(EDITING);
    env.spreadsheet.setActiveRange(sheet.getRange(`B${rowOfId(sheet, ids.retention).row}`));
    script.showKeyResultHistory();
    const before = await history(ids.retention);
    const original = before.entries.find((entry) => entry.value === 99 && entry.checkInId !== null);
    const checkInColumn = HISTORY_HEADERS.indexOf('Check-in');
    const historyRow =
      valuesOf('KR history').findIndex((row) => row[checkInColumn] === original?.checkInId) + 1;
    const historySheet = session.sheet('KR history');
    env.spreadsheet.setActiveRange(historySheet.getRange(`A${historyRow}`));

    script.openCorrection();
    const context = plain(script.loadCorrectionContext()) as { value: number; checkInId: string };
    script.submitCorrection({
      value: '100',
      note: 'Recounted from the billing export',
      reason: 'The export double-counted one account',
    });
    instants.afterCorrection = new Date().toISOString();

    expect(env.ui.dialogs.at(-1)?.title).toBe('Correct this check-in');
    expect(context).toMatchObject({ value: 99, checkInId: original?.checkInId });
    const after = await history(ids.retention);
    const correction = after.entries.find((entry) => entry.eventType === 'CheckInCorrected');
    expect(correction).toMatchObject({
      value: 100,
      corrects: original?.checkInId,
      reason: 'The export double-counted one account',
      effectiveAt: original?.effectiveAt,
    });
    // The original is kept, not edited, and names its correction.
    expect(after.entries.find((entry) => entry.checkInId === original?.checkInId)).toMatchObject({
      value: 99,
      correctedBy: correction?.checkInId,
    });
    // The history sheet was laid out again: the original greyed beside its correction.
    const laidOut = valuesOf('KR history');
    const originalRow = laidOut.findIndex((row) => row[checkInColumn] === original?.checkInId) + 1;
    expect(historySheet.inspect().cell(`A${originalRow}`).format.fontColor).toBe(COLORS.muted);
    expect(
      laidOut.some((row) => row[checkInColumn] === correction?.checkInId && row[9] === correction?.reason),
    ).toBe(true);
    const corrections = await eventually(
      audit,
      (a) => a.entries.some((e) => e.kind === 'correction'),
      'the correction in the audit',
    );
    const entry = corrections.entries.find((e) => e.kind === 'correction');
    expect(entry).toMatchObject({
      keyResultId: ids.retention,
      reason: 'The export double-counted one account',
    });
  });

  it('lays out the board as of a past instant, read-only and titled with the instant', async () => {
    const { env, script } = session;
    script.openBoardAsOf();
    const options = plain(script.loadPastOptions()) as { cycles: { id: string }[] };
    script.showBoardAsOf({ cycleId: CYCLE, asOf: instants.afterFirstCheckIns });

    expect(env.ui.dialogs.at(-1)?.title).toBe('Board as of…');
    expect(options.cycles.map((c) => c.id)).toContain(CYCLE);
    const then = await admin.get<Board>(`/cycles/${CYCLE}/okrs`, { asOf: instants.afterFirstCheckIns });
    const name = `Board ${CYCLE} as of`;
    const title = String(valuesOf(name)[0]?.[0]);
    expect(title).toContain(then.asOf);
    expect(title).toContain('read-only');
    // The values then, not now: the first check-ins only, the target before its change.
    const retention = reportRow(name, 14, ids.retention);
    expect(retention.slice(5, 12)).toEqual([
      95,
      105,
      '',
      '%',
      97,
      keyResultOf(then, ids.retention).progress,
      keyResultOf(then, ids.retention).score,
    ]);
    expect(reportRow(name, 14, ids.churned)[9]).toBe(36);
    expect(reportRow(name, 14, ids.objective)[13]).toBe('blended (40% initiatives)');
    expect(session.sheet(name).inspect().protections().length).toBeGreaterThan(0);
  });

  it('compares two instants: progress before → after per KR, the target change with its reason, the correction, who', async () => {
    const { env, script } = session;
    script.openCompare();
    script.compareDates({ cycleId: CYCLE, from: instants.afterFirstCheckIns, to: instants.afterCorrection });

    expect(env.ui.dialogs.at(-1)?.title).toBe('Compare two dates…');
    const [before, after] = await Promise.all([
      admin.get<Board>(`/cycles/${CYCLE}/okrs`, { asOf: instants.afterFirstCheckIns }),
      admin.get<Board>(`/cycles/${CYCLE}/okrs`, { asOf: instants.afterCorrection }),
    ]);
    const name = `Compare ${CYCLE}`;
    const retention = reportRow(name, 8, ids.retention);
    const progressBefore = keyResultOf(before, ids.retention).progress;
    const progressAfter = keyResultOf(after, ids.retention).progress;
    expect(retention.slice(2, 4)).toEqual([progressBefore, progressAfter]);
    expect(String(retention[5])).toContain('target: 105 → 108');
    expect(String(retention[5])).toContain('correction 100');
    expect(String(retention[6])).toContain('Two enterprise renewals landed early');
    expect(String(retention[6])).toContain('The export double-counted one account');
    expect(String(retention[7])).toContain(DEMO.admin);
    const churned = reportRow(name, 8, ids.churned);
    expect(churned.slice(2, 4)).toEqual([
      keyResultOf(before, ids.churned).progress,
      keyResultOf(after, ids.churned).progress,
    ]);
    // Colours: a fall in red (the target went up faster than the value), definition changes amber.
    const sheet = session.sheet(name).inspect();
    const rowNumber = valuesOf(name).findIndex((r) => r[8] === ids.retention) + 1;
    const change = progressAfter - progressBefore;
    expect(sheet.cell(`E${rowNumber}`).format.background).toBe(change > 0 ? COLORS.green : COLORS.red);
    expect(sheet.cell(`F${rowNumber}`).format.background).toBe(COLORS.midCycle);
    const churnedRow = valuesOf(name).findIndex((r) => r[8] === ids.churned) + 1;
    expect(sheet.cell(`E${churnedRow}`).format.background).toBe(COLORS.green);
  });

  it('closes the cycle after the confirmation', async () => {
    const { env, script } = session;
    session.sheet(EDITING).activate();
    env.ui.queueAlertResponse('YES');

    script.closeCycle();

    expect(env.ui.alerts.at(-1)?.title).toBe('Cycle closed');
    expect((await cycle()).status).toBe('closed');
  });

  it('overrides a grade from the Grades sheet: refused without a reason, then saved beside the computed grade', async () => {
    const { env, script } = session;
    await eventually(grades, (report) => report.frozen, 'frozen grades');
    session.sheet(EDITING).activate();
    script.showGrades();
    const name = `Grades ${CYCLE}`;
    const sheet = session.sheet(name);
    const row = valuesOf(name).findIndex((r) => r[15] === ids.churned) + 1;
    sheet.getRange(`J${row}`).setValue(0.9);
    sheet.activate();
    const alerts = env.ui.alerts.length;

    script.pushChanges();

    expect(session.alertsSince(alerts).map((a) => a.prompt)).toEqual([
      expect.stringContaining(
        `Row ${row}: Override of “Reduce churned accounts from 40 to 20 per quarter” needs a reason`,
      ),
    ]);
    expect((await grades()).rows.find((r) => r.keyResultId === ids.churned)?.override).toBeNull();

    sheet.getRange(`K${row}`).setValue('Two churned accounts came back in the last week');
    script.pushChanges();

    const report = await eventually(
      grades,
      (r) => r.rows.some((g) => g.keyResultId === ids.churned && g.override !== null),
      'the override in the grades',
    );
    const graded = report.rows.find((r) => r.keyResultId === ids.churned);
    expect(graded).toMatchObject({
      override: 0.9,
      final: 0.9,
      overrideReason: 'Two churned accounts came back in the last week',
    });
    const shown = reportRow(name, 15, ids.churned);
    // Grade that counts, computed, original, override and its reason: side by side.
    expect([shown[6], shown[7], shown[9], shown[10]]).toEqual([
      0.9,
      graded?.computed,
      0.9,
      'Two churned accounts came back in the last week',
    ]);
    expect(
      (await audit()).entries.some((e) => e.kind === 'grade_override' && e.keyResultId === ids.churned),
    ).toBe(true);
  });

  it('reopens the cycle only with a reason, saying what changes', async () => {
    const { env, script } = session;
    session.sheet(EDITING).activate();
    env.ui.queuePromptResponse('   ');
    script.reopenCycle();
    expect(env.ui.alerts.at(-1)?.prompt).toContain('needs a reason');
    expect((await cycle()).status).toBe('closed');

    env.ui.queuePromptResponse('A late renewal was signed inside the quarter');
    script.reopenCycle();

    expect(env.ui.prompts.at(-1)?.prompt).toContain('late check-ins and corrections are accepted');
    expect(env.ui.alerts.at(-1)?.title).toBe('Cycle reopened');
    expect((await cycle()).status).toBe('active');
    const reopened = await eventually(
      audit,
      (a) => a.entries.some((e) => e.kind === 'reopen'),
      'the reopening in the audit',
    );
    expect(reopened.entries.find((e) => e.kind === 'reopen')).toMatchObject({
      reason: 'A late renewal was signed inside the quarter',
    });
  });

  it('adds a late check-in, listed as late in the audit, and closes the cycle again', async () => {
    const { env, script } = session;
    checkIn({ [ids.retention]: 104 }, LATE_DAY);
    // Recorded today for a day more than 14 days back: the audit lists it as late (so were the first three).
    const isLate = (e: ChangesResponse['entries'][number]) =>
      e.kind === 'late_check_in' &&
      e.keyResultId === ids.retention &&
      JSON.stringify(e.after).includes('104');
    const late = await eventually(audit, (a) => a.entries.some(isLate), 'the late check-in in the audit');
    expect(late.entries.filter(isLate).length).toBe(1);
    expect(keyResultOf(await board(), ids.retention).current).toBe(104);

    session.sheet(EDITING).activate();
    env.ui.queueAlertResponse('YES');
    script.closeCycle();

    expect((await cycle()).status).toBe('closed');
    await eventually(
      audit,
      (a) => a.entries.filter((e) => e.kind === 'close').length === 2,
      'two closes in the audit',
    );
  });

  it('pulls the final grades and reads them into a report sheet with OKR_GRADE', async () => {
    const { env, script } = session;
    const report = await eventually(
      grades,
      (r) => r.frozen && r.rows.some((row) => row.keyResultId === ids.retention),
      'frozen grades after the second close',
    );
    session.sheet(EDITING).activate();
    script.showGrades();
    const reportSheet = env.spreadsheet.insertSheet('Quarterly report');
    reportSheet.getRange('A1:B3').setValues([
      ['Objective', `=OKR_GRADE("${ids.objective}", "${CYCLE}")`],
      ['Retention', `=OKR_GRADE("${ids.retention}", "${CYCLE}")`],
      ['Churned accounts', `=OKR_GRADE("${ids.churned}", "${CYCLE}")`],
    ]);
    const requests = env.counters.httpRequests;

    const evaluated = [ids.objective, ids.retention, ids.churned].map((id) =>
      env.runAsCustomFunction(() => script.OKR_GRADE(id, CYCLE)),
    );

    const finalOf = (id: string) =>
      report.rows.find((row) => (row.keyResultId ?? row.objectiveId) === id)?.final;
    expect(evaluated).toEqual([finalOf(ids.objective), finalOf(ids.retention), 0.9]);
    expect(env.counters.httpRequests).toBe(requests);
    expect(reportSheet.inspect().cell('B2').formula).toBe(`=OKR_GRADE("${ids.retention}", "${CYCLE}")`);
  });

  it('manages members from the Members sheet, and keeps the last admin', async () => {
    const { env, script } = session;
    script.showMembers();
    const sheet = session.sheet('Members');
    const listed = valuesOf('Members')
      .slice(2)
      .filter((row) => row[0] !== '');
    const server = (await admin.get<{ members: { email: string; role: string }[] }>('/members')).members;
    expect(listed.map((row) => [row[0], row[1]])).toEqual(server.map((m) => [m.email, m.role]));
    const next = listed.length + 3;
    sheet.getRange(`A${next}:B${next}`).setValues([['analyst@example.com', 'editor']]);
    sheet.activate();

    const beforeAdd = env.ui.alerts.length;
    script.pushChanges();

    expect(session.alertsSince(beforeAdd)).toEqual([]);
    const afterAdd = (await admin.get<{ members: { email: string; role: string }[] }>('/members')).members;
    expect(afterAdd.find((m) => m.email === 'analyst@example.com')?.role).toBe('editor');

    const adminRow = valuesOf('Members').findIndex((row) => row[0] === DEMO.admin) + 1;
    sheet.getRange(`B${adminRow}`).setValue('remove');
    const alerts = env.ui.alerts.length;
    script.pushChanges();

    const [refused] = session.alertsSince(alerts);
    expect(refused?.title).toBe('Members not changed');
    expect(refused?.prompt).toContain('last admin');
    const afterRemove = (await admin.get<{ members: { email: string; role: string }[] }>('/members')).members;
    expect(afterRemove.find((m) => m.email === DEMO.admin)?.role).toBe('admin');
  });
});

describe('role checks: what an editor and a viewer are offered, and what the server refuses anyway', () => {
  it('offers an editor no admin item, and the server refuses the admin step it calls anyway', async () => {
    const editor = openSpreadsheet(built, { email: DEMO.editor, token: tokens.editor });
    try {
      editor.env.ui.queuePromptResponse(stack.url);
      editor.env.ui.queuePromptResponse(DEMO.org);
      editor.script.connect();
      for (const caption of ['New cycle…', 'Activate cycle', 'Close cycle…', 'Reopen cycle…', 'Members'])
        expect(editor.env.ui.menuFunction(null, caption), caption).toBeNull();
      expect(editor.env.ui.menuFunction(null, 'Push changes')).toBe('pushChanges');

      expect(() =>
        editor.script.createCycle({
          cycleId: 'EDITOR-Q',
          startsOn: STARTS_ON,
          endsOn: ENDS_ON,
          timeZone: 'UTC',
        }),
      ).toThrow(/not allowed|admin|role/i);
      editor.env.ui.queuePromptResponse(''); // the closed cycle it proposes
      editor.env.ui.queuePromptResponse('Because');
      editor.script.reopenCycle();
      expect(editor.env.ui.alerts.at(-1)?.prompt).toMatch(/admin|not allowed|role/i);

      const { cycles } = await admin.get<CycleListResponse>('/cycles');
      expect(cycles.some((c) => c.id === 'EDITOR-Q')).toBe(false);
      expect((await cycle()).status).toBe('closed');
    } finally {
      await editor.dispose();
    }
  });

  it('offers a viewer no item that writes, and the server refuses a push anyway', async () => {
    const viewer = openSpreadsheet(built, { email: DEMO.viewer, token: tokens.viewer });
    try {
      viewer.env.ui.queuePromptResponse(stack.url);
      viewer.env.ui.queuePromptResponse(DEMO.org);
      viewer.script.connect();
      for (const caption of ['Push changes', 'Check in…', 'Correct this check-in…', 'New cycle…', 'Members'])
        expect(viewer.env.ui.menuFunction(null, caption), caption).toBeNull();
      for (const caption of [
        'Pull cycle',
        'KR history',
        'Board as of…',
        'Compare two dates…',
        'Quarter-end grades',
      ])
        expect(viewer.env.ui.menuFunction(null, caption), caption).not.toBeNull();

      viewer.script.pullWithOptions({ cycleId: DEMO.cycleId, team: '', owner: '' });
      const sheet = viewer.sheet(`OKRs ${DEMO.cycleId}`);
      const [objective] = editingRows(sheet);
      typeInto(sheet, objective?.row ?? 3, 'title', 'A viewer renames an objective');
      typeInto(sheet, objective?.row ?? 3, 'reason', 'Trying');
      const alerts = viewer.env.ui.alerts.length;
      viewer.script.pushChanges();

      expect(
        viewer
          .alertsSince(alerts)
          .map((a) => `${a.title}: ${a.prompt}`)
          .join('\n'),
      ).toMatch(/not allowed|viewer|role/i);
      const demo = await admin.get<Board>(`/cycles/${DEMO.cycleId}/okrs`, { consistent: 'true' });
      expect(demo.objectives.some((o) => o.title === 'A viewer renames an objective')).toBe(false);
    } finally {
      await viewer.dispose();
    }
  });
});
