// The BUILT add-on in a sheet a real team has made its own, against the local stack: after a first pull
// the team inserts two columns (one with formulas on the Current value column), adds a conditional format,
// a note and a colour, sorts an objective's KR rows by owner, filters by team and renames a header. Then
// pull, edit, push and a sidebar check-in all go through without a single error, everything the team did
// is still there, rows stay where the team put them, and the server holds exactly the edits made.
import type { Board, KeyResultHistory, KeyResultView } from '@okr-ledger/api-contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EDITING_COLUMNS } from '../../addon/src/core/columns.js';
import { DEMO } from '../../functions/local/src/seed.js';
import type { CellValue, FakeSheet } from '../support/apps-script/index.js';
import {
  type AddonSession,
  buildAddonBundle,
  openSpreadsheet,
  plain,
  connectTo,
} from './support/addon-session.js';
import { type LocalStack, startLocalStack } from './support/local-stack.js';
import { eventually, StackApi } from './support/stack-api.js';

const CYCLE = DEMO.cycleId;
const EDITING = `OKRs ${CYCLE}`;
const OBJECTIVE = 'obj_onboarding_speed';
const KRS = ['kr_onboarding_days', 'kr_week2_adoption', 'kr_onboarding_csat'] as const;
/** Owners the team assigns first, so a sort by owner puts the KRs in another order. */
const OWNERS: Record<(typeof KRS)[number], string> = {
  kr_onboarding_days: DEMO.viewer,
  kr_week2_adoption: DEMO.admin,
  kr_onboarding_csat: DEMO.editor,
};

let stack: LocalStack;
let session: AddonSession;
let admin: StackApi;
const today = () => new Date().toISOString().slice(0, 10);
const yesterday = () => new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
const consistentBoard = () => admin.get<Board>(`/cycles/${CYCLE}/okrs`, { consistent: 'true' });

function keyResult(board: Board, id: string): KeyResultView {
  const found = board.objectives.flatMap((o) => o.keyResults).find((kr) => kr.id === id);
  if (found === undefined) throw new Error(`no key result ${id} on the server`);
  return found;
}

function sheet(): FakeSheet {
  return session.sheet(EDITING);
}

/** The sheet column whose row-2 header is `header` (as a person reads the sheet). */
function column(header: string): number {
  const headers = sheet().inspect().values('2:2')[0] ?? [];
  const index = headers.indexOf(header);
  if (index < 0) throw new Error(`no header "${header}" in ${JSON.stringify(headers)}`);
  return index + 1;
}

function value(row: number, header: string): CellValue {
  return sheet().getRange(row, column(header)).getValue();
}

function rowOf(id: string): number {
  const ids = sheet()
    .getRange(1, column('Id'), sheet().getMaxRows(), 1)
    .getValues()
    .map(([cell]) => cell);
  const index = ids.indexOf(id);
  if (index < 0) throw new Error(`no row holds ${id}`);
  return index + 1;
}

/** Every id in the sheet, top to bottom: the order the team left the rows in. */
function idOrder(): string[] {
  const ids = sheet().getRange(3, column('Id'), sheet().getLastRow(), 1).getValues();
  return ids.map(([cell]) => String(cell)).filter((id) => id !== '');
}

function type(row: number, header: string, text: CellValue): void {
  sheet().getRange(row, column(header)).setValue(text);
}

function errorsShown(): string[] {
  return session.env.ui.alerts.map((alert) => `${alert.title}: ${alert.prompt}`);
}

beforeAll(async () => {
  const [started, built] = await Promise.all([startLocalStack(), buildAddonBundle()]);
  stack = started;
  const token = await stack.token(DEMO.admin);
  admin = new StackApi(stack.url, DEMO.org, token);
  session = openSpreadsheet(built, { email: DEMO.admin, token });
  connectTo(session, stack.url, DEMO.org);
  const { script } = session;
  script.pullWithOptions({ cycleId: CYCLE }); // the Pull dialog's answer
  // The team assigns KR owners and pushes them: the starting point of the story.
  for (const id of KRS) type(rowOf(id), 'Owner', OWNERS[id]);
  type(rowOf(OBJECTIVE), 'Reason for change', 'Each KR gets an owner');
  script.pushChanges();
}, 150_000);

afterAll(async () => {
  await session?.dispose();
  await stack?.stop();
});

