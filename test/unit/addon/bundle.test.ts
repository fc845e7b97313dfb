// The built add-on as Apps Script runs it: addon/dist/Code.js loaded in a `node:vm` context whose globals
// are the Apps Script fakes. Every entry point exists as a top-level function and works: the menu, Connect,
// a pull that lays the sheet out, a push, the sidebar calls, OKR_GRADE reading the hidden grades sheet,
// and failures shown as plain alerts.

import { readFile } from 'node:fs/promises';
import type vm from 'node:vm';
import type { GradesReport } from '@okr-ledger/api-contract';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildAddon, buildManifest, GLOBAL_NAME, whitelistPrefix } from '../../../addon/build.js';
import {
  type ColumnKey,
  columnNumber,
  DATA_START_ROW,
  EDITING_COLUMNS,
} from '../../../addon/src/core/columns.js';
import { markNote } from '../../../addon/src/core/editing-sheet.js';
import { ENTRY_POINTS } from '../../../addon/src/core/entry-points.js';
import { columnLetter } from '../../../addon/src/core/sheet-plan.js';
import { type AppsScriptEnvironment, createAppsScriptEnvironment } from '../../support/apps-script/index.js';
import { API_URL, FakeOkrApi } from './fake-api.js';
import { sampleBoard } from './fixtures.js';

/** "G4": the A1 address of a column (by key) in a sheet row, so the tests follow the layout. */
function a1Of(key: ColumnKey, row: number): string {
  return `${columnLetter(columnNumber(key))}${row}`;
}

let code = '';
let sidebar = '';
let manifest = '';

beforeAll(async () => {
  const built = await buildAddon();
  [code, sidebar, manifest] = await Promise.all([
    readFile(built.codePath, 'utf8'),
    readFile(built.sidebarPath, 'utf8'),
    readFile(built.manifestPath, 'utf8'),
  ]);
});

type Script = vm.Context & Record<string, (...args: unknown[]) => unknown>;

function start(api: FakeOkrApi, connected = true): { env: AppsScriptEnvironment; script: Script } {
  const env = createAppsScriptEnvironment({
    fetch: api.handler,
    files: { Sidebar: sidebar },
    spreadsheetName: 'Team OKRs',
    now: () => new Date('2026-11-20T10:00:00Z'),
  });
  if (connected) {
    env.properties.document.setProperty('okrLedger.apiUrl', API_URL);
    env.properties.document.setProperty('okrLedger.organization', 'acme');
  }
  return { env, script: env.load(code) as Script };
}

/** A plain copy, so values made in the script's realm compare like local ones. */
function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function pulled(api = new FakeOkrApi(sampleBoard())) {
  const started = start(api);
  started.script.pullWithOptions({ cycleId: '2026-Q4' });
  const sheet = started.env.spreadsheet.getSheetByName('OKRs 2026-Q4');
  if (sheet === null) throw new Error(`no editing sheet; alerts: ${JSON.stringify(started.env.ui.alerts)}`);
  return { ...started, api, sheet };
}

describe('the bundle', () => {
  it('is plain script: no import or export statements', () => {
    expect(code).not.toMatch(/^\s*(import|export)\b/m);
    expect(code).toContain(`var ${GLOBAL_NAME} = (() => {`);
  });

  it('leaves out what of zod it never uses: the other languages, JSON Schema, the compiler', () => {
    // Apps Script parses the whole of Code.js on every execution. esbuild heads each module with its path.
    expect(code).not.toMatch(/\/\/ node_modules\/zod\/v4\/locales\/(?!en\.js)/);
    expect(code).not.toMatch(/\/\/ node_modules\/zod\/v4\/core\/(to|from)-json-schema\.js/);
    expect(code).not.toMatch(/\/\/ node_modules\/zod\/v4\/core\/compile\.js/);
    // The English messages stay: a refusal in the sheet reads as before.
    expect(code).toContain('// node_modules/zod/v4/locales/en.js');
  });

  it('declares every entry point as a top-level function delegating to the global object', () => {
    // Prepare
    const { script } = start(new FakeOkrApi(sampleBoard()));
    const api = script[GLOBAL_NAME] as unknown as Record<string, unknown>;

    // Assess
    for (const entry of ENTRY_POINTS) {
      expect(typeof script[entry.name], entry.name).toBe('function');
      expect(typeof api[entry.name], `${GLOBAL_NAME}.${entry.name}`).toBe('function');
      expect(code).toContain(`function ${entry.name}(${entry.params.join(', ')}) {`);
    }
    expect(code).toMatch(/@customfunction\s*\n\s*\*\/\s*\nfunction OKR_GRADE\(id, cycle, refresh\)/);
  });
});

