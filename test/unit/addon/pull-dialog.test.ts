// Pull cycle from anywhere but a cycle sheet opens the Pull dialog: the organization's cycles (the active
// one chosen) and team and owner filters with what the spreadsheet has seen. A filtered pull keeps whole
// objectives, is what a push compares with, and is remembered for the next pull from that sheet.
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type vm from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildAddon } from '../../../addon/build.js';
import { columnNumber, DATA_START_ROW } from '../../../addon/src/core/columns.js';
import type { PullChoices } from '../../../addon/src/core/pull-options.js';
import { createAppsScriptEnvironment } from '../../support/apps-script/index.js';
import { API_URL, FakeOkrApi } from './fake-api.js';
import { sampleBoard } from './fixtures.js';

let code = '';
let pullDialog = '';

beforeAll(async () => {
  const built = await buildAddon({ outDir: await mkdtemp(path.join(tmpdir(), 'okr-addon-pull-')) });
  [code, pullDialog] = await Promise.all([
    readFile(built.codePath, 'utf8'),
    readFile(built.pullDialogPath, 'utf8'),
  ]);
});

function start() {
  const api = new FakeOkrApi(sampleBoard({ status: 'active' }));
  const env = createAppsScriptEnvironment({ fetch: api.handler, files: { PullDialog: pullDialog } });
  env.properties.document.setProperty('okrLedger.apiUrl', API_URL);
  env.properties.document.setProperty('okrLedger.organization', 'acme');
  const script = env.load(code) as vm.Context & Record<string, (...args: unknown[]) => unknown>;
  return { api, env, script };
}

const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

function ids(env: ReturnType<typeof start>['env']): string[] {
  const sheet = env.spreadsheet.getSheetByName('OKRs 2026-Q4');
  if (sheet === null) return [];
  return sheet
    .getRange(DATA_START_ROW, columnNumber('id'), Math.max(1, sheet.getLastRow() - 2), 1)
    .getValues()
    .map(([id]) => String(id))
    .filter((id) => id !== '');
}

describe('the Pull dialog', () => {
  it('opens from a sheet that is not a cycle sheet, offering the cycles with the active one chosen', () => {
    const { env, script } = start();

    script.pullCycle();
    const choices = plain(script.loadPullOptions()) as PullChoices;

    expect(env.ui.alerts).toEqual([]);
    expect(env.ui.dialogs.at(-1)).toMatchObject({ title: 'Pull a cycle' });
    expect(env.ui.dialogs.at(-1)?.content).toContain('id="cycle"');
    expect(choices).toMatchObject({
      cycles: [{ id: '2026-Q4', label: expect.stringContaining('active') }],
      preferredCycleId: '2026-Q4',
      filter: { team: null, owner: null },
    });
  });

  it('pulls only the chosen team’s objectives, offers what it has seen, and remembers the filter', () => {
    // Prepare
    const { api, env, script } = start();

    // Act
    const result = plain(script.pullWithOptions({ cycleId: '2026-Q4', team: 'Growth', owner: '' }));
    const choices = plain(script.loadPullOptions()) as PullChoices;

    // Assess
    expect(result).toEqual({ message: expect.stringContaining('1 objectives') });
    expect(ids(env).filter((id) => id.startsWith('obj_'))).toEqual(['obj_growth001']);
    expect(choices.teams).toEqual([{ id: 'Growth', label: 'Growth' }]);
    expect(choices.filter).toEqual({ team: 'Growth', owner: null });
    // Pull cycle from the cycle sheet pulls again with the same filter, without the dialog.
    const dialogs = env.ui.dialogs.length;
    script.pullCycle();
    expect(env.ui.dialogs).toHaveLength(dialogs);
    expect(ids(env).filter((id) => id.startsWith('obj_'))).toEqual(['obj_growth001']);
    expect(api.requestsTo('/okrs')).toHaveLength(2);
  });

  it('clears the rows a narrower filter leaves out, and a push never touches them', () => {
    // Prepare: everything pulled, then only Growth
    const { api, env, script } = start();
    script.pullWithOptions({ cycleId: '2026-Q4' });
    expect(ids(env)).toContain('obj_quality01');

    // Act
    script.pullWithOptions({ cycleId: '2026-Q4', team: 'Growth' });
    script.pushChanges();

    // Assess
    expect(ids(env)).not.toContain('obj_quality01');
    expect(ids(env)).not.toContain('kr_uptime001');
    expect(api.requestsTo('/commands')).toHaveLength(0);
    expect(env.ui.alerts).toEqual([]);
  });

  it('shows a refusal in the dialog’s words when no cycle is chosen', () => {
    const { script } = start();

    expect(() => script.pullWithOptions({ cycleId: '' })).toThrow('Choose a cycle to pull.');
  });
});
