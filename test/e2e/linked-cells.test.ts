// The BUILT add-on keeps a KR's value current from a cell, against the local stack: a KR is linked through
// the Link dialog to a cell of another sheet of the same spreadsheet (a definition change with its reason,
// mid-cycle), an hourly trigger is installed (at most hourly), the cell's formula changes, the trigger's
// handler runs twice and once more from a teammate's own trigger in the same document (a second person
// over the same spreadsheet state), and exactly one check-in from the linked cell lands. A #REF! in the
// cell writes nothing and is flagged on the row and in attention. The KR is then linked by URL to a cell
// of a second spreadsheet (opened with openById), a spreadsheet the person cannot open is flagged
// unreadable, and the link rides on the KR's row as developer metadata that follows the row through a
// sort and leaves it on unlink; a pull writes that metadata on a sheet that never synced, and attention
// colours survive a push.
import type { AttentionResponse, Board, KeyResultHistory, KeyResultView } from '@okr-ledger/api-contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../../functions/local/src/seed.js';
import type { CellValue, FakeSheet } from '../support/apps-script/index.js';
import type { LinkCellContext } from '../../addon/src/core/link-form.js';
import {
  type AddonSession,
  type BuiltAddon,
  buildAddonBundle,
  joinSpreadsheet,
  openSpreadsheet,
  plain,
  connectTo,
} from './support/addon-session.js';
import { type LocalStack, startLocalStack } from './support/local-stack.js';
import { eventually, StackApi } from './support/stack-api.js';

const CYCLE = DEMO.cycleId;
const EDITING = `OKRs ${CYCLE}`;
const KR = 'kr_week2_adoption';
const REASON = 'Week-2 adoption now comes from the Metrics tab';
const OTHER_ID = '1SalesMetricsSpreadsheet_0123456789';
const PRIVATE_ID = '1FinanceOnlySpreadsheet_9876543210';
const LINK_KEY = 'okr-ledger.linked-cell';

let stack: LocalStack;
let built: BuiltAddon;
let lead: AddonSession;
let teammate: AddonSession | undefined;
let fresh: AddonSession | undefined;
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
  connectTo(session, stack.url, DEMO.org);
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

interface LinkForm {
  choice: 'selected' | 'named' | 'other';
  selected?: string;
  namedRange?: string;
  url?: string;
  reference?: string;
  reason?: string;
}

/**
 * "Link KR to a cell…" as a person uses it: the menu item opens the modeless Link dialog on the selected
 * KR row, the dialog loads its context, then sends the person's choice (as link-cell-dialog.html does).
 * `beforeSubmit` runs between the two, e.g. to click the metric's cell while the dialog is open.
 */