describe('the manifest and the sidebar file', () => {
  it('runs on V8 with explicit scopes and allows UrlFetch to the API only', async () => {
    expect(JSON.parse(manifest)).toMatchObject({
      runtimeVersion: 'V8',
      timeZone: expect.any(String),
      oauthScopes: [
        'https://www.googleapis.com/auth/spreadsheets',
        'https://www.googleapis.com/auth/script.container.ui',
        'https://www.googleapis.com/auth/script.external_request',
        'https://www.googleapis.com/auth/script.scriptapp',
        'openid',
        'https://www.googleapis.com/auth/userinfo.email',
      ],
      urlFetchWhitelist: ['https://okr-ledger.example.com/'],
    });
    expect(JSON.parse(await buildManifest('https://api.example.com/prod')).urlFetchWhitelist).toEqual([
      'https://api.example.com/prod/',
    ]);
    expect(() => whitelistPrefix('http://api.example.com')).toThrow(/https/);
  });

  it('inlines its CSS and script', () => {
    expect(sidebar).toContain('<style>');
    expect(sidebar).toMatch(/<script>\n[\s\S]*google\.script\.run[\s\S]*<\/script>/);
    expect(sidebar).not.toMatch(/<(link|script)[^>]+(href|src)=/);
  });
});

describe('onOpen', () => {
  it('builds the OKR Ledger menu, every item pointing at a function of the bundle', () => {
    // Prepare
    const { env, script } = start(new FakeOkrApi(sampleBoard()), false);

    // Act
    env.runTrigger('FULL', (event) => script.onOpen(event));

    // Assess: an Editor add-on's menu (Extensions → the add-on), not a menu of its own
    expect(env.ui.menus.map((candidate) => [candidate.caption, candidate.addon])).toEqual([[null, true]]);
    const menu = env.ui.menus.find((candidate) => candidate.addon);
    const captions = menu?.items.flatMap((item) => (item.kind === 'item' ? [item.caption] : []));
    expect(captions).toEqual([
      'Connect…',
      'Pull cycle',
      'Push changes',
      'Check in…',
      'Correct this check-in…',
      'Link KR to a cell…',
      'Unlink KR’s cell',
      'Sync linked values now (also runs hourly at most)',
      'KR history',
      'Mid-cycle changes',
      'Board as of…',
      'Compare two dates…',
      'Quarter-end grades',
      'Alignment',
      'Carry over to next cycle…',
      'Help',
    ]);
    for (const item of menu?.items ?? []) {
      if (item.kind === 'item') expect(typeof script[item.functionName], item.caption).toBe('function');
    }
  });

  it('offers Close cycle to admins only, and stays quiet without authorization', () => {
    const { env, script } = start(new FakeOkrApi(sampleBoard()));
    env.properties.user.setProperty('okrLedger.role.acme', 'admin');
    env.runTrigger('FULL', (event) => script.onOpen(event));
    expect(env.ui.menuFunction(null, 'Close cycle…')).toBe('closeCycle');
    env.runTrigger('NONE', (event) => script.onOpen(event));
    expect(env.ui.menuFunction(null, 'Close cycle…')).toBeNull();
  });

  it('installs in AuthMode.NONE with the menu only, calling no service that needs authorization', () => {
    // Prepare: in NONE the fakes throw on properties, the document, UrlFetch and tokens
    const { env, script } = start(new FakeOkrApi(sampleBoard()));

    // Act
    env.runTrigger('NONE', (event) => script.onInstall(event));
    env.runTrigger('LIMITED', (event) => script.onOpen(event));

    // Assess
    expect(env.ui.menuFunction(null, 'Pull cycle')).toBe('pullCycle');
    expect(env.logs.map((entry) => entry.message).join('\n')).not.toContain('permission');
    expect(env.fetchLog).toEqual([]);
  });
});

