// The "Alignment" menu item in the built add-on: offered to everyone, it reads the alignment tree of the
// active sheet's cycle (or the one chosen) with one call and lays it out as "Alignment ‹cycle›".
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type vm from 'node:vm';
import type { AlignmentResponse } from '@okr-ledger/api-contract';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildAddon } from '../../../addon/build.js';
import { menuEntries } from '../../../addon/src/core/menu.js';
import { createAppsScriptEnvironment } from '../../support/apps-script/index.js';
import { API_URL, FakeOkrApi } from './fake-api.js';
import { sampleBoard } from './fixtures.js';

let code = '';

beforeAll(async () => {
  const built = await buildAddon({ outDir: await mkdtemp(path.join(tmpdir(), 'okr-addon-alignment-')) });
  code = await readFile(built.codePath, 'utf8');
});

const objective = (
  id: string,
  cycleId: string,
  depth: number,
  parentObjectiveId: string | null,
  children: string[],
): AlignmentResponse['objectives'][number] => ({
  id,
  cycleId,
  title: `Title of ${id}`,
  owner: 'ana@example.com',
  team: depth === 0 ? null : 'team_gtm',
  teamId: depth === 0 ? null : 'team_gtm',
  teamName: depth === 0 ? null : 'Go-to-market',
  parentObjectiveId,
  weight: 1,
  depth,
  children,
  ownProgress: 0.3,
  ownBand: 'red',
  alignedProgress: 0.5,
  alignedBand: 'yellow',
  graded: false,
});

function connected(role: 'viewer' | 'editor') {
  const api = new FakeOkrApi(sampleBoard());
  api.me = { ...api.me, role };
  api.alignment = {
    cycleId: '2026-Q4',
    asOf: '2026-12-01T10:00:00.000Z',
    cycles: [],
    teams: [{ id: 'team_gtm', name: 'Go-to-market', parentTeamId: null, archived: false }],
    objectives: [
      objective('obj_company', '2026', 0, null, ['obj_child']),
      objective('obj_child', '2026-Q4', 1, 'obj_company', []),
    ],
  };
  const env = createAppsScriptEnvironment({ fetch: api.handler });
  env.properties.document.setProperty('okrLedger.apiUrl', API_URL);
  env.properties.document.setProperty('okrLedger.organization', 'acme');
  env.properties.user.setProperty('okrLedger.role.acme', role);
  const script = env.load(code) as vm.Context & Record<string, () => void>;
  return { api, env, script };
}

describe('the Alignment menu item', () => {
  it('is offered to viewers as to everyone else', () => {
    for (const role of ['viewer', 'editor', 'admin', null] as const)
      expect(menuEntries(role)).toContainEqual({ caption: 'Alignment', functionName: 'showAlignment' });
  });

  it('lays out the tree of the active sheet’s cycle with one call, the child indented under its parent', () => {
    const { api, env, script } = connected('viewer');
    script.pullWithOptions({ cycleId: '2026-Q4' });
    env.spreadsheet.getSheetByName('OKRs 2026-Q4')?.activate();
    const before = api.requests.length;

    script.showAlignment();

    expect(env.ui.alerts).toEqual([]);
    expect(api.requests.slice(before).map((request) => new URL(request.url).pathname)).toEqual([
      '/v1/orgs/acme/cycles/2026-Q4/alignment',
    ]);
    const sheet = env.spreadsheet.getSheetByName('Alignment 2026-Q4');
    if (sheet === null) throw new Error('no Alignment sheet');
    const values = sheet.getDataRange().getValues();
    expect(values[2]?.slice(0, 3)).toEqual(['Title of obj_company', '2026', '']);
    expect(values[3]?.slice(0, 3)).toEqual(['    ↳ Title of obj_child', '2026-Q4', 'Go-to-market']);
    expect(values[3]?.[9]).toBe('obj_child');
  });

  it('asks which cycle away from a cycle sheet, and says so when the API refuses', () => {
    const { api, env, script } = connected('editor');
    env.ui.queuePromptResponse('');
    script.showAlignment();
    expect(env.spreadsheet.getSheetByName('Alignment 2026-Q4')).not.toBeNull();

    api.failWith = { status: 503, body: { title: 'Unavailable', status: 503, detail: 'down' } };
    script.showAlignment();
    expect(env.ui.alerts.length).toBe(1);
  });
});