function linkThroughDialog(
  session: AddonSession,
  form: LinkForm,
  beforeSubmit: (context: LinkCellContext) => Partial<LinkForm> = () => ({}),
): { context: LinkCellContext; answer: { message: string } } {
  const dialogs = session.env.ui.dialogs.length;
  session.script.linkKeyResultToCell();
  expect(session.env.ui.dialogs.slice(dialogs).map((d) => [d.kind, d.title])).toEqual([
    ['modeless', 'Link KR to a cell'],
  ]);
  const context = plain(session.script.loadLinkCellContext() as LinkCellContext);
  const late = beforeSubmit(context);
  const answer = plain(
    session.script.submitLinkCell({
      cycleId: context.cycleId,
      keyResultId: context.keyResultId,
      selected: '',
      namedRange: '',
      url: '',
      reference: '',
      reason: '',
      ...form,
      ...late,
    }) as { message: string },
  );
  return { context, answer };
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
  await fresh?.dispose();
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

  it('refuses a Link dialog answer in the words of the field it is about, and changes nothing', async () => {
    // Arrange
    selectKeyResultRow(lead);
    lead.script.linkKeyResultToCell();
    const context = plain(lead.script.loadLinkCellContext() as LinkCellContext);
    const send = (form: LinkForm) => () =>
      lead.script.submitLinkCell({ cycleId: context.cycleId, keyResultId: context.keyResultId, ...form });

    // Act and assess
    expect(send({ choice: 'selected', selected: 'Metrics!B2', reason: ' ' })).toThrow(
      /^Reason for change: the cycle is active/,
    );
    expect(send({ choice: 'named', namedRange: 'Revenue', reason: REASON })).toThrow(
      /^Named range: this spreadsheet has no named range “Revenue”/,
    );
    expect(
      send({ choice: 'other', url: 'https://example.com/sheet', reference: 'A!B2', reason: REASON }),
    ).toThrow(/^Spreadsheet URL: /);
    expect((await consistentKeyResult()).valueSource ?? null).toBeNull();
    expect(lead.env.triggers.installed).toEqual([]);
  });

  it('links the selected KR to Metrics!B2 through the Link dialog, with a reason, installs an hourly trigger and reads the cell at once', async () => {
    // Arrange
    const sheet = lead.sheet(EDITING);
    sheet.activate();
    lead.env.spreadsheet.setActiveRange(sheet.getRange(rowOf(sheet, KR), column(sheet, 'Title')));
    const before = (await linkedCheckIns()).length;

    // Act: the dialog opens on the KR row; the person clicks Metrics!B2 and asks for the cell selected now
    let reselected: unknown = null;
    const { context, answer } = linkThroughDialog(lead, { choice: 'selected', reason: REASON }, () => {
      const metrics = lead.env.spreadsheet.getSheetByName('Metrics');
      if (metrics === null) throw new Error('no Metrics sheet');
      metrics.activate();
      lead.env.spreadsheet.setActiveRange(metrics.getRange('B2'));
      reselected = plain(lead.script.readSelectedCellForLink());
      return { selected: (reselected as { reference: string }).reference };
    });

    // Assess
    expect(context).toMatchObject({
      cycleId: CYCLE,
      keyResultId: KR,
      reasonRequired: true,
      current: null,
      selected: { reference: expect.stringMatching(/^'OKRs 2026-Q4'!/) },
    });
    expect(context.selected?.refusal).toMatch(/one of OKR Ledger’s sheets/);
    expect(reselected).toEqual({ reference: 'Metrics!B2', refusal: null });
    expect(answer.message).toMatch(/now reads its value from .*Metrics!B2/s);
    expect(lead.env.ui.toasts.at(-1)?.title).toBe('Linked');
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
    // A teammate opens the same document: "Sync linked values now" sets up their own hourly trigger, which
    // then runs once, reading the very cell the lead's runs read.
    teammate = joinSpreadsheet(lead, built, { email: DEMO.admin, token: await stack.token(DEMO.admin) });
    teammate.script.onOpen({ authMode: 'FULL' });
    teammate.sheet(EDITING).activate();
    teammate.script.syncLinkedValuesNow();
    runTrigger(teammate);

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
    expect(alertsOf(teammate)).toEqual([]);
    expect(teammate.env.spreadsheet).toBe(lead.env.spreadsheet);
    expect(teammate.env.triggers.installed).toHaveLength(1);
    expect(lead.env.triggers.installed).toHaveLength(1);
    expect(teammate.env.triggers.installed[0]?.getUniqueId()).not.toBe(
      lead.env.triggers.installed[0]?.getUniqueId(),
    );
    expect(teammate.env.ui.toasts.at(-1)?.message).toMatch(/^0 new values checked in/);
    expect(teammate.env.logs.map((entry) => entry.message)).toContainEqual(
      expect.stringMatching(/^scheduled sync of 2026-Q4: 0 new values checked in/),
    );
    expect(added?.recordedBy.email).toBe(DEMO.editor);
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

/** Each row of the editing sheet carrying link metadata: its row, the id in its Id cell, and the value. */
function linkMetadata(sheet: FakeSheet): { row: number; idOnRow: CellValue; value: unknown }[] {
  return sheet
    .createDeveloperMetadataFinder()
    .withKey(LINK_KEY)
    .find()
    .map((metadata) => {
      const row = metadata.getLocation().getRow()?.getRow() ?? 0;
      return {
        row,
        idOnRow: sheet.getRange(row, column(sheet, 'Id')).getValue(),
        value: JSON.parse(String(metadata.getValue())),
      };
    })
    .sort((a, b) => a.row - b.row);
}

function selectKeyResultRow(session: AddonSession): void {
  const sheet = session.sheet(EDITING);
  sheet.activate();
  session.env.spreadsheet.setActiveRange(sheet.getRange(rowOf(sheet, KR), column(sheet, 'Title')));
}

async function linkedOnServer(): Promise<Map<string, unknown>> {
  const board = await viewer.get<Board>(`/cycles/${CYCLE}/okrs`, { consistent: 'true' });
  return new Map(
    board.objectives
      .flatMap((o) => o.keyResults)
      .flatMap((kr) => ((kr.valueSource ?? null) === null ? [] : [[kr.id, kr.valueSource] as const])),
  );
}

describe('links to another spreadsheet, and the link on the KR row', () => {
  const otherLink = {
    kind: 'cell',
    spreadsheetId: OTHER_ID,
    sheetName: 'Pipeline',
    a1: 'C3',
  } as const;

  it('links the KR by URL to a cell of a second spreadsheet, and the trigger checks in its change once', async () => {
    // Arrange
    const other = lead.env.addSpreadsheet({ id: OTHER_ID, name: 'Sales metrics' });
    const pipeline = other.insertSheet('Pipeline');
    pipeline.getRange('C3').setValue(70);
    selectKeyResultRow(lead);
    const beforeLink = (await linkedCheckIns()).length;

    // Act
    const { answer } = linkThroughDialog(lead, {
      choice: 'other',
      url: `https://docs.google.com/spreadsheets/d/${OTHER_ID}/edit#gid=0`,
      reference: 'Pipeline!C3',
      reason: 'Adoption now comes from the sales metrics spreadsheet',
    });
    const afterLink = await eventually(
      linkedCheckIns,
      (entries) => entries.length >= beforeLink + 1,
      'the check-in read at linking',
    );
    pipeline.getRange('C3').setValue(72);
    runTrigger(lead);
    runTrigger(lead);

    // Assess
    expect(answer.message).toMatch(/now reads its value from .*Pipeline!C3/s);
    expect((await consistentKeyResult()).valueSource).toEqual(otherLink);
    expect(afterLink.length).toBe(beforeLink + 1);
    const after = await eventually(
      linkedCheckIns,
      (entries) => entries.length >= afterLink.length + 1,
      'the check-in of the changed cell',
    );
    expect(after.length).toBe(afterLink.length + 1);
    const { kind: _cell, ...fromOther } = otherLink;
    expect(after.slice(-2).map((entry) => [entry.value, entry.source])).toEqual([
      [70, { ...fromOther, kind: 'linked_cell' }],
      [72, { ...fromOther, kind: 'linked_cell' }],
    ]);
    const kr = await consistentKeyResult();
    expect(kr.current).toBe(72);
    expect(kr.linkFailure ?? null).toBeNull();
    expect(cellOf(lead, 'Current value')).toBe(72);
    expect(String(cellOf(lead, 'Linked cell'))).not.toMatch(/^⚠/);
    expect((await linkedCheckIns()).length).toBe(afterLink.length + 1);
  });

  it('carries the link as row developer metadata on each linked KR’s row, and it follows the row through a sort', async () => {
    // Arrange
    const sheet = lead.sheet(EDITING);
    const linked = await linkedOnServer();
    const before = linkMetadata(sheet);
    const lastRow = sheet.getLastRow();

    // Act
    sheet
      .getRange(3, 1, lastRow - 2, sheet.getLastColumn())
      .sort({ column: column(sheet, 'Title'), ascending: false });
    const sorted = linkMetadata(sheet);
    runTrigger(lead);
    const afterSync = linkMetadata(sheet);

    // Assess
    expect(before.map((m) => m.idOnRow).sort()).toEqual([...linked.keys()].sort());
    for (const metadata of before) {
      expect(metadata.value).toEqual({
        keyResultId: metadata.idOnRow,
        valueSource: linked.get(String(metadata.idOnRow)),
      });
    }
    expect(before.find((m) => m.idOnRow === KR)?.value).toEqual({ keyResultId: KR, valueSource: otherLink });
    expect(sorted.find((m) => m.idOnRow === KR)?.row).toBe(rowOf(sheet, KR));
    expect(sorted.find((m) => m.idOnRow === KR)?.row).not.toBe(before.find((m) => m.idOnRow === KR)?.row);
    expect(sorted.map((m) => [m.idOnRow, m.value])).toEqual(
      expect.arrayContaining(before.map((m) => [m.idOnRow, m.value])),
    );
    expect(sorted).toHaveLength(before.length);
    expect(afterSync).toEqual(sorted);
  });

  it('flags a link to a spreadsheet the person cannot open as unreadable, with Apps Script’s message', async () => {
    // Arrange
    lead.env.addSpreadsheet({ id: PRIVATE_ID, name: 'Finance only', access: 'none' });
    selectKeyResultRow(lead);
    const before = (await linkedCheckIns()).length;

    // Act
    linkThroughDialog(lead, {
      choice: 'other',
      url: `https://docs.google.com/spreadsheets/d/${PRIVATE_ID}/edit`,
      reference: 'Revenue',
      reason: 'Adoption is tracked by finance now',
    });
    runTrigger(lead);

    // Assess
    const kr = await consistentKeyResult();
    expect(kr.valueSource).toEqual({ kind: 'named_range', spreadsheetId: PRIVATE_ID, name: 'Revenue' });
    expect(kr.linkFailure).toMatchObject({
      problem: 'unreadable',
      detail: `spreadsheet ${PRIVATE_ID} could not be opened: You do not have permission to access the requested document.`,
    });
    expect(kr.current).toBe(72);
    expect(String(cellOf(lead, 'Linked cell'))).toMatch(/^⚠ .*could not be read/);
    const attention = await eventually(
      () => viewer.get<AttentionResponse>(`/cycles/${CYCLE}/attention`),
      (response) =>
        response.failingLinks.some((link) => link.keyResultId === KR && link.problem === 'unreadable'),
      'the unreadable link in attention',
    );
    expect(attention.failingLinks.find((link) => link.keyResultId === KR)?.valueSource).toMatchObject({
      spreadsheetId: PRIVATE_ID,
    });
    expect((await linkedCheckIns()).length).toBe(before);
    const sheet = lead.sheet(EDITING);
    expect(linkMetadata(sheet).find((m) => m.idOnRow === KR)?.value).toEqual({
      keyResultId: KR,
      valueSource: { kind: 'named_range', spreadsheetId: PRIVATE_ID, name: 'Revenue' },
    });
  });

  it('takes the metadata off the KR’s row when it is unlinked', async () => {
    // Arrange
    selectKeyResultRow(lead);
    lead.env.ui.queuePromptResponse('Adoption is typed again');
    const others = linkMetadata(lead.sheet(EDITING)).filter((m) => m.idOnRow !== KR);

    // Act
    lead.script.unlinkKeyResultCell();

    // Assess
    expect((await consistentKeyResult()).valueSource ?? null).toBeNull();
    expect(linkMetadata(lead.sheet(EDITING))).toEqual(others);
    expect(cellOf(lead, 'Linked cell')).toBe('');
  });

  it('writes the links on a pull: a spreadsheet that never synced shows each linked KR’s link on its row, and stale metadata goes', async () => {
    // Arrange: another team's spreadsheet, pulled by a member who never linked or synced anything
    fresh = openSpreadsheet(built, { email: DEMO.editor, token: await stack.token(DEMO.editor) });
    const linked = await linkedOnServer();

    // Act
    connectAndPull(fresh);
    const sheet = fresh.sheet(EDITING);
    const afterPull = linkMetadata(sheet);
    const unlinkedRow = rowOf(sheet, KR);
    sheet
      .getRange(unlinkedRow, 1, 1, sheet.getMaxColumns())
      .addDeveloperMetadata(LINK_KEY, JSON.stringify({ keyResultId: KR, valueSource: otherLink }));
    fresh.script.pullWithOptions({ cycleId: CYCLE });
    const afterSecondPull = linkMetadata(sheet);

    // Assess
    expect(linked.size).toBeGreaterThan(0);
    expect(fresh.env.triggers.installed).toEqual([]);
    expect(afterPull.map((m) => m.idOnRow).sort()).toEqual([...linked.keys()].sort());
    for (const metadata of afterPull) {
      expect(metadata.value).toEqual({
        keyResultId: metadata.idOnRow,
        valueSource: linked.get(String(metadata.idOnRow)),
      });
      const linkedCell = sheet.getRange(metadata.row, column(sheet, 'Linked cell')).getValue();
      expect(String(linkedCell)).not.toBe('');
    }
    expect(sheet.getRange(unlinkedRow, column(sheet, 'Linked cell')).getValue()).toBe('');
    expect(afterSecondPull).toEqual(afterPull);
  });
});

/** The attention rules on the editing sheet, in order: each one's colour and the ids it flags. */
function attentionRules(sheet: FakeSheet): [string, string[]][] {
  return sheet
    .inspect()
    .conditionalFormats()
    .flatMap((rule): [string, string[]][] => {
      const ids = /REGEXMATCH\([^,]+,"\^\(([^)]*)\)\$"\)/.exec(String(rule.values[0]))?.[1];
      return ids === undefined ? [] : [[String(rule.style.background), ids.split('|').sort()]];
    });
}

/** The rules the server's attention list calls for: failing links, then behind pace, then due. */
function expectedRules(attention: AttentionResponse): [string, string[]][] {
  const failing = attention.failingLinks.map((link) => link.keyResultId);
  const behind = attention.keyResults
    .filter((kr) => kr.behindPace && !failing.includes(kr.keyResultId))
    .map((kr) => kr.keyResultId);
  const due = attention.keyResults
    .filter((kr) => kr.due && !kr.behindPace && !failing.includes(kr.keyResultId))
    .map((kr) => kr.keyResultId);
  const looks: [string, string[]][] = [
    ['#f4c7c3', failing.sort()],
    ['#f4c7c3', behind.sort()],
    ['#fce8b2', due.sort()],
  ];
  return looks.filter(([, ids]) => ids.length > 0);
}

describe('attention colours after a push', () => {
  it('keeps the colours through a push and takes them off a due KR the push checks in, as the server then lists them', async () => {
    // Arrange: a pulled sheet coloured by the attention list; a due KR measured by a value
    if (fresh === undefined) throw new Error('the pull test opens this spreadsheet');
    const session = fresh;
    session.script.pullWithOptions({ cycleId: CYCLE });
    const sheet = session.sheet(EDITING);
    const before = await viewer.get<AttentionResponse>(`/cycles/${CYCLE}/attention`);
    const afterPull = attentionRules(sheet);
    const board = await viewer.get<Board>(`/cycles/${CYCLE}/okrs`, { consistent: 'true' });
    const dueKr = before.keyResults
      .filter((item) => item.due)
      .map((item) => board.objectives.flatMap((o) => o.keyResults).find((kr) => kr.id === item.keyResultId))
      .find(
        (kr) =>
          kr !== undefined &&
          (kr.type === 'increase' || kr.type === 'decrease') &&
          (kr.valueSource ?? null) === null &&
          kr.target !== null,
      );
    if (dueKr === undefined) throw new Error('the seed has no due KR measured by a value');
    const row = rowOf(sheet, dueKr.id);
    sheet.getRange(row, column(sheet, 'Current value')).setValue(dueKr.target);
    const mark = session.env.ui.alerts.length;

    // Act
    session.script.pushChanges();

    // Assess
    expect(session.alertsSince(mark).map((a) => `${a.title}: ${a.prompt}`)).toEqual([]);
    expect(afterPull).toEqual(expectedRules(before));
    expect(afterPull.flatMap(([, ids]) => ids)).toContain(dueKr.id);
    const afterPush = attentionRules(sheet);
    expect(afterPush.flatMap(([, ids]) => ids)).not.toContain(dueKr.id);
    const listed = await eventually(
      () => viewer.get<AttentionResponse>(`/cycles/${CYCLE}/attention`),
      (attention) => !attention.keyResults.some((item) => item.keyResultId === dueKr.id),
      'the checked-in KR off the attention list',
    );
    expect(afterPush).toEqual(expectedRules(listed));
    expect(afterPush.length).toBeGreaterThan(0);
  });
});