describe('connect', () => {
  it('checks the connection with the API and stores the settings', () => {
    // Prepare
    const api = new FakeOkrApi(sampleBoard());
    const { env, script } = start(api, false);
    env.ui.queuePromptResponse(`${API_URL}/`);
    env.ui.queuePromptResponse('ACME');

    // Act
    script.connect();

    // Assess
    expect(env.properties.document.getProperty('okrLedger.apiUrl')).toBe(API_URL);
    expect(env.properties.document.getProperty('okrLedger.organization')).toBe('acme');
    expect(env.properties.user.getProperty('okrLedger.role.acme')).toBe('admin');
    expect(env.counters.fetchAll).toBe(1);
    expect(api.requests.map((r) => `${r.method} ${new URL(r.url).pathname}`)).toEqual([
      'GET /v1/orgs/acme/me',
      'GET /v1/orgs/acme/cycles',
    ]);
    expect(env.ui.alerts.at(-1)).toMatchObject({ title: 'Connected' });
    expect(env.ui.menuFunction(null, 'Close cycle…')).toBe('closeCycle');
  });

  it('refuses an address that is not https, saying why', () => {
    const { env, script } = start(new FakeOkrApi(sampleBoard()), false);
    env.ui.queuePromptResponse('ftp://okr.example.com');
    script.connect();
    expect(env.ui.alerts.at(-1)?.prompt).toBe(
      'The API address must start with https:// (got "ftp://okr.example.com")',
    );
    expect(env.properties.document.getProperty('okrLedger.apiUrl')).toBeNull();
  });
});

