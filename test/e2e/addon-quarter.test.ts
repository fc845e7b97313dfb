// The BUILT Sheets add-on plays a quarter against the real local stack: Code.js in the Apps Script fakes'
// vm, its UrlFetchApp doing real HTTP to `npm start` (DynamoDB Local underneath), the admin of the demo
// organization at the keyboard. Connect, pull, add an objective with three KRs, check in (sheet and
// sidebar), change a target mid-cycle without then with a reason, hit a conflict made meanwhile through the
// API by the editor, open a KR's history, the changes sheet, close the cycle, build the grades sheet and
// evaluate OKR_GRADE. Every step asserts what the sheet shows AND what the server now holds.
import type {
  AttentionResponse,
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
import { columnNumber, DATA_START_ROW } from '../../addon/src/core/columns.js';
import { markNote } from '../../addon/src/core/editing-sheet.js';
import type { PullChoices } from '../../addon/src/core/pull-options.js';
import { COLORS, columnLetter } from '../../addon/src/core/sheet-plan.js';
import { DEMO } from '../../functions/local/src/seed.js';
import type { FakeSheet } from '../support/apps-script/index.js';
import { type AddonSession, buildAddonBundle, openSpreadsheet, plain } from './support/addon-session.js';
import {
  cellAt,
  type EditingRow,
  editingRows,
  firstBlankRow,
  rowOfId,
  typeInto,
  typeRow,
} from './support/editing-sheet.js';
import { groupAlive, type LocalStack, processAlive, startLocalStack } from './support/local-stack.js';
import { eventually, StackApi } from './support/stack-api.js';

const CYCLE = DEMO.cycleId;
const EDITING = `OKRs ${CYCLE}`;
const DATA = `_okr_pull_${CYCLE}`;

let stack: LocalStack;
let session: AddonSession;
/** The admin at the keyboard, reading the server through the API. */
let admin: StackApi;
/** The editor, who changes things "meanwhile" through the API. */
let editor: StackApi;
let adminToken = '';

const label = (word: string) => word.replace(/_/g, ' ');
const today = () => new Date().toISOString().slice(0, 10);

/** What the server holds now (the board view; it lags a write by a poll of the projector). */
const board = () => admin.get<Board>(`/cycles/${CYCLE}/okrs`);

function objectiveOf(current: Board, id: string): ObjectiveView {
  const found = current.objectives.find((objective) => objective.id === id);
  if (found === undefined) throw new Error(`the server has no objective ${id}`);
  return found;
}

function keyResultOf(current: Board, id: string): KeyResultView {
  const found = current.objectives.flatMap((o) => o.keyResults).find((kr) => kr.id === id);
  if (found === undefined) throw new Error(`the server has no key result ${id}`);
  return found;
}

/** Waits until the board view shows `objectiveId` at `version` (what the sheet was just told). */
const boardAt = (objectiveId: string, version: number) =>
  eventually(
    board,
    (current) => current.objectives.some((o) => o.id === objectiveId && o.version === version),
    `${objectiveId} at version ${version} in the board view`,
  );

/** The organization's team names by id: the Team column shows a team's name (docs/alignment.md). */
let teamNames = new Map<string, string>();

/** The rows a pull must lay out for `current`: every live entity, in board order, as the server has it. */
function expectedRows(current: Board): Partial<EditingRow>[] {
  return current.objectives
    .filter((objective) => !objective.archived)
    .flatMap((objective) => [
      {
        kind: 'Objective',
        title: objective.title,
        owner: objective.owner ?? '',
        team: (objective.team === null ? null : teamNames.get(objective.team)) ?? objective.team ?? '',
        type: objective.kind,
        weight: objective.weight,
        progress: objective.progress,
        score: objective.score,
        id: objective.id,
        parent: '',
        version: objective.version,
      },
      ...objective.keyResults
        .filter((kr) => !kr.removed)
        .map((kr) => ({
          kind: 'Key result',
          title: kr.title,
          type: label(kr.type),
          start: kr.start ?? '',
          target: kr.target ?? '',
          threshold: kr.threshold ?? '',
          unit: kr.unit,
          ...(kr.type === 'milestone' || kr.type === 'binary' ? {} : { current: kr.current ?? '' }),
          progress: kr.progress,
          score: kr.score,
          status: `${label(kr.confidence)} (${kr.confidenceSource})`,
          id: kr.id,
          parent: objective.id,
          version: objective.version,
        })),
      ...objective.initiatives.map((initiative) => ({
        kind: 'Initiative',
        title: initiative.title,
        type: label(initiative.status),
        current: initiative.percentComplete,
        id: initiative.id,
        parent: objective.id,
        version: objective.version,
      })),
    ]);
}

/** The lint cell of a row: the server's findings for that entity, by rule. */
function lintCell(current: Board, id: string): string {
  const findings = [...current.lint, ...current.objectives.flatMap((o) => o.lint)].filter(
    (finding) => finding.targetType !== 'cycle' && finding.targetId === id,
  );
  if (findings.length === 0) return '';
  return `${findings.length} finding${findings.length > 1 ? 's' : ''}: ${findings.map((f) => f.rule).join(', ')}`;
}

function fetchedPaths(from: number): string[] {
  return session.env.fetchLog
    .slice(from)
    .map((entry) => `${entry.method} ${new URL(entry.url).pathname.replace(`/v1/orgs/${DEMO.org}`, '')}`);
}

function sentCommands(from: number): { type: string }[] {
  return session.env.fetchLog
    .slice(from)
    .filter((entry) => entry.url.endsWith('/commands'))
    .flatMap((entry) => (JSON.parse(entry.payload ?? '{}') as { commands: { type: string }[] }).commands);
}

function editingSheet(): FakeSheet {
  return session.sheet(EDITING);
}

/** The objectives the hidden data sheet keeps as the last pull (what the next push diffs against). */
function lastPulledObjectives(): { id: string; version: number; title: string }[] {
  return session
    .sheet(DATA)
    .inspect()
    .values()
    .filter((row) => row[0] === 'objective')
    .map((row) => JSON.parse(String(row[3])) as { id: string; version: number; title: string });
}

/** Ids of what step 3 created, read back from the sheet's hidden Id column. */
const created = { objectiveId: '', renewalRate: '', timeToRenew: '', escalations: '' };
const NEW_OBJECTIVE = 'Make renewals effortless for enterprise customers';
const NEW_KEY_RESULTS = [
  {
    key: 'renewalRate',
    title: 'Raise the enterprise renewal rate from 80% to 92%',
    type: 'increase',
    start: 80,
    target: 92,
    unit: '%',
  },
  {
    key: 'timeToRenew',
    title: 'Reduce the time to renew from 30 days to 10 days',
    type: 'decrease',
    start: 30,
    target: 10,
    unit: 'days',
  },
  {
    key: 'escalations',
    title: 'Keep renewal escalations at 5 or fewer per month',
    type: 'stay below',
    threshold: 5,
    unit: 'escalations',
  },
] as const;

beforeAll(async () => {
  // A DynamoDB Local of its own: the last test proves SIGINT takes its Java process along.
  const [started, built] = await Promise.all([startLocalStack({ ownDynamo: true }), buildAddonBundle()]);
  stack = started;
  const [signedForAdmin, editorToken] = await Promise.all([
    stack.token(DEMO.admin),
    stack.token(DEMO.editor),
  ]);
  adminToken = signedForAdmin;
  admin = new StackApi(stack.url, DEMO.org, adminToken);
  editor = new StackApi(stack.url, DEMO.org, editorToken);
  session = openSpreadsheet(built, { email: DEMO.admin, token: adminToken });
}, 150_000);

afterAll(async () => {
  await session?.dispose();
  await stack?.stop();
});

describe('a quarter played from the built add-on against the local stack', () => {
  it('connects: checks the API with one fetchAll, stores the settings and offers Close cycle to the admin', async () => {
    // Prepare
    const { env, script } = session;
    script.onOpen({ authMode: 'FULL' });
    expect(env.ui.menuFunction(null, 'Close cycle…')).toBeNull();
    env.ui.queuePromptResponse(stack.url);
    env.ui.queuePromptResponse('Demo');

    // Act
    script.connect();

    // Assess: the sheet side
    const { cycles } = await admin.get<CycleListResponse>('/cycles');
    const listed = cycles.map((cycle) => `${cycle.id} (${cycle.status})`).join(', ');
    expect(env.ui.alerts.at(-1)).toMatchObject({
      title: 'Connected',
      prompt: expect.stringContaining(
        `Connected to ${DEMO.org} as ${DEMO.admin} (admin); cycles: ${listed}.`,
      ),
    });
    expect(env.properties.document.getProperty('okrLedger.apiUrl')).toBe(stack.url);
    expect(env.properties.document.getProperty('okrLedger.organization')).toBe(DEMO.org);
    expect(env.properties.user.getProperty(`okrLedger.role.${DEMO.org}`)).toBe('admin');
    expect(env.ui.menuFunction(null, 'Close cycle…')).toBe('closeCycle');
    expect(env.counters.fetchAll).toBe(1);
    expect(fetchedPaths(0)).toEqual(['GET /me', 'GET /cycles']);
    expect(env.fetchLog.map((entry) => [entry.status, entry.headers.Authorization])).toEqual([
      [200, `Bearer ${adminToken}`],
      [200, `Bearer ${adminToken}`],
    ]);
    // Assess: the server side
    expect(cycles.find((cycle) => cycle.id === CYCLE)?.status).toBe('active');
  });

  it('pulls the active cycle: every live entity as a row, ids and versions hidden, the last pull kept', async () => {
    // Prepare
    const { env, script } = session;
    const expected = await board();
    const { teams } = await admin.get<{ teams: { id: string; name: string }[] }>('/teams');
    teamNames = new Map(teams.map((team) => [team.id, team.name]));
    const mark = env.fetchLog.length;

    // Act: no cycle sheet is active, so Pull cycle opens the dialog, which loads its choices and pulls
    script.pullCycle();
    const choices = plain(script.loadPullOptions()) as PullChoices;
    script.pullWithOptions({ cycleId: choices.preferredCycleId, team: '', owner: '' });

    // Assess: the sheet matches the server's board, row by row
    const sheet = editingSheet();
    const rows = editingRows(sheet);
    expect(rows).toMatchObject(expectedRows(expected));
    for (const row of rows)
      expect(row.lint, `lint of row ${row.row}`).toBe(lintCell(expected, String(row.id)));
    const view = sheet.inspect();
    expect(String(view.values('A1')[0]?.[0])).toContain(`${CYCLE}) · active · ${expected.cycle.startsOn}`);
    expect(view.hiddenColumns()).toEqual([
      columnNumber('id'),
      columnNumber('parent'),
      columnNumber('version'),
    ]);
    expect(view.frozenRows()).toBe(2);
    const score = columnLetter(columnNumber('score'));
    const coloured = view
      .conditionalFormats()
      .filter((rule) => rule.style.background !== undefined && rule.style.background !== null);
    // The attention list colours the titles of the KRs it flags (the demo has a due, a behind-pace and a
    // failing-link KR), each rule keyed on the hidden id.
    const attention = await admin.get<AttentionResponse>(`/cycles/${CYCLE}/attention`);
    const flagged = [
      ...attention.keyResults.filter((kr) => kr.due || kr.behindPace).map((kr) => kr.keyResultId),
      ...attention.failingLinks.map((link) => link.keyResultId),
    ];
    const titleRules = coloured.filter(
      (rule) => rule.ranges[0]?.split(':')[0] === `${columnLetter(columnNumber('title'))}${DATA_START_ROW}`,
    );
    expect(flagged.length).toBeGreaterThan(0);
    for (const id of flagged) {
      expect(
        titleRules.some((rule) => String(rule.values[0]).includes(id)),
        id,
      ).toBe(true);
    }
    expect(
      coloured
        .filter((rule) => !titleRules.includes(rule))
        .map((rule) => [rule.ranges[0]?.split(':')[0], rule.style.background]),
    ).toEqual([
      [`${score}${DATA_START_ROW}`, COLORS.green],
      [`${score}${DATA_START_ROW}`, COLORS.yellow],
      [`${score}${DATA_START_ROW}`, COLORS.red],
    ]);
    expect(session.sheet(DATA).isSheetHidden()).toBe(true);
    expect(lastPulledObjectives().map((o) => [o.id, o.version])).toEqual(
      expected.objectives.map((o) => [o.id, o.version]),
    );
    const keyResults = expected.objectives.reduce((sum, o) => sum + o.keyResults.length, 0);
    expect(env.ui.toasts.at(-1)).toMatchObject({
      title: `Pulled ${CYCLE}`,
      message: expect.stringContaining(
        `${expected.objectives.length} objectives, ${keyResults} key results (active; every team and owner).`,
      ),
    });
    expect(env.ui.dialogs.at(-1)).toMatchObject({ title: 'Pull a cycle' });
    expect(choices.preferredCycleId).toBe(CYCLE);
    // Two fetchAlls: the cycles and teams for the dialog, then the board, its alignment view, its attention
    // list and (for an admin) the members.
    expect(fetchedPaths(mark)).toEqual([
      'GET /cycles',
      'GET /teams',
      `GET /cycles/${CYCLE}/okrs`,
      `GET /cycles/${CYCLE}/alignment`,
      `GET /cycles/${CYCLE}/attention`,
      'GET /members',
    ]);
  });

  it('adds an objective with three KRs typed below the data: one batch, rows refreshed with server ids', async () => {
    // Prepare
    const { env, script } = session;
    const sheet = editingSheet();
    const first = firstBlankRow(sheet);
    typeRow(sheet, first, {
      kind: 'Objective',
      title: NEW_OBJECTIVE,
      owner: DEMO.admin,
      team: 'Support',
      type: 'committed',
      reason: 'The board review added a renewals goal',
    });
    NEW_KEY_RESULTS.forEach((kr, index) => {
      typeRow(sheet, first + 1 + index, {
        kind: 'Key result',
        title: kr.title,
        owner: DEMO.admin,
        type: kr.type,
        unit: kr.unit,
        ...('start' in kr ? { start: kr.start, target: kr.target } : { threshold: kr.threshold }),
      });
    });
    const mark = env.fetchLog.length;
    const alerts = env.ui.alerts.length;

    // Act
    script.pushChanges();

    // Assess: one POST carrying the new objective whole
    expect(session.alertsSince(alerts)).toEqual([]);
    expect(env.ui.toasts.at(-1)).toMatchObject({ title: `Pushed ${CYCLE}`, message: '4 saved.' });
    expect(fetchedPaths(mark)).toEqual([`POST /cycles/${CYCLE}/commands`]);
    expect(sentCommands(mark).map((command) => command.type)).toEqual([
      'CreateObjective',
      'AddKeyResult',
      'AddKeyResult',
      'AddKeyResult',
    ]);
    // Assess: the sheet now carries the server's ids and version for those rows
    const rows = editingRows(sheet).filter((row) => row.row >= first && row.row <= first + 3);
    const objectiveRow = rows[0];
    expect(String(objectiveRow?.id)).toMatch(/^obj_/);
    created.objectiveId = String(objectiveRow?.id);
    NEW_KEY_RESULTS.forEach((kr, index) => {
      const row = rows[index + 1];
      expect(String(row?.id)).toMatch(/^kr_/);
      expect(row?.parent).toBe(created.objectiveId);
      created[kr.key] = String(row?.id);
    });
    const version = Number(objectiveRow?.version);
    expect(rows.every((row) => row.version === version)).toBe(true);
    expect(rows.every((row) => row.reason === '')).toBe(true);
    // Assess: the server has the objective and its KRs as typed, and the sheet shows its numbers
    const current = await boardAt(created.objectiveId, version);
    const objective = objectiveOf(current, created.objectiveId);
    expect(objective).toMatchObject({
      title: NEW_OBJECTIVE,
      owner: DEMO.admin,
      // Typed as the team's name, sent as its id.
      team: 'team_support',
      kind: 'committed',
      cycleId: CYCLE,
    });
    expect(
      objective.keyResults.map((kr) => [kr.id, kr.title, kr.type, kr.start, kr.target, kr.threshold]),
    ).toEqual(
      NEW_KEY_RESULTS.map((kr) => [
        created[kr.key],
        kr.title,
        kr.type.replace(' ', '_'),
        'start' in kr ? kr.start : null,
        'start' in kr ? kr.target : null,
        'threshold' in kr ? kr.threshold : null,
      ]),
    );
    expect(rows).toMatchObject(expectedRows({ ...current, objectives: [objective] }));
    expect(lastPulledObjectives().find((o) => o.id === created.objectiveId)).toMatchObject({
      title: NEW_OBJECTIVE,
      version,
    });
  });

  it('checks in from the sheet (Current value, Confidence, note) and from the sidebar, once per idempotency key', async () => {
    // Prepare: a check-in typed into the sheet
    const { env, script } = session;
    const sheet = editingSheet();
    const rateRow = rowOfId(sheet, created.renewalRate).row;
    typeInto(sheet, rateRow, 'current', 84);
    typeInto(sheet, rateRow, 'confidence', 'on track');
    typeInto(sheet, rateRow, 'note', 'Two enterprise renewals signed early');
    const mark = env.fetchLog.length;

    // Act
    script.pushChanges();

    // Assess: sheet and server agree on the check-in
    expect(env.ui.toasts.at(-1)).toMatchObject({ message: '1 saved.' });
    expect(sentCommands(mark)).toEqual([
      expect.objectContaining({
        type: 'RecordCheckIn',
        keyResultId: created.renewalRate,
        value: 84,
        confidence: 'on_track',
        note: 'Two enterprise renewals signed early',
      }),
    ]);
    const afterSheetCheckIn = rowOfId(sheet, created.renewalRate);
    let current = await boardAt(created.objectiveId, Number(afterSheetCheckIn.version));
    const rate = keyResultOf(current, created.renewalRate);
    expect(rate).toMatchObject({
      current: 84,
      checkInCount: 1,
      confidence: 'on_track',
      confidenceSource: 'set',
      lastNote: 'Two enterprise renewals signed early',
    });
    expect(rate.progress).toBeCloseTo((84 - 80) / (92 - 80), 10);
    expect(afterSheetCheckIn).toMatchObject({
      current: 84,
      note: '',
      confidence: 'on track',
      progress: rate.progress,
      score: rate.score,
      status: 'on track (set)',
    });
    expect(cellAt(sheet, rateRow, 'current').note).toContain(
      `Last check-in ${today()}: Two enterprise renewals signed early`,
    );

    // Prepare: the sidebar on the "time to renew" KR
    const renewRow = rowOfId(sheet, created.timeToRenew).row;
    env.spreadsheet.setActiveRange(sheet.getRange(`B${renewRow}`));
    const form = {
      keyResultId: created.timeToRenew,
      type: 'decrease',
      value: '22',
      done: false,
      milestonesDone: [],
      confidence: 'at risk',
      note: 'Legal review slows two renewals',
      effectiveDate: today(),
      today: today(),
      utcOffsetMinutes: 0,
      idempotencyKey: 'e2e-quarter-sidebar-0001',
    };

    // Act
    script.openCheckIn();
    const context = plain(script.loadCheckInContext());
    const first = plain(script.submitCheckIn(form));
    const repeated = plain(script.submitCheckIn(form));

    // Assess: the sidebar showed the KR from the last pull, recorded once, and the row refreshed at once
    expect(env.ui.sidebars.at(-1)?.content).toContain('id="check-in"');
    expect(context).toMatchObject({
      keyResultId: created.timeToRenew,
      type: 'decrease',
      start: 30,
      target: 10,
    });
    expect(first).toEqual({ message: `Checked in “${NEW_KEY_RESULTS[1].title}”.` });
    expect(repeated).toEqual({
      message: `This check-in of “${NEW_KEY_RESULTS[1].title}” was already recorded; nothing was added.`,
    });
    const refreshed = rowOfId(sheet, created.timeToRenew);
    current = await boardAt(created.objectiveId, Number(refreshed.version));
    const renew = keyResultOf(current, created.timeToRenew);
    expect(renew).toMatchObject({
      current: 22,
      checkInCount: 1,
      confidence: 'at_risk',
      confidenceSource: 'set',
    });
    expect(renew.progress).toBeCloseTo((30 - 22) / (30 - 10), 10);
    expect(refreshed).toMatchObject({ current: 22, progress: renew.progress, status: 'at risk (set)' });
    expect(Number(refreshed.version)).toBe(objectiveOf(current, created.objectiveId).version);
  });

  it('holds back a mid-cycle target change without a reason, then saves it with one', async () => {
    // Prepare
    const { env, script } = session;
    const sheet = editingSheet();
    const row = rowOfId(sheet, created.renewalRate).row;
    const before = await boardAt(created.objectiveId, Number(rowOfId(sheet, created.renewalRate).version));
    typeInto(sheet, row, 'target', 95);
    const mark = env.fetchLog.length;
    const alerts = env.ui.alerts.length;

    // Act: no reason
    script.pushChanges();

    // Assess: nothing sent, the row says why, the typed target stays
    expect(fetchedPaths(mark)).toEqual([]);
    const [held] = session.alertsSince(alerts);
    expect(held?.title).toBe('Nothing pushed');
    expect(held?.prompt).toContain(
      `Row ${row}: Reason for change is required while the cycle is active: changing target is a mid-cycle change`,
    );
    const reasonCell = cellAt(sheet, row, 'reason');
    expect(reasonCell.note).toBe(
      markNote(
        'Not sent: Reason for change is required while the cycle is active: changing target is a mid-cycle change',
      ),
    );
    expect(reasonCell.format.background).toBe(COLORS.error);
    expect(cellAt(sheet, row, 'target').value).toBe(95);
    expect(keyResultOf(await board(), created.renewalRate).target).toBe(92);
    expect(objectiveOf(await board(), created.objectiveId).version).toBe(
      objectiveOf(before, created.objectiveId).version,
    );

    // Act: with a reason
    typeInto(sheet, row, 'reason', 'Sales took over three more enterprise accounts');
    script.pushChanges();

    // Assess: saved, the row is clean again, the server has the new target and the audit has the reason
    expect(env.ui.toasts.at(-1)).toMatchObject({ message: '1 saved.' });
    expect(sentCommands(mark)).toEqual([
      expect.objectContaining({
        type: 'EditKeyResult',
        keyResultId: created.renewalRate,
        changes: { target: 95 },
        reason: 'Sales took over three more enterprise accounts',
      }),
    ]);
    const saved = rowOfId(sheet, created.renewalRate);
    expect(saved).toMatchObject({ target: 95, reason: '' });
    expect(cellAt(sheet, row, 'reason').note).toBe('');
    expect(cellAt(sheet, row, 'reason').format.background).not.toBe(COLORS.error);
    const current = await boardAt(created.objectiveId, Number(saved.version));
    const rate = keyResultOf(current, created.renewalRate);
    expect(rate.target).toBe(95);
    expect(saved.progress).toBe(rate.progress);
    const changes = await eventually(
      () => admin.get<ChangesResponse>(`/cycles/${CYCLE}/changes`, { kind: 'definition_change' }),
      (response) => response.entries.some((entry) => entry.keyResultId === created.renewalRate),
      'the target change in the audit',
    );
    expect(changes.entries.find((entry) => entry.keyResultId === created.renewalRate)).toMatchObject({
      kind: 'definition_change',
      field: 'target',
      before: 92,
      after: 95,
      reason: 'Sales took over three more enterprise accounts',
      by: { email: DEMO.admin },
    });
  });

  it('shows a conflict with a change the editor made through the API meanwhile, keeping the typed value', async () => {
    // Prepare: a fresh pull (once the board view has caught up), then the editor renames the objective
    const { env, script } = session;
    const sheet = editingSheet();
    const seen = Number(rowOfId(sheet, created.objectiveId).version);
    await boardAt(created.objectiveId, seen);
    const mark = env.fetchLog.length;
    script.pullCycle();
    // From the cycle sheet: no dialog; the board, its alignment view (Team and Parent objective dropdowns),
    // its attention list (coloured titles) and the members for the admin's Owner dropdown.
    expect(fetchedPaths(mark)).toEqual([
      `GET /cycles/${CYCLE}/okrs`,
      `GET /cycles/${CYCLE}/alignment`,
      `GET /cycles/${CYCLE}/attention`,
      'GET /members',
    ]);
    const pulledVersion = Number(rowOfId(sheet, created.objectiveId).version);
    expect(pulledVersion).toBe(seen);
    const editorTitle = 'Make enterprise renewals effortless';
    const edited = await editor.post<{ results: { status: string; version?: number }[] }>(
      `/cycles/${CYCLE}/commands`,
      {
        commands: [
          {
            type: 'EditObjective',
            commandId: 'e2e-quarter-editor-rename-01',
            objectiveId: created.objectiveId,
            expectedVersion: pulledVersion,
            changes: { title: editorTitle },
            reason: 'Shorter title agreed with Support',
          },
        ],
      },
    );
    expect(edited.results[0]?.status).toBe('applied');
    const serverVersion = Number(edited.results[0]?.version);
    const row = rowOfId(sheet, created.objectiveId).row;
    const typedTitle = 'Make renewals effortless for every enterprise customer';
    typeInto(sheet, row, 'title', typedTitle);
    typeInto(sheet, row, 'reason', 'Mid-market accounts belong here too');
    const alerts = env.ui.alerts.length;

    // Act
    script.pushChanges();

    // Assess: the row shows the conflict with the server's value, the person's value stays
    const [problem] = session.alertsSince(alerts);
    expect(problem?.title).toBe('Pushed with problems');
    expect(problem?.prompt).toContain('0 saved, 1 in conflict');
    const title = cellAt(sheet, row, 'title');
    expect(title.value).toBe(typedTitle);
    expect(title.format.background).toBe(COLORS.conflict);
    expect(title.note).toContain('Conflict: ');
    expect(title.note).toContain(`The server now has Title = ${editorTitle}.`);
    expect(rowOfId(sheet, created.objectiveId).version).toBe(serverVersion);
    const afterConflict = await boardAt(created.objectiveId, serverVersion);
    expect(objectiveOf(afterConflict, created.objectiveId).title).toBe(editorTitle);

    // Act: pushing again replaces the server's value, as the note says
    script.pushChanges();

    // Assess
    expect(env.ui.toasts.at(-1)).toMatchObject({ message: '1 saved.' });
    const resolved = rowOfId(sheet, created.objectiveId);
    expect(resolved).toMatchObject({ title: typedTitle, reason: '' });
    expect(cellAt(sheet, row, 'title').format.background).not.toBe(COLORS.conflict);
    const current = await boardAt(created.objectiveId, Number(resolved.version));
    expect(objectiveOf(current, created.objectiveId).title).toBe(typedTitle);
  });

  it("opens a KR's history: the timeline with the mid-cycle change highlighted and a chart of check-ins against the target", async () => {
    // Prepare
    const { env, script } = session;
    const sheet = editingSheet();
    const history = await eventually(
      () => admin.get<KeyResultHistory>(`/key-results/${created.renewalRate}/history`),
      (h) => h.entries.some((entry) => entry.eventType === 'KeyResultChanged'),
      'the target change in the KR history view',
    );
    env.spreadsheet.setActiveRange(sheet.getRange(`C${rowOfId(sheet, created.renewalRate).row}`));

    // Act
    script.showKeyResultHistory();

    // Assess: one row per server event, oldest first
    const timeline = session.sheet('KR history');
    expect(env.spreadsheet.getActiveSheet().getName()).toBe('KR history');
    const values = timeline.inspect().values(`A1:O${2 + history.entries.length}`);
    expect(String(values[0]?.[0])).toContain(`(${created.renewalRate})`);
    const rows = values.slice(2);
    expect(rows.map((row) => [row[2], row[4], row[5], row[9]])).toEqual(
      history.entries.map((entry) => [
        entry.recordedBy.email,
        entry.summary,
        entry.value ?? '',
        entry.reason ?? '',
      ]),
    );
    // Column O says where each check-in came from: this one was typed (sidebar or sheet).
    expect(rows.map((row) => row[14])).toEqual(
      history.entries.map((entry) => (entry.eventType === 'CheckInRecorded' ? 'typed' : '')),
    );
    expect(rows.map((row) => (row[0] as Date).toISOString())).toEqual(
      history.entries.map((entry) => new Date(entry.recordedAt).toISOString()),
    );
    expect(history.entries.map((entry) => entry.eventType)).toEqual([
      'KeyResultAdded',
      'CheckInRecorded',
      'KeyResultChanged',
    ]);
    const changeRow = 3 + history.entries.findIndex((entry) => entry.eventType === 'KeyResultChanged');
    expect(timeline.inspect().cell(`A${changeRow}`).format.background).toBe(COLORS.midCycle);
    expect(timeline.inspect().cell(`E${changeRow}`).note).toContain('target: 92 → 95');
    // Assess: the chart draws the check-ins that count
    const [chart, ...others] = timeline.inspect().charts();
    expect(others).toEqual([]);
    expect(chart?.type).toBe('LINE');
    const [range = ''] = chart?.ranges ?? [];
    const chartData = timeline.inspect().values(range);
    // …against the target in force at each date: 92 when added, 95 from the mid-cycle change on.
    expect(chartData[0]).toEqual(['Effective', 'Value in %', 'Target in %']);
    expect(
      chartData
        .slice(1)
        .map((row) => row[1])
        .filter((value) => value !== ''),
    ).toEqual([84]);
    expect(chartData.slice(1).map((row) => row[2])).toEqual([92, 92, 95]);
  });

  it('builds the changes sheet from the audit: every entry of the server, coloured by kind', async () => {
    // Prepare
    const { env, script } = session;
    editingSheet().activate();
    const audit = await eventually(
      () => admin.get<ChangesResponse>(`/cycles/${CYCLE}/changes`),
      (response) => response.entries.filter((entry) => entry.objectiveId === created.objectiveId).length >= 5,
      'the new objective’s KRs and edits in the audit view',
    );
    env.ui.queuePromptResponse(''); // no filter
    const mark = env.fetchLog.length;

    // Act
    script.showMidCycleChanges();

    // Assess
    expect(fetchedPaths(mark)).toEqual([`GET /cycles/${CYCLE}/changes`]);
    const changes = session.sheet(`Changes ${CYCLE}`);
    const values = changes.inspect().values(`A1:K${2 + audit.entries.length}`);
    expect(String(values[0]?.[0])).toBe(
      `Mid-cycle changes · ${CYCLE} · all changes · ${audit.entries.length} entries`,
    );
    const kinds: Record<string, string> = {
      definition_change: 'definition change',
      key_result_added: 'KR added',
      key_result_removed: 'KR removed',
      objective_archived: 'objective archived',
      late_check_in: 'late check-in',
      correction: 'correction',
      grade_override: 'grade override',
      reopen: 'reopened',
      close: 'closed',
    };
    const shown = (value: unknown) => (value === null || value === undefined ? '' : value);
    // Before/after are free-form: a missing side reads "—", a whole definition reads as its JSON.
    const readable = (value: unknown) =>
      value === null || value === undefined ? '—' : typeof value === 'object' ? JSON.stringify(value) : value;
    expect(
      values.slice(2).map((row) => [row[1], row[2], row[3], row[4], row[7], row[8], row[9], row[10]]),
    ).toEqual(
      audit.entries.map((entry) => [
        entry.by.email,
        kinds[entry.kind],
        shown(entry.objectiveTitle),
        shown(entry.keyResultTitle),
        shown(entry.field),
        readable(entry.before),
        readable(entry.after),
        shown(entry.reason),
      ]),
    );
    // Our objective's entries: its three KRs added with the objective row's reason, the target change.
    const ours = values
      .slice(2)
      .filter((_, index) => audit.entries[index]?.objectiveId === created.objectiveId);
    expect(
      ours
        .filter((row) => row[2] === 'KR added')
        .map((row) => [row[4], row[10]])
        .sort(),
    ).toEqual(NEW_KEY_RESULTS.map((kr) => [kr.title, 'The board review added a renewals goal']).sort());
    expect(ours.filter((row) => row[7] === 'target').map((row) => [row[8], row[9], row[10]])).toEqual([
      [92, 95, 'Sales took over three more enterprise accounts'],
    ]);
    expect(
      changes
        .inspect()
        .notes(`A3:A${2 + audit.entries.length}`)
        .map(([note]) => note),
    ).toEqual(
      audit.entries.map(
        (entry) => `${entry.id}${entry.keyResultId === null ? '' : ` · ${entry.keyResultId}`}`,
      ),
    );
    const rules = changes.inspect().conditionalFormats();
    expect(rules.length).toBeGreaterThan(0);
    expect(rules.every((rule) => rule.ranges[0] === `A3:K${2 + audit.entries.length}`)).toBe(true);
  });

  it('closes the cycle after the admin confirms', async () => {
    // Prepare
    const { env, script } = session;
    editingSheet().activate();
    env.ui.queueAlertResponse('YES');
    const mark = env.fetchLog.length;
    const alerts = env.ui.alerts.length;

    // Act
    script.closeCycle();

    // Assess
    expect(session.alertsSince(alerts).map((alert) => alert.title)).toEqual([
      `Close ${CYCLE}?`,
      'Cycle closed',
    ]);
    expect(env.ui.alerts.at(-1)?.prompt).toContain(`${CYCLE} is closed.`);
    expect(fetchedPaths(mark)).toEqual([`POST /cycles/${CYCLE}/close`]);
    const cycle = await admin.get<CycleView>(`/cycles/${CYCLE}`);
    expect(cycle.status).toBe('closed');
    expect(cycle.closedAt).not.toBeNull();
  });

  it('builds the grades sheet: frozen grades, band colours, missed commitments, the hidden grades store', async () => {
    // Prepare
    const { env, script } = session;
    const report = await eventually(
      () => admin.get<GradesReport>(`/cycles/${CYCLE}/grades`),
      (r) => r.frozen && r.rows.some((row) => row.objectiveId === created.objectiveId),
      'frozen grades',
    );

    // Act
    script.showGrades();

    // Assess: one row per grade of the server
    const grades = session.sheet(`Grades ${CYCLE}`);
    const view = grades.inspect();
    const values = view.values(`A1:P${2 + report.rows.length}`);
    expect(String(values[0]?.[0])).toBe(`Quarter-end grades · ${CYCLE} · closed · frozen at close`);
    expect(
      values.slice(2).map((row) => [row[0], row[1], row[6], row[7], row[8], row[11], row[12], row[15]]),
    ).toEqual(
      report.rows.map((row) => [
        row.targetType === 'objective' ? 'Objective' : 'Key result',
        row.title,
        row.final,
        row.computed,
        row.original ?? '',
        row.band,
        row.missedCommitment ? 'yes' : '',
        row.keyResultId ?? row.objectiveId,
      ]),
    );
    const gradeColumn = 'G';
    expect(view.conditionalFormats().map((rule) => [rule.ranges, rule.style.background])).toEqual([
      [[`${gradeColumn}3:${gradeColumn}${2 + report.rows.length}`], COLORS.green],
      [[`${gradeColumn}3:${gradeColumn}${2 + report.rows.length}`], COLORS.yellow],
      [[`${gradeColumn}3:${gradeColumn}${2 + report.rows.length}`], COLORS.red],
    ]);
    const ourObjective = report.rows.findIndex(
      (row) => row.targetType === 'objective' && row.objectiveId === created.objectiveId,
    );
    expect(report.rows[ourObjective]?.missedCommitment).toBe(true);
    expect(view.cell(`B${3 + ourObjective}`).format.fontColor).toBe('#c5221f');
    expect(view.cell(`M${3 + ourObjective}`).note).toBe('A committed objective is delivered only at 1.0');
    const ourKeyResult = report.rows.findIndex((row) => row.keyResultId === created.renewalRate);
    expect(report.rows[ourKeyResult]?.original).toBeNull();
    expect(view.cell(`I${3 + ourKeyResult}`).note).toBe('Added mid-cycle: no original definition');
    const changedBefore = report.rows.findIndex(
      (row) => row.original !== null && row.original !== row.computed,
    );
    if (changedBefore >= 0) {
      expect(view.cell(`I${3 + changedBefore}`).note).toContain(
        'Differs from the computed grade because of mid-cycle changes',
      );
    }
    const [chart] = view.charts();
    expect(chart?.type).toBe('BAR');
    const store = session.sheet('_okr_grades');
    expect(store.isSheetHidden()).toBe(true);
    expect(
      store
        .inspect()
        .values()
        .slice(1)
        .map((row) => [row[0], row[2], row[4], row[8]]),
    ).toEqual(report.rows.map((row) => [CYCLE, row.keyResultId ?? row.objectiveId, row.final, true]));
    expect(env.ui.toasts.at(-1)?.title).toBe(`Grades ${CYCLE}`);
  });

  it('evaluates OKR_GRADE from the pulled grades, without calling the API', async () => {
    // Prepare
    const { env, script } = session;
    const report = await admin.get<GradesReport>(`/cycles/${CYCLE}/grades`);
    const gradeOf = (id: string) =>
      report.rows.find((row) => (row.keyResultId ?? row.objectiveId) === id)?.final;
    const requests = env.counters.httpRequests;

    // Act
    const single = env.runAsCustomFunction(() => script.OKR_GRADE(created.renewalRate));
    const many = plain(
      env.runAsCustomFunction(() =>
        script.OKR_GRADE([[created.objectiveId], [created.timeToRenew], ['']], CYCLE),
      ),
    );

    // Assess
    expect(single).toBe(gradeOf(created.renewalRate));
    expect(many).toEqual([[gradeOf(created.objectiveId)], [gradeOf(created.timeToRenew)], ['']]);
    expect(env.counters.httpRequests).toBe(requests);
    expect(() => env.runAsCustomFunction(() => script.OKR_GRADE('kr_notpulled000'))).toThrow(
      'No grade for kr_notpulled000',
    );
  });

  it('stops the stack on SIGINT, leaving no process behind', async () => {
    // Prepare
    const { pid, dynamoPid } = stack.info;
    if (dynamoPid === null) throw new Error('this stack runs a DynamoDB Local of its own');
    expect(processAlive(dynamoPid)).toBe(true);

    // Act
    await stack.stop();

    // Assess
    expect(processAlive(pid)).toBe(false);
    expect(processAlive(dynamoPid)).toBe(false);
    expect(groupAlive(stack.pgid)).toBe(false);
  });
});
