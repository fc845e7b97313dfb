// Carry over from the sheet, end to end: the BUILT add-on in the Apps Script fakes, UrlFetchApp doing real
// HTTP to the local stack (DynamoDB Local underneath) seeded with the demo. An admin creates 2027-Q1; the
// editor, on the 2026-Q4 sheet, opens "Carry over to next cycle…": the next cycle is proposed and the
// unfinished KRs come ticked. Carrying one objective's KRs twice creates them once, and the pulled 2027-Q1
// sheet shows the carried KRs, each starting at the last value of the KR it continues.
import type { Board, CycleView } from '@okr-ledger/api-contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CarryOverChoices } from '../../addon/src/core/carry-over.js';
import { editingSheetName } from '../../addon/src/core/columns.js';
import { menuEntries } from '../../addon/src/core/menu.js';
import { DEMO } from '../../functions/local/src/seed.js';
import {
  type AddonSession,
  buildAddonBundle,
  openSpreadsheet,
  plain,
  connectTo,
} from './support/addon-session.js';
import { editingRows } from './support/editing-sheet.js';
import { type LocalStack, startLocalStack } from './support/local-stack.js';
import { StackApi } from './support/stack-api.js';

const SOURCE = DEMO.cycleId;
const TARGET = '2027-Q1';
const OBJECTIVE = 'obj_onboarding_speed';

let stack: LocalStack;
let session: AddonSession;
let admin: StackApi;
let sourceBoard: Board;

const errorsShown = () =>
  session.env.ui.alerts
    .map((alert) => `${alert.title}: ${alert.prompt}`)
    .filter((text) => !text.startsWith('Connected'));

beforeAll(async () => {
  const [started, built] = await Promise.all([startLocalStack(), buildAddonBundle()]);
  stack = started;
  admin = new StackApi(stack.url, DEMO.org, await stack.token(DEMO.admin));
  await admin.post<CycleView>('/cycles', {
    cycleId: TARGET,
    startsOn: '2027-01-01',
    endsOn: '2027-03-31',
    timeZone: DEMO.timeZone,
  });
  sourceBoard = await admin.get<Board>(`/cycles/${SOURCE}/okrs`, { consistent: 'true' });
  session = openSpreadsheet(built, { email: DEMO.editor, token: await stack.token(DEMO.editor) });
  connectTo(session, stack.url, DEMO.org);
}, 150_000);

afterAll(async () => {
  await session?.dispose();
  await stack?.stop();
});

describe('carry over from the sheet', () => {
  let choices: CarryOverChoices;

  it('offers the editor the item, opens the dialog, and proposes the next cycle with the unfinished KRs ticked', () => {
    const { env, script } = session;
    expect(menuEntries('editor').some((e) => e !== 'separator' && e.functionName === 'openCarryOver')).toBe(
      true,
    );
    script.pullWithOptions({ cycleId: SOURCE });
    session.sheet(editingSheetName(SOURCE)).activate();
    script.openCarryOver();
    expect(errorsShown()).toEqual([]);
    expect(env.ui.dialogs.at(-1)?.title).toBe('Carry over to next cycle…');
    expect(env.ui.dialogs.at(-1)?.content).toContain('Key results to carry');

    choices = plain(script.loadCarryOverOptions('')) as CarryOverChoices;

    expect(choices.sourceCycleId).toBe(SOURCE);
    expect(choices.targetCycleId).toBe(TARGET);
    const ticked = choices.objectives.flatMap((o) =>
      o.keyResults.filter((kr) => kr.selected).map((kr) => kr.id),
    );
    const unfinished = sourceBoard.objectives
      .filter((o) => !o.archived)
      .flatMap((o) => o.keyResults.filter((kr) => !kr.removed && kr.progress < 1).map((kr) => kr.id));
    expect(ticked.sort()).toEqual(unfinished.sort());
    expect(ticked.length).toBeGreaterThan(0);
  });

  it('carries the ticked KRs of one objective twice: created once, and the 2027-Q1 sheet shows them at their last values', async () => {
    const { script } = session;
    const objective = choices.objectives.find((o) => o.id === OBJECTIVE);
    const krIds = objective?.keyResults.filter((kr) => kr.selected).map((kr) => kr.id) ?? [];
    expect(krIds.length).toBeGreaterThan(0);
    const form = {
      sourceCycleId: SOURCE,
      targetCycleId: TARGET,
      objectiveIds: [OBJECTIVE],
      keyResultIds: krIds,
      pull: true,
    };

    const first = plain(script.submitCarryOver(form)) as { message: string };
    const second = plain(script.submitCarryOver(form)) as { message: string };

    expect(errorsShown()).toEqual([]);
    expect(first.message).toContain(
      `Carried into ${TARGET}: 1 new objective and ${krIds.length} new key result${krIds.length === 1 ? '' : 's'}`,
    );
    expect(second.message).toContain(
      `Nothing new was created: everything chosen was already carried into ${TARGET}.`,
    );

    const target = await admin.get<Board>(`/cycles/${TARGET}/okrs`, { consistent: 'true' });
    expect(target.objectives).toHaveLength(1);
    const carried = target.objectives[0];
    expect(carried?.keyResults).toHaveLength(krIds.length);

    const old = sourceBoard.objectives.find((o) => o.id === OBJECTIVE);
    const rows = editingRows(session.sheet(editingSheetName(TARGET)));
    for (const [index, id] of krIds.entries()) {
      const before = old?.keyResults.find((kr) => kr.id === id);
      const after = carried?.keyResults[index];
      expect(after?.title).toBe(before?.title);
      const moving = before?.type === 'increase' || before?.type === 'decrease';
      const expectedStart = moving ? (before?.current ?? before?.start) : before?.start;
      expect(after?.start).toBe(expectedStart);
      const row = rows.find((r) => r.id === after?.id);
      expect(row?.title).toBe(before?.title);
      if (expectedStart !== null && expectedStart !== undefined) expect(row?.start).toBe(expectedStart);
    }
    expect(rows.filter((r) => String(r.id).startsWith('obj_')).map((r) => r.id)).toEqual([carried?.id]);
  });
});