describe('pull', () => {
  it('lays the cycle out in its editing sheet, with the last pull kept in a hidden data sheet', () => {
    // Act
    const { env, sheet, api } = pulled();

    // Assess
    const view = sheet.inspect();
    const values = view.values();
    expect(values[1]).toEqual(EDITING_COLUMNS.map((spec) => spec.header));
    expect(values[DATA_START_ROW - 1]?.slice(0, 5)).toEqual([
      'Objective',
      'Delight customers obj_growth001',
      'ana@example.com',
      'Growth',
      'aspirational',
    ]);
    expect(view.hiddenColumns()).toEqual([
      columnNumber('id'),
      columnNumber('parent'),
      columnNumber('version'),
    ]);
    expect(view.frozenRows()).toBe(2);
    expect(view.rowGroupDepths().slice(DATA_START_ROW - 1, DATA_START_ROW + 9)).toEqual([
      0, 1, 1, 1, 1, 1, 1, 1, 0, 1,
    ]);
    expect(view.cell(a1Of('bar', DATA_START_ROW + 1)).formula).toMatch(
      new RegExp(`^=IF\\(ISNUMBER\\(${a1Of('progress', DATA_START_ROW + 1)}\\),SPARKLINE`),
    );
    expect(view.cell(a1Of('progress', DATA_START_ROW + 1)).protected).toBe(true);
    expect(view.cell(`B${DATA_START_ROW + 1}`).protected).toBe(false);
    const data = env.spreadsheet.getSheetByName('_okr_pull_2026-Q4');
    expect(data?.isSheetHidden()).toBe(true);
    expect(env.spreadsheet.getActiveSheet().getName()).toBe('OKRs 2026-Q4');
    // The Pull dialog chose the cycle: one fetchAll, the board, its alignment view (teams, parents) and its
    // attention list side by side.
    expect(api.requests.map((r) => new URL(r.url).pathname)).toEqual([
      '/v1/orgs/acme/cycles/2026-Q4/okrs',
      '/v1/orgs/acme/cycles/2026-Q4/alignment',
      '/v1/orgs/acme/cycles/2026-Q4/attention',
    ]);
    expect(env.ui.toasts.at(-1)?.title).toBe('Pulled 2026-Q4');
  });

  it('colours the titles of the KRs the attention list flags, keyed on their ids, and says how many', () => {
    // Prepare
    const api = new FakeOkrApi(sampleBoard());
    const flagged = (keyResultId: string, due: boolean, behindPace: boolean) => ({
      objectiveId: 'obj_growth001',
      objectiveTitle: 'Grow',
      keyResultId,
      title: keyResultId,
      owner: null,
      current: null,
      done: null,
      unit: '',
      score: 0,
      lastCheckInAt: null,
      confidence: 'on_track' as const,
      confidenceSource: 'derived' as const,
      daysSinceCheckIn: 9,
      due,
      behindPace,
      reasons: [],
    });
    api.attention = {
      cycleId: '2026-Q4',
      asOf: '2026-11-20T09:00:00.000Z',
      cadenceDays: 7,
      expectedProgress: 0.55,
      keyResults: [flagged('kr_adoption01', true, false), flagged('kr_onboard001', true, true)],
      failingLinks: [],
    };

    // Act
    const { env, sheet, script } = pulled(api);
    const rules = () =>
      sheet
        .inspect()
        .conditionalFormats()
        .filter((rule) => String(rule.values[0]).includes('REGEXMATCH'));
    const first = rules();
    api.attention = { ...api.attention, keyResults: [] };
    script.pullCycle();

    // Assess
    const id = `$${columnLetter(columnNumber('id'))}${DATA_START_ROW}`;
    const title = `${columnLetter(columnNumber('title'))}${DATA_START_ROW}`;
    expect(first.map((rule) => [rule.ranges[0]?.split(':')[0], rule.style.background])).toEqual([
      [title, '#f4c7c3'],
      [title, '#fce8b2'],
    ]);
    expect(String(first[0]?.values[0])).toContain(`REGEXMATCH(${id},"^(kr_onboard001)$")`);
    expect(String(first[1]?.values[0])).toContain(`REGEXMATCH(${id},"^(kr_adoption01)$")`);
    expect(env.ui.toasts.at(-2)?.message).toContain('2 due for a check-in, 1 behind pace (titles coloured).');
    // The next pull swaps the rules for the list as it is then: nothing flagged, nothing coloured.
    expect(rules()).toEqual([]);
    expect(env.ui.toasts.at(-1)?.message).not.toContain('due');
  });

  it('pulls all the same when the attention list cannot be read yet, colouring nothing', () => {
    const api = new FakeOkrApi(sampleBoard());
    api.attentionMissing = true;
    const { env, sheet } = pulled(api);
    expect(env.ui.alerts).toEqual([]);
    expect(
      sheet
        .inspect()
        .conditionalFormats()
        .filter((rule) => String(rule.values[0]).includes('REGEXMATCH')),
    ).toEqual([]);
    expect(env.ui.toasts.at(-1)?.title).toBe('Pulled 2026-Q4');
  });

  it('asks before replacing edits that were never pushed', () => {
    // Prepare
    const { env, script, sheet, api } = pulled();
    sheet.getRange(a1Of('target', DATA_START_ROW + 1)).setValue(80);
    env.ui.queueAlertResponse('NO');

    // Act
    script.pullCycle();

    // Assess
    expect(env.ui.alerts.at(-1)?.title).toBe('Replace unsent changes?');
    expect(sheet.inspect().values()[DATA_START_ROW]?.[columnNumber('target') - 1]).toBe(80);
    expect(api.requestsTo('/okrs')).toHaveLength(1);
  });
});

