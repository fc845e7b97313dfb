// The BUILT add-on keeps a KR's value current from a cell, against the local stack: a KR is linked to a
// cell of another sheet of the same spreadsheet (a definition change with its reason, mid-cycle), an
// hourly trigger is installed (at most hourly), the cell's formula changes, the trigger's handler runs
// twice and once more in a second teammate's copy of the document, and exactly one check-in from the
// linked cell lands. A #REF! in the cell writes nothing and is flagged on the row and in attention.
import type { AttentionResponse, Board, KeyResultHistory, KeyResultView } from '@okr-ledger/api-contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../../functions/local/src/seed.js';
import type { CellValue, FakeSheet } from '../support/apps-script/index.js';
import {
  type AddonSession,
  type BuiltAddon,
  buildAddonBundle,
  openSpreadsheet,
} from './support/addon-session.js';
import { type LocalStack, startLocalStack } from './support/local-stack.js';
import { eventually, StackApi } from './support/stack-api.js';

const CYCLE = DEMO.cycleId;
const EDITING = `OKRs ${CYCLE}`;
const KR = 'kr_week2_adoption';
const REASON = 'Week-2 adoption now comes from the Metrics tab';

let stack: LocalStack;
let built: BuiltAddon;
let lead: AddonSession;
let teammate: AddonSession | undefined;
let viewer: StackApi;

function column(sheet: FakeSheet, header: string): number {
  const headers = sheet.inspect().values('2:2')[0] ?? [];
  const index = headers.indexOf(header);
  if (index < 0) throw new Error(`no header "${header}" in ${JSON.stringify(headers)}`);
  return index + 1;
}

function rowOf(sheet: FakeSheet, id: string): number {
  const ids = sheet
    .getRange(1, column(sheet, 'Id'), sheet.getMaxRows(), 1)
    .getValues()
    .map(([cell]) => cell);
  const index = ids.indexOf(id);
  if (index < 0) throw new Error(`no row holds ${id}`);
  return index + 1;
}

function cellOf(session: AddonSession, header: string): CellValue {
  const sheet = session.sheet(EDITING);
  return sheet.getRange(rowOf(sheet, KR), column(sheet, header)).getValue();
}

/** A "Metrics" sheet whose B2 holds a formula; Sheets would calculate it, the fakes report `result`. */
function metricsSheet(session: AddonSession, formula: string, result: CellValue): void {
  const sheet =
    session.env.spreadsheet.getSheetByName('Metrics') ?? session.env.spreadsheet.insertSheet('Metrics');
  sheet.getRange('B2').setFormula(formula);
  sheet.inspect().setFormulaResult('B2', result);
}

function connectAndPull(session: AddonSession): void {
  session.script.onOpen({ authMode: 'FULL' });
  session.env.ui.queuePromptResponse(stack.url);
  session.env.ui.queuePromptResponse(DEMO.org);
  session.script.connect();
  session.script.pullWithOptions({ cycleId: CYCLE });
}

async function consistentKeyResult(): Promise<KeyResultView> {
  const board = await viewer.get<Board>(`/cycles/${CYCLE}/okrs`, { consistent: 'true' });
  const found = board.objectives.flatMap((o) => o.keyResults).find((kr) => kr.id === KR);
  if (found === undefined) throw new Error(`no ${KR} on the server`);
  return found;
}

async function linkedCheckIns(): Promise<KeyResultHistory['entries']> {
  const history = await viewer.get<KeyResultHistory>(`/key-results/${KR}/history`);
  return history.entries.filter(
    (entry) => entry.eventType === 'CheckInRecorded' && entry.source?.kind === 'linked_cell',
  );
}

function runTrigger(session: AddonSession): void {
  const [trigger] = session.env.triggers.installed;
  if (trigger === undefined) throw new Error('no trigger installed');
  session.script.syncLinkedValuesOnSchedule(session.env.triggers.clockEvent(trigger));
}

function alertsOf(session: AddonSession): string[] {
  return session.env.ui.alerts.map((alert) => `${alert.title}: ${alert.prompt}`);
}

beforeAll(async () => {
  const [started, bundle] = await Promise.all([startLocalStack(), buildAddonBundle()]);
  stack = started;
  built = bundle;
  viewer = new StackApi(stack.url, DEMO.org, await stack.token(DEMO.viewer));
  lead = openSpreadsheet(built, { email: DEMO.editor, token: await stack.token(DEMO.editor) });
  connectAndPull(lead);
  metricsSheet(lead, '=ROUND(C2/D2*100)', 58);
}, 150_000);

afterAll(async () => {
  await teammate?.dispose();
  await lead?.dispose();
  await stack?.stop();
});