describe('a real team’s sheet', () => {
  const comments = new Map<string, string>();
  let orderAfterSort: string[] = [];
  let before: Board;

  it('starts from a clean first pull and push', async () => {
    expect(errorsShown().filter((text) => !text.startsWith('Connected'))).toEqual([]);
    const board = await consistentBoard();
    for (const id of KRS) expect(keyResult(board, id).owner).toBe(OWNERS[id]);
  });

  it('lets the team rearrange the sheet the way teams do', () => {
    const { env } = session;
    const s = sheet();
    // Two columns of their own: comments after Title, and a formula column after Current value.
    s.insertColumnAfter(column('Title'));
    s.getRange(2, column('Title') + 1).setValue('Comments');
    s.insertColumnAfter(column('Current value'));
    s.getRange(2, column('Current value') + 1).setValue('Double');
    const currentLetter = String.fromCharCode(64 + column('Current value'));
    for (const id of KRS) {
      const row = rowOf(id);
      comments.set(id, `urgent: follow up on ${id}`);
      s.getRange(row, column('Comments')).setValue(comments.get(id));
      s.getRange(row, column('Double')).setFormula(`=${currentLetter}${row}*2`);
    }
    // Formatting of their own: a conditional rule, a note and a colour on one of the add-on's cells.
    const rule = env.globals.SpreadsheetApp.newConditionalFormatRule()
      .whenTextContains('urgent')
      .setBackground('#ffff00')
      .setRanges([s.getRange(3, column('Comments'), 100, 1)])
      .build();
    s.setConditionalFormatRules([...s.getConditionalFormatRules(), rule]);
    s.getRange(rowOf('kr_week2_adoption'), column('Title')).setNote('Ask Dana about the cohort');
    s.getRange(rowOf('kr_onboarding_csat'), column('Title')).setBackground('#d9ead3');
    // The objective's KR rows sorted by owner, a filter on the team, and a header renamed.
    const first = Math.min(...KRS.map(rowOf));
    s.getRange(first, 1, KRS.length, s.getLastColumn()).sort(column('Owner'));
    const filter = s.getRange(2, 1, s.getLastRow() - 1, s.getLastColumn()).createFilter();
    filter.setColumnFilterCriteria(
      column('Team'),
      env.globals.SpreadsheetApp.newFilterCriteria().setHiddenValues(['Support']).build(),
    );
    s.getRange(2, column('Current value')).setValue('Now');

    orderAfterSort = idOrder();
    expect(KRS.map(rowOf)).toEqual([first + 2, first, first + 1]);
  });

  it('pulls into the rearranged sheet without touching what the team made', async () => {
    // Act
    const mark = session.env.ui.alerts.length;
    session.script.pullCycle();

    // Assess
    expect(session.alertsSince(mark)).toEqual([]);
    expect(session.env.ui.toasts.at(-1)?.title).toBe(`Pulled ${CYCLE}`);
    assertTeamWorkIntact();
    before = await consistentBoard();
    for (const id of KRS) {
      expect(value(rowOf(id), 'Now')).toBe(keyResult(before, id).current);
      expect(value(rowOf(id), 'Owner')).toBe(OWNERS[id]);
    }
  });

  it('pushes edits typed into moved rows and a renamed column, and nothing else', async () => {
    // Prepare: a check-in typed in the renamed column, dated yesterday, and a target change with its reason
    type(rowOf('kr_onboarding_csat'), 'Now', 8.95);
    type(rowOf('kr_onboarding_csat'), 'Effective date', yesterday());
    type(rowOf('kr_onboarding_days'), 'Target', 8);
    type(rowOf('kr_onboarding_days'), 'Reason for change', 'The pilot beat the plan');
    const mark = session.env.ui.alerts.length;

    // Act
    session.script.pushChanges();

    // Assess: no error, the sheet shows the server's answer, the team's work is intact
    expect(session.alertsSince(mark)).toEqual([]);
    expect(session.env.ui.toasts.at(-1)).toMatchObject({ title: `Pushed ${CYCLE}`, message: '2 saved.' });
    assertTeamWorkIntact();
    const after = await consistentBoard();
    // A back-dated value is current only when nothing is dated after it. The demo seed checks in every
    // Monday morning, so on a Monday the seeded value stays current and 8.95 goes into the history behind it.
    const seeded = keyResult(before, 'kr_onboarding_csat');
    const datedAfter =
      seeded.lastCheckInAt !== null &&
      Date.parse(seeded.lastCheckInAt) > Date.parse(`${yesterday()}T12:00:00.000Z`);
    expect(keyResult(after, 'kr_onboarding_csat').current).toBe(datedAfter ? seeded.current : 8.95);
    expect(keyResult(after, 'kr_onboarding_days').target).toBe(8);
    expect(value(rowOf('kr_onboarding_days'), 'Target')).toBe(8);
    expect(value(rowOf('kr_onboarding_days'), 'Reason for change')).toBe('');
    expect(value(rowOf('kr_onboarding_csat'), 'Effective date')).toBe('');
    // The history view follows the write by a poll of the projector.
    const history = await eventually(
      () => admin.get<KeyResultHistory>('/key-results/kr_onboarding_csat/history'),
      (h) => h.entries.some((entry) => entry.value === 8.95),
      'the sheet check-in in the KR history',
    );
    expect(history.entries.find((entry) => entry.value === 8.95)).toMatchObject({
      effectiveAt: `${yesterday()}T12:00:00.000Z`,
    });
    // Exactly those edits: every other KR is as it was.
    const untouched = (board: Board) =>
      board.objectives.flatMap((o) =>
        o.keyResults
          .filter((kr) => kr.id !== 'kr_onboarding_csat' && kr.id !== 'kr_onboarding_days')
          .map(({ id, title, owner, target, current, checkInCount }) => ({
            id,
            title,
            owner,
            target,
            current,
            checkInCount,
          })),
      );
    expect(untouched(after)).toEqual(untouched(before));
    expect(keyResult(after, 'kr_onboarding_csat')).toMatchObject({
      target: keyResult(before, 'kr_onboarding_csat').target,
      checkInCount: keyResult(before, 'kr_onboarding_csat').checkInCount + 1,
    });
    before = after;
  });

  it('checks in from the sidebar, updating that KR’s row only', async () => {
    // Prepare
    const { env, script } = session;
    const row = rowOf('kr_week2_adoption');
    env.spreadsheet.setActiveRange(sheet().getRange(row, column('Title')));
    const otherRows = idOrder().filter((id) => id !== 'kr_week2_adoption' && id !== OBJECTIVE);
    // Every cell of the other rows, but the hidden Version (the objective's, which the check-in moves on).
    const cellsOf = (id: string) =>
      sheet()
        .getRange(rowOf(id), 1, 1, sheet().getLastColumn())
        .getValues()[0]
        ?.filter((_, index) => index + 1 !== column('Version'));
    const othersBefore = otherRows.map(cellsOf);
    const mark = env.ui.alerts.length;

    // Act
    script.openCheckIn();
    const result = plain(
      script.submitCheckIn({
        keyResultId: 'kr_week2_adoption',
        type: 'increase',
        value: '73',
        done: false,
        milestonesDone: [],
        confidence: 'on track',
        note: 'Role-based paths live',
        effectiveDate: today(),
        today: today(),
        utcOffsetMinutes: 0,
        idempotencyKey: 'e2e-real-team-0001',
      }),
    );

    // Assess
    expect(env.ui.alerts.slice(mark)).toEqual([]);
    expect(result).toEqual({ message: 'Checked in “Increase week-2 product adoption from 41% to 75%”.' });
    expect(value(row, 'Now')).toBe(73);
    expect(otherRows.map(cellsOf)).toEqual(othersBefore);
    const version = value(rowOf(OBJECTIVE), 'Version');
    expect(KRS.map((id) => value(rowOf(id), 'Version'))).toEqual(KRS.map(() => version));
    assertTeamWorkIntact();
    const after = await consistentBoard();
    expect(keyResult(after, 'kr_week2_adoption')).toMatchObject({
      current: 73,
      checkInCount: keyResult(before, 'kr_week2_adoption').checkInCount + 1,
    });
  });

  function assertTeamWorkIntact(): void {
    const s = sheet();
    const view = s.inspect();
    expect(idOrder()).toEqual(orderAfterSort);
    expect(s.getRange(2, column('Now')).getValue()).toBe('Now');
    for (const id of KRS) {
      const row = rowOf(id);
      expect(value(row, 'Comments')).toBe(comments.get(id));
      const letter = String.fromCharCode(64 + column('Now'));
      expect(s.getRange(row, column('Double')).getFormula()).toBe(`=${letter}${row}*2`);
    }
    expect(s.getRange(rowOf('kr_week2_adoption'), column('Title')).getNote()).toContain(
      'Ask Dana about the cohort',
    );
    expect(s.getRange(rowOf('kr_onboarding_csat'), column('Title')).getBackground()).toBe('#d9ead3');
    const rules = s.getConditionalFormatRules().map((rule) => rule.getBooleanCondition().getCriteriaValues());
    expect(rules).toContainEqual(['urgent']);
    const protections = s.getProtections('RANGE').map((p) => p.getDescription());
    expect(protections).toContain('OKR Ledger headers');
    // 6 computed columns (Linked cell included) and 3 hidden ones.
    expect(protections.filter((d) => d.startsWith('OKR Ledger computes'))).toHaveLength(9);
    const filter = s.getFilter();
    expect(filter?.getColumnFilterCriteria(column('Team'))?.getHiddenValues()).toEqual(['Support']);
    // The add-on's columns and the team's 2, headers as the team left them.
    expect(view.values('2:2')[0]?.filter((cell) => cell !== '')).toHaveLength(EDITING_COLUMNS.length + 2);
  }
});