describe('push', () => {
  it('sends the edited cells as one batch and refreshes the rows from the answer', () => {
    // Prepare
    const { env, script, sheet, api } = pulled();
    const row = DATA_START_ROW + 1;
    sheet.getRange(row, columnNumber('current')).setValue(62);
    sheet.getRange(row, columnNumber('note')).setValue('Cohort 3 converted');

    // Act
    script.pushChanges();

    // Assess
    const posts = api.requestsTo('/commands');
    expect(posts).toHaveLength(1);
    const sent = posts[0]?.json() as { commands: unknown[] } | undefined;
    expect(sent?.commands).toEqual([
      expect.objectContaining({
        type: 'RecordCheckIn',
        keyResultId: 'kr_adoption01',
        value: 62,
        note: 'Cohort 3 converted',
      }),
    ]);
    const values = sheet.inspect().values();
    expect(values[row - 1]?.[columnNumber('note') - 1]).toBe('');
    expect(values[row - 1]?.[columnNumber('version') - 1]).toBe(8);
    expect(env.ui.toasts.at(-1)).toMatchObject({ title: 'Pushed 2026-Q4', message: '1 saved.' });
  });

  it('shows text in a number cell on the cell and in an alert naming the row, sending nothing', () => {
    const { env, script, sheet, api } = pulled();
    const row = DATA_START_ROW + 1;
    sheet.getRange(row, columnNumber('target')).setValue('abc');
    script.pushChanges();
    expect(api.requestsTo('/commands')).toHaveLength(0);
    expect(env.ui.alerts.at(-1)?.prompt).toContain(`Row ${row}: Target must be a number, got "abc"`);
    expect(sheet.inspect().cell(a1Of('target', row)).note).toBe(
      markNote('Not sent: Target must be a number, got "abc"'),
    );
  });
});

describe('failures', () => {
  it('keeps the edits of a push that could not be sent, with a note saying a retry is safe', () => {
    // Prepare
    const { env, script, sheet, api } = pulled();
    const row = DATA_START_ROW + 1;
    sheet.getRange(row, columnNumber('current')).setValue(62);
    api.failWith = { status: 502, body: { title: 'Bad gateway', status: 502, detail: 'upstream timeout' } };

    // Act
    script.pushChanges();

    // Assess
    expect(env.ui.alerts.at(-1)?.title).toBe('Server unreachable');
    const cell = sheet.inspect().cell(a1Of('current', row));
    expect(cell.value).toBe(62);
    expect(cell.note).toMatch(
      /^Not sent: Server unreachable\. The server may have saved it: pushing again is safe/,
    );
  });

  it('tells a person the server is down, without a stack trace', () => {
    // Prepare
    const api = new FakeOkrApi(sampleBoard());
    api.failWith = {
      status: 503,
      body: { type: 'about:blank', title: 'Unavailable', status: 503, detail: 'maintenance' },
    };
    const { env, script } = start(api);
    env.spreadsheet.insertSheet('OKRs 2026-Q4');

    // Act
    script.pullCycle();

    // Assess
    const alert = env.ui.alerts.at(-1);
    expect(alert?.title).toBe('Server unreachable');
    expect(alert?.prompt).toContain('The server said: maintenance');
    expect(alert?.prompt).not.toMatch(/\bat .+:\d+:\d+/);
  });

  it('asks to connect first when nothing is configured', () => {
    const { env, script } = start(new FakeOkrApi(sampleBoard()), false);
    script.pullCycle();
    expect(env.ui.alerts.at(-1)?.title).toBe('Not connected');
  });

  it('names a rejected sign-in and a missing permission', () => {
    const api = new FakeOkrApi(sampleBoard());
    const { env, script } = start(api);
    env.spreadsheet.insertSheet('OKRs 2026-Q4');
    api.failWith = { status: 401, body: { title: 'Unauthorized', status: 401, detail: 'token expired' } };
    script.pullCycle();
    expect(env.ui.alerts.at(-1)?.title).toBe('Sign-in expired or refused');
    api.failWith = { status: 403, body: { title: 'Forbidden', status: 403, detail: 'viewers cannot push' } };
    script.pullCycle();
    expect(env.ui.alerts.at(-1)?.title).toBe('No permission');
  });
});

