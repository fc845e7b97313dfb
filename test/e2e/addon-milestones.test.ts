// Milestone KRs and initiative links typed in the sheet, pushed by the BUILT add-on to the real local stack:
// a milestone KR with weighted milestones is created from one cell, edited (ids of unchanged titles kept),
// and an initiative names the KR it serves — asserting the sheet and what the server holds.
import type { Board, KeyResultView } from '@okr-ledger/api-contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../../functions/local/src/seed.js';
import { type AddonSession, buildAddonBundle, openSpreadsheet } from './support/addon-session.js';
import { cellAt, editingRows, firstBlankRow, rowOfId, typeInto, typeRow } from './support/editing-sheet.js';
import { type LocalStack, startLocalStack } from './support/local-stack.js';
import { StackApi } from './support/stack-api.js';

const CYCLE = '2027-Q2';
const EDITING = `OKRs ${CYCLE}`;
const OBJECTIVE = 'obj_milestones_e2e';
const PILOT = 'Pilot the guided onboarding with 3 customers';
const PLAYBOOK = 'Write the onboarding playbook';

let stack: LocalStack;
let session: AddonSession;
let api: StackApi;

/** The server's board straight from the streams (what a pull reads). */
const serverBoard = () => api.get<Board>(`/cycles/${CYCLE}/okrs`, { consistent: 'true' });
const serverKeyResult = async (title: string): Promise<KeyResultView | undefined> =>
  (await serverBoard()).objectives[0]?.keyResults.find((kr) => kr.title === title);

beforeAll(async () => {
  const [started, built] = await Promise.all([startLocalStack(), buildAddonBundle()]);
  stack = started;
  const [adminToken, editorToken] = await Promise.all([stack.token(DEMO.admin), stack.token(DEMO.editor)]);
  api = new StackApi(stack.url, DEMO.org, adminToken);
  // A cycle still in planning: definition changes need no reason yet.
  await api.post('/cycles', { cycleId: CYCLE, startsOn: '2027-04-01', endsOn: '2027-06-30' });
  await api.post(`/cycles/${CYCLE}/commands`, {
    commands: [
      {
        type: 'CreateObjective',
        commandId: 'seed-milestones-objective',
        objectiveId: OBJECTIVE,
        definition: { title: 'Make onboarding effortless', owner: DEMO.editor, team: 'Customer Success' },
      },
    ],
  });
  session = openSpreadsheet(built, { email: DEMO.editor, token: editorToken });
  session.env.ui.queuePromptResponse(stack.url);
  session.env.ui.queuePromptResponse(DEMO.org);
  session.script.connect();
  session.script.pullWithOptions({ cycleId: CYCLE });
}, 150_000);

afterAll(async () => {
  await session?.dispose();
  await stack?.stop();
});

describe('milestones and initiative links from the sheet', () => {
  it('creates a milestone KR from one cell and an initiative serving it', async () => {
    // Prepare
    const sheet = session.sheet(EDITING);
    const row = firstBlankRow(sheet);
    typeRow(sheet, row, {
      kind: 'Key result',
      title: PILOT,
      owner: DEMO.editor,
      type: 'milestone',
      milestones: 'Design approved; Pilot built; Pilot live ×2',
    });
    typeRow(sheet, row + 1, { kind: 'Initiative', title: PLAYBOOK, owner: DEMO.editor, servesKr: PILOT });

    // Act
    session.script.pushChanges();

    // Assess: the server holds the milestones with their weights, and the initiative's link.
    const pilot = await serverKeyResult(PILOT);
    expect(pilot?.type).toBe('milestone');
    expect(pilot?.milestones.map(({ title, weight, done }) => ({ title, weight, done }))).toEqual([
      { title: 'Design approved', weight: 1, done: false },
      { title: 'Pilot built', weight: 1, done: false },
      { title: 'Pilot live', weight: 2, done: false },
    ]);
    const initiative = (await serverBoard()).objectives[0]?.initiatives.find((i) => i.title === PLAYBOOK);
    expect(initiative?.keyResultId).toBe(pilot?.id);
    // …and the rows carry the ids the server knows.
    const rows = editingRows(sheet);
    expect(rows.find((r) => r.title === PILOT)?.id).toBe(pilot?.id);
    expect(rows.find((r) => r.title === PLAYBOOK)?.id).toBe(initiative?.id);
  });

  it('edits the milestones in place, keeping the ids of unchanged titles', async () => {
    // Prepare
    const before = await serverKeyResult(PILOT);
    if (!before) throw new Error('the pilot KR exists');
    const sheet = session.sheet(EDITING);
    const { row } = rowOfId(sheet, before.id);

    // Act
    typeInto(sheet, row, 'milestones', 'Design approved; Pilot built; Pilot live ×2; Rolled out to all');
    session.script.pushChanges();

    // Assess
    const after = await serverKeyResult(PILOT);
    expect(after?.milestones.slice(0, 3).map((m) => m.id)).toEqual(before.milestones.map((m) => m.id));
    expect(after?.milestones[3]).toMatchObject({ title: 'Rolled out to all', weight: 1 });
    expect(after?.milestones[3]?.id).toMatch(/^ms_[A-Za-z0-9_-]{8,40}$/);
    expect(cellAt(sheet, row, 'milestones').note ?? '').toBe('');
  });

  it('refuses a milestone cell with text where a weight belongs, on the cell, sending nothing', async () => {
    // Prepare
    const before = await serverKeyResult(PILOT);
    if (!before) throw new Error('the pilot KR exists');
    const sheet = session.sheet(EDITING);
    const { row } = rowOfId(sheet, before.id);
    const posts = session.env.fetchLog.filter((entry) => entry.method === 'POST').length;

    // Act
    typeInto(sheet, row, 'milestones', 'Design approved; Pilot built ×many');
    session.script.pushChanges();

    // Assess
    expect(session.env.fetchLog.filter((entry) => entry.method === 'POST').length).toBe(posts);
    expect(cellAt(sheet, row, 'milestones').note).toMatch(/Milestones/);
    expect((await serverKeyResult(PILOT))?.milestones).toHaveLength(4);
  });
});
