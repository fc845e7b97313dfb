// Teams and alignment from the sheet, end to end: the BUILT add-on in the Apps Script fakes, UrlFetchApp doing
// real HTTP to the local stack (DynamoDB Local underneath), seeded with the demo's teams and its 2026 company
// objective. The admin pulls the quarter by team (Go-to-market brings its sub-teams' objectives), then pulls
// the Data team, picks the company objective by its title from the Parent objective dropdown of its objective
// (the Team dropdown shows names too), pushes — the server gets the id — and lays out the Alignment sheet: the
// Data objective now sits under the company objective, as the server holds.
import type { AlignmentResponse, Board } from '@okr-ledger/api-contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { columnNumber } from '../../addon/src/core/columns.js';
import type { PullChoices } from '../../addon/src/core/pull-options.js';
import { alignmentSheetName } from '../../addon/src/core/reports/alignment.js';
import { DEMO } from '../../functions/local/src/seed.js';
import { COMPANY_OBJECTIVE } from '../../functions/local/src/seed-alignment.js';
import {
  type AddonSession,
  buildAddonBundle,
  openSpreadsheet,
  plain,
  connectTo,
} from './support/addon-session.js';
import { editingRows, rowOfId, typeInto } from './support/editing-sheet.js';
import { type LocalStack, startLocalStack } from './support/local-stack.js';
import { eventually, StackApi } from './support/stack-api.js';

const CYCLE = DEMO.cycleId;
const EDITING = `OKRs ${CYCLE}`;
const DATA_OBJECTIVE = 'obj_data_foundation';
const COMPANY_TITLE = 'Become the easiest B2B tool to start with';

let stack: LocalStack;
let session: AddonSession;
let admin: StackApi;

const objectiveIds = () =>
  editingRows(session.sheet(EDITING))
    .map((row) => String(row.id))
    .filter((id) => id.startsWith('obj_'));
const errorsShown = () =>
  session.env.ui.alerts
    .map((alert) => `${alert.title}: ${alert.prompt}`)
    .filter((text) => !text.startsWith('Connected'));

beforeAll(async () => {
  const [started, built] = await Promise.all([startLocalStack(), buildAddonBundle()]);
  stack = started;
  const token = await stack.token(DEMO.admin);
  admin = new StackApi(stack.url, DEMO.org, token);
  session = openSpreadsheet(built, { email: DEMO.admin, token });
  connectTo(session, stack.url, DEMO.org);
}, 150_000);

afterAll(async () => {
  await session?.dispose();
  await stack?.stop();
});

describe('alignment from the sheet', () => {
  it('offers the teams in the Pull dialog and pulls a team with its sub-teams', () => {
    const choices = plain(session.script.loadPullOptions()) as PullChoices;
    expect(choices.teams).toEqual(
      expect.arrayContaining([
        { id: 'team_gtm', label: 'Go-to-market' },
        { id: 'team_support', label: 'Go-to-market › Support' },
        { id: 'team_data', label: 'Data' },
      ]),
    );

    session.script.pullWithOptions({ cycleId: CYCLE, team: 'team_gtm' });

    expect(errorsShown()).toEqual([]);
    const pulled = objectiveIds();
    // "Customer Success" and "Support" were typed before teams existed: both read as sub-teams of Go-to-market.
    expect(pulled).toEqual(expect.arrayContaining(['obj_onboarding_speed', 'obj_customer_churn']));
    expect(pulled).not.toContain(DATA_OBJECTIVE);
    expect(pulled).not.toContain('obj_apac_feasibility');
  });

  it('aligns the Data objective to the company objective picked from its dropdown, and pushes it', async () => {
    const { script } = session;
    script.pullWithOptions({ cycleId: CYCLE, team: 'team_data' });
    const sheet = session.sheet(EDITING);
    expect(objectiveIds()).toEqual([DATA_OBJECTIVE]);
    const { row } = rowOfId(sheet, DATA_OBJECTIVE);
    const cell = sheet.getRange(row, columnNumber('parentObjective'));
    expect(cell.getValue()).toBe('');
    const offered = (cell.getDataValidation()?.getCriteriaValues()[0] ?? []) as string[];
    const companyLabel = `${COMPANY_TITLE} (2026)`;
    expect(offered).toContain(companyLabel);
    expect(offered).toContain('Make customer onboarding dramatically faster and more predictable');
    // Only this cycle's and the enclosing year's: the closed Q3's objectives are not offered.
    expect(offered.filter((label) => label.includes('2026-Q3'))).toEqual([]);
    expect(offered.filter((label) => label.startsWith('obj_'))).toEqual([]);
    const teamCell = sheet.getRange(row, columnNumber('team'));
    const teams = (teamCell.getDataValidation()?.getCriteriaValues()[0] ?? []) as string[];
    expect(teams).toEqual(expect.arrayContaining(['Go-to-market', 'Data', 'Support']));
    expect(teamCell.getValue()).toBe('Data');

    cell.setValue(offered.find((label) => label === companyLabel) ?? '');
    typeInto(sheet, row, 'reason', 'The data foundation serves the company objective');
    sheet.activate();
    script.pushChanges();

    expect(errorsShown()).toEqual([]);
    const board = await eventually(
      () => admin.get<Board>(`/cycles/${CYCLE}/okrs`, { consistent: 'true' }),
      (current) =>
        current.objectives.find((o) => o.id === DATA_OBJECTIVE)?.parentObjectiveId === COMPANY_OBJECTIVE,
      'the parent on the server',
    );
    expect(board.objectives.find((o) => o.id === DATA_OBJECTIVE)?.parentObjectiveId).toBe(COMPANY_OBJECTIVE);
    expect(cell.getValue()).toBe(companyLabel);
    expect(teamCell.getValue()).toBe('Data');
  });

  it('shows the Data objective under the company objective on the Alignment sheet', async () => {
    await eventually(
      () => admin.get<AlignmentResponse>(`/cycles/${CYCLE}/alignment`),
      (view) => view.objectives.find((o) => o.id === DATA_OBJECTIVE)?.parentObjectiveId === COMPANY_OBJECTIVE,
      'the alignment view to show the new link',
    );
    session.sheet(EDITING).activate();
    session.script.showAlignment();

    expect(errorsShown()).toEqual([]);
    const values = session.sheet(alignmentSheetName(CYCLE)).inspect().values();
    const idColumn = 9;
    const rowOf = (id: string) => values.findIndex((row) => row[idColumn] === id);
    const parentRow = rowOf(COMPANY_OBJECTIVE);
    const childRow = rowOf(DATA_OBJECTIVE);
    expect(parentRow).toBeGreaterThanOrEqual(2);
    expect(childRow).toBeGreaterThan(parentRow);
    expect(String(values[parentRow]?.[0])).toBe(COMPANY_TITLE);
    expect(String(values[childRow]?.[0])).toMatch(/^ {4}↳ /);
    expect(values[childRow]?.[2]).toBe('Data');
    // Every row between them is deeper than the company objective: the child is in its subtree.
    for (const between of values.slice(parentRow + 1, childRow)) expect(String(between[0])).toMatch(/^ {4}/);
  });
});