describe('the check-in sidebar calls', () => {
  it('opens the sidebar for a selected key result, loads it, and submits a check-in with its idempotency key', () => {
    // Prepare
    const { env, script, sheet, api } = pulled();
    env.spreadsheet.setActiveRange(sheet.getRange(`B${DATA_START_ROW + 1}`));

    // Act
    script.openCheckIn();
    const context = plain(script.loadCheckInContext());
    const result = plain(
      script.submitCheckIn({
        keyResultId: 'kr_adoption01',
        type: 'increase',
        value: '63',
        done: false,
        milestonesDone: [],
        confidence: 'at_risk',
        note: 'slower week',
        effectiveDate: '2026-11-18',
        today: '2026-11-20',
        utcOffsetMinutes: 60,
        idempotencyKey: 'key-0123456789abcdef',
      }),
    );

    // Assess
    expect(env.ui.sidebars.at(-1)?.content).toContain('id="check-in"');
    expect(context).toMatchObject({ keyResultId: 'kr_adoption01', type: 'increase', unit: '%', current: 58 });
    const [post] = api.requestsTo('/check-ins');
    expect(post?.headers['Idempotency-Key']).toBe('key-0123456789abcdef');
    expect(post?.json()).toEqual({
      commandId: 'key-0123456789abcdef',
      value: 63,
      confidence: 'at_risk',
      note: 'slower week',
      effectiveAt: '2026-11-18T12:00:00+01:00',
      // Where the KR lives, from the last pull: the server then needs no look-up.
      objectiveId: 'obj_growth001',
      cycleId: '2026-Q4',
    });
    expect(result).toEqual({ message: 'Checked in “Reach outcome kr_adoption01”.' });
    expect(sheet.inspect().values()[DATA_START_ROW]?.[columnNumber('current') - 1]).toBe(63);
  });

  it('refuses an invalid form with the reason, as an error the page shows', () => {
    const { script } = pulled();
    expect(() =>
      script.submitCheckIn({
        keyResultId: 'kr_adoption01',
        type: 'increase',
        value: 'abc',
        effectiveDate: '2026-11-20',
        idempotencyKey: 'key-0123456789abcdef',
      }),
    ).toThrow('Value must be a number, got "abc"');
  });

  it('asks for a key result row when something else is selected', () => {
    const { env, script, sheet } = pulled();
    env.spreadsheet.setActiveRange(sheet.getRange(`B${DATA_START_ROW}`));
    script.openCheckIn();
    expect(env.ui.alerts.at(-1)?.prompt).toMatch(/^Select a key result row/);
    expect(() => script.loadCheckInContext()).toThrow(/^Select a key result row/);
  });
});