describe('linked cells from the built add-on', () => {
  it('offers linking in the menu and says the sync runs hourly at most', () => {
    const captions = (lead.env.ui.menus.at(-1)?.items ?? []).flatMap((item) =>
      item.kind === 'item' ? [item.caption] : [],
    );
    expect(captions).toEqual(
      expect.arrayContaining([
        'Link KR to a cell…',
        'Unlink KR’s cell',
        'Sync linked values now (also runs hourly at most)',
      ]),
    );
  });

  it('starts from the demo seed’s one failing link (the docs-review share’s #N/A)', async () => {
    const attention = await viewer.get<AttentionResponse>(`/cycles/${CYCLE}/attention`);
    expect(attention.failingLinks.map((link) => [link.keyResultId, link.problem, link.detail])).toEqual([
      ['kr_docs_reviewed', 'error', '#N/A'],
    ]);
  });

  it('links the selected KR to Metrics!B2 with a reason, installs an hourly trigger and reads the cell at once', async () => {
    // Arrange
    const sheet = lead.sheet(EDITING);
    sheet.activate();
    lead.env.spreadsheet.setActiveRange(sheet.getRange(rowOf(sheet, KR), column(sheet, 'Title')));
    lead.env.ui.queuePromptResponse('Metrics!B2');
    lead.env.ui.queuePromptResponse(REASON);
    const before = (await linkedCheckIns()).length;

    // Act
    lead.script.linkKeyResultToCell();

    // Assess
    expect(alertsOf(lead).at(-1)).toMatch(/^Linked: .*Metrics!B2/s);
    const kr = await consistentKeyResult();
    expect(kr.valueSource).toEqual({
      kind: 'cell',
      spreadsheetId: lead.env.spreadsheet.getId(),
      sheetName: 'Metrics',
      a1: 'B2',
    });
    expect(kr.current).toBe(58);
    const triggers = lead.env.triggers.installed;
    expect(triggers.map((t) => [t.getHandlerFunction(), t.getEventType(), t.everyHours])).toEqual([
      ['syncLinkedValuesOnSchedule', 'CLOCK', 1],
    ]);
    const recorded = await eventually(linkedCheckIns, (e) => e.length >= before + 1, 'the linked check-in');
    expect(recorded.length).toBe(before + 1);
    expect(cellOf(lead, 'Linked cell')).toBe('Metrics!B2');
    expect(cellOf(lead, 'Current value')).toBe(58);
    const audit = await eventually(
      () =>
        viewer.get<{
          entries: { keyResultId: string | null; field: string | null; reason: string | null }[];
        }>(`/cycles/${CYCLE}/changes`, { kind: 'definition_change' }),
      (response) => response.entries.some((e) => e.keyResultId === KR && e.field === 'valueSource'),
      'the link in the mid-cycle change audit',
    );
    expect(audit.entries.find((e) => e.keyResultId === KR && e.field === 'valueSource')?.reason).toBe(REASON);
  });

  it('records exactly one check-in from the cell after it changes, however many triggers run', async () => {
    // Arrange
    metricsSheet(lead, '=ROUND(C2/D2*100)+5', 63);
    const before = await linkedCheckIns();

    // Act
    runTrigger(lead);
    runTrigger(lead);
    teammate = openSpreadsheet(
      built,
      { email: DEMO.admin, token: await stack.token(DEMO.admin) },
      { spreadsheetId: lead.env.spreadsheet.getId() },
    );
    connectAndPull(teammate);
    metricsSheet(teammate, '=ROUND(C2/D2*100)+5', 63);
    teammate.script.syncLinkedValuesOnSchedule({ authMode: 'FULL', triggerUid: 'teammate-hourly' });

    // Assess
    const after = await eventually(
      linkedCheckIns,
      (entries) => entries.length >= before.length + 1,
      'the new linked check-in',
    );
    expect(after.length).toBe(before.length + 1);
    const added = after.at(-1);
    expect(added?.value).toBe(63);
    expect(added?.source).toEqual({
      kind: 'linked_cell',
      spreadsheetId: lead.env.spreadsheet.getId(),
      sheetName: 'Metrics',
      a1: 'B2',
    });
    expect((await consistentKeyResult()).current).toBe(63);
    expect(cellOf(lead, 'Current value')).toBe(63);
    expect(alertsOf(lead).filter((text) => !/^(Connected|Linked)/.test(text))).toEqual([]);
  });

  it('writes nothing for a #REF! cell and flags it on the row and in attention', async () => {
    // Arrange
    metricsSheet(lead, '=ROUND(#REF!/D2*100)', '#REF!');
    const before = await linkedCheckIns();

    // Act
    runTrigger(lead);
    runTrigger(lead);

    // Assess
    expect((await linkedCheckIns()).length).toBe(before.length);
    const kr = await consistentKeyResult();
    expect(kr.current).toBe(63);
    expect(kr.linkFailure).toMatchObject({ problem: 'error', detail: '#REF!' });
    expect(String(cellOf(lead, 'Linked cell'))).toMatch(/^⚠ Metrics!B2 shows #REF!/);
    const attention = await eventually(
      () => viewer.get<AttentionResponse>(`/cycles/${CYCLE}/attention`),
      (response) => response.failingLinks.some((link) => link.keyResultId === KR),
      'the failing link in attention',
    );
    expect(attention.failingLinks.find((link) => link.keyResultId === KR)).toMatchObject({
      problem: 'error',
      detail: '#REF!',
      valueSource: { kind: 'cell', sheetName: 'Metrics', a1: 'B2' },
    });
    const history = await eventually(
      () => viewer.get<KeyResultHistory>(`/key-results/${KR}/history`),
      (h) => h.entries.some((entry) => entry.eventType === 'LinkedValueFailed'),
      'the failure in the KR history',
    );
    expect(history.entries.filter((entry) => entry.eventType === 'LinkedValueFailed')).toHaveLength(1);
    expect((await linkedCheckIns()).length).toBe(before.length);
  });
});