describe('reports', () => {
  it('lays out the history of the selected key result', () => {
    // Prepare
    const { env, script, sheet, api } = pulled();
    api.history = {
      keyResultId: 'kr_adoption01',
      objectiveId: 'obj_growth001',
      title: 'Week-2 adoption',
      type: 'increase',
      unit: '%',
      entries: [
        {
          version: 5,
          eventType: 'CheckInRecorded',
          recordedAt: '2026-10-15T09:00:00.000Z',
          recordedBy: { sub: 's', email: 'ana@example.com' },
          effectiveAt: '2026-10-14T12:00:00.000Z',
          summary: 'check-in 58',
          changes: [],
          value: 58,
          done: null,
          confidence: 'on_track',
          note: '',
          reason: null,
          midCycle: false,
          checkInId: 'chk_first0001',
          corrects: null,
          correctedBy: null,
          source: { kind: 'manual' },
        },
      ],
    };
    env.spreadsheet.setActiveRange(sheet.getRange(`C${DATA_START_ROW + 1}`));

    // Act
    script.showKeyResultHistory();

    // Assess
    const history = env.spreadsheet.getSheetByName('KR history');
    if (history === null) throw new Error(`no history sheet; alerts: ${JSON.stringify(env.ui.alerts)}`);
    const [first = []] = history.inspect().values('A3:E3');
    expect(first.slice(2)).toEqual(['ana@example.com', 'Check-in', 'check-in 58']);
    expect((first[0] as Date).toISOString()).toBe('2026-10-15T09:00:00.000Z');
    expect(history.inspect().charts()).toHaveLength(1);
    expect(env.spreadsheet.getActiveSheet().getName()).toBe('KR history');
  });

  it('passes the typed filter to the changes audit', () => {
    // Prepare
    const { env, script, api } = pulled();
    api.changes = { cycleId: '2026-Q4', entries: [] };
    env.ui.queuePromptResponse('team="Growth EU" kind=late check-in');

    // Act
    script.showMidCycleChanges();

    // Assess
    const [request] = api.requestsTo('/changes');
    expect(new URL(request?.url ?? '').search).toBe('?team=Growth%20EU&kind=late_check_in');
    expect(env.spreadsheet.getSheetByName('Changes 2026-Q4')?.inspect().values('A3')).toEqual([
      ['No changes match.'],
    ]);
  });

  it('closes a cycle after the admin confirms', () => {
    const { env, script, api } = pulled();
    env.ui.queueAlertResponse('YES');
    script.closeCycle();
    expect(api.requestsTo('/close').map((r) => r.method)).toEqual(['POST']);
    expect(env.ui.alerts.at(-1)).toMatchObject({ title: 'Cycle closed' });
  });
});

describe('OKR_GRADE', () => {
  const grades: GradesReport = {
    cycleId: '2026-Q4',
    status: 'closed',
    frozen: true,
    rows: [
      {
        targetType: 'objective',
        objectiveId: 'obj_growth001',
        keyResultId: null,
        title: 'Delight customers',
        owner: 'ana@example.com',
        team: 'Growth',
        kind: 'committed',
        weight: 1,
        computed: 0.77,
        original: 0.77,
        override: null,
        overrideReason: null,
        final: 0.77,
        band: 'green',
        missedCommitment: true,
        flags: [],
        changedBy: [],
        valueSource: null,
      },
      {
        targetType: 'key_result',
        objectiveId: 'obj_growth001',
        keyResultId: 'kr_adoption01',
        title: 'Reach outcome',
        owner: 'ana@example.com',
        team: 'Growth',
        kind: null,
        weight: 1,
        computed: 0.5,
        original: 0.4,
        override: 0.6,
        overrideReason: 'late data',
        final: 0.6,
        band: 'yellow',
        missedCommitment: false,
        flags: [],
        changedBy: ['target 75 → 80'],
        valueSource: 'manual',
      },
    ],
  };

  it('reads the grades of the last pull from the hidden data sheet, never the API', () => {
    // Prepare
    const { env, script, api } = pulled();
    api.grades = grades;
    script.showGrades();
    const requestsBefore = api.requests.length;

    // Act
    const grade = env.runAsCustomFunction(() => script.OKR_GRADE('kr_adoption01'));
    const range = env.runAsCustomFunction(() =>
      plain(script.OKR_GRADE([['obj_growth001'], ['kr_adoption01']], '2026-Q4')),
    );

    // Assess
    expect(grade).toBe(0.6);
    expect(range).toEqual([[0.77], [0.6]]);
    expect(api.requests.length).toBe(requestsBefore);
    expect(env.spreadsheet.getSheetByName('_okr_grades')?.isSheetHidden()).toBe(true);
    expect(env.spreadsheet.getSheetByName('Grades 2026-Q4')?.inspect().charts()).toHaveLength(1);
  });

  it('explains how to get grades when none were pulled', () => {
    const { env, script } = start(new FakeOkrApi(sampleBoard()));
    expect(() => env.runAsCustomFunction(() => script.OKR_GRADE('kr_adoption01'))).toThrow(
      /Quarter-end grades/,
    );
  });
});
