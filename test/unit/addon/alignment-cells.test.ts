// Teams and alignment on the editing sheet, in the built add-on: a pull reads the board and its alignment
// view in one fetchAll; objective rows offer the organization's live teams (by id) and the objectives of this
// cycle and of the cycles enclosing it as parents; a parent picked from the list goes out with the next push
// through the usual EditObjective, "none" unlinks, anything else is refused on its cell; the lists survive a
// push. The Pull dialog offers the teams by their path, and a team keeps its sub-teams' objectives.
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type vm from 'node:vm';
import type { AlignmentResponse } from '@okr-ledger/api-contract';
import type { ObjectiveCommand } from '@okr-ledger/okr-domain';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildAddon } from '../../../addon/build.js';
import { readParentCell } from '../../../addon/src/core/alignment-cells.js';
import { columnNumber } from '../../../addon/src/core/columns.js';
import { type PullChoices, pullChoices } from '../../../addon/src/core/pull-options.js';
import { createAppsScriptEnvironment } from '../../support/apps-script/index.js';
import { API_URL, FakeOkrApi } from './fake-api.js';
import { board, cycleView, keyResultView, objectiveView } from './fixtures.js';

let code = '';

beforeAll(async () => {
  const built = await buildAddon({ outDir: await mkdtemp(path.join(tmpdir(), 'okr-addon-teams-')) });
  code = await readFile(built.codePath, 'utf8');
});

const TEAMS: AlignmentResponse['teams'] = [
  { id: 'team_gtm00001', name: 'Go-to-market', parentTeamId: null, archived: false },
  { id: 'team_support01', name: 'Support', parentTeamId: 'team_gtm00001', archived: false },
  { id: 'team_data0001', name: 'Data', parentTeamId: null, archived: false },
  { id: 'team_old00001', name: 'Old', parentTeamId: null, archived: true },
];

const node = (id: string, cycleId: string): AlignmentResponse['objectives'][number] => ({
  id,
  cycleId,
  title: id,
  owner: null,
  team: null,
  teamId: null,
  teamName: null,
  parentObjectiveId: null,
  weight: 1,
  depth: 0,
  children: [],
  ownProgress: 0,
  ownBand: 'red',
  alignedProgress: 0,
  alignedBand: 'red',
  graded: false,
});

function start() {
  const api = new FakeOkrApi(
    board([
      objectiveView('obj_gtm000001', {
        team: 'team_gtm00001',
        keyResults: [keyResultView('kr_gtm0000001', 'obj_gtm000001')],
      }),
      objectiveView('obj_support01', { team: 'team_support01' }),
      // A name typed before teams existed reads as that team.
      objectiveView('obj_support02', { team: 'support' }),
      objectiveView('obj_data00001', { team: 'team_data0001' }),
    ]),
  );
  api.me = { ...api.me, role: 'editor' };
  api.teams = TEAMS;
  api.alignment = {
    cycleId: '2026-Q4',
    asOf: '2026-11-20T10:00:00.000Z',
    cycles: [
      { id: '2026', title: '2026', startsOn: '2026-01-01', endsOn: '2026-12-31', status: 'active' },
      { id: '2026-Q4', title: 'Q4', startsOn: '2026-10-01', endsOn: '2026-12-31', status: 'active' },
      { id: '2026-Q3', title: 'Q3', startsOn: '2026-07-01', endsOn: '2026-09-30', status: 'closed' },
    ],
    teams: TEAMS,
    objectives: [
      node('obj_company01', '2026'),
      node('obj_gtm000001', '2026-Q4'),
      node('obj_support01', '2026-Q4'),
      node('obj_q3carried', '2026-Q3'),
    ],
  };
  const env = createAppsScriptEnvironment({ fetch: api.handler });
  env.properties.document.setProperty('okrLedger.apiUrl', API_URL);
  env.properties.document.setProperty('okrLedger.organization', 'acme');
  env.properties.user.setProperty('okrLedger.role.acme', 'editor');
  const script = env.load(code) as vm.Context & Record<string, (...args: unknown[]) => unknown>;
  const sheet = () => {
    const found = env.spreadsheet.getSheetByName('OKRs 2026-Q4');
    if (found === null) throw new Error('no editing sheet');
    return found;
  };
  const rowOf = (id: string) => {
    const ids = sheet()
      .getRange(1, columnNumber('id'), sheet().getLastRow(), 1)
      .getValues()
      .map(([value]) => value);
    const index = ids.indexOf(id);
    if (index === -1) throw new Error(`no row for ${id}`);
    return index + 1;
  };
  const choices = (row: number, key: 'team' | 'parentObjective') =>
    (sheet().getRange(row, columnNumber(key)).getDataValidation()?.getCriteriaValues()[0] ?? null) as
      | string[]
      | null;
  const sent = () =>
    api
      .requestsTo('/commands')
      .flatMap((request) => (request.json() as { commands: ObjectiveCommand[] }).commands);
  return { api, env, script, sheet, rowOf, choices, sent };
}

describe('the Team and Parent objective dropdowns', () => {
  it('offer live team ids and the objectives of this and enclosing cycles, on objective rows', () => {
    const { api, env, script, rowOf, choices } = start();
    script.pullWithOptions({ cycleId: '2026-Q4' });

    expect(env.ui.alerts).toEqual([]);
    expect(api.requests.map((request) => new URL(request.url).pathname)).toEqual([
      '/v1/orgs/acme/cycles/2026-Q4/okrs',
      '/v1/orgs/acme/cycles/2026-Q4/alignment',
      '/v1/orgs/acme/cycles/2026-Q4/attention',
    ]);
    const objectiveRow = rowOf('obj_gtm000001');
    expect(choices(objectiveRow, 'team')).toEqual(['team_gtm00001', 'team_support01', 'team_data0001']);
    expect(choices(objectiveRow, 'parentObjective')).toEqual([
      'none',
      'obj_company01',
      'obj_gtm000001',
      'obj_support01',
    ]);
    // A key result has neither.
    expect(choices(rowOf('kr_gtm0000001'), 'team')).toBeNull();
    expect(choices(rowOf('kr_gtm0000001'), 'parentObjective')).toBeNull();
  });

  it('sends a parent picked from the list with the push, and keeps the lists on the refreshed row', () => {
    const { api, env, script, sheet, rowOf, choices, sent } = start();
    script.pullWithOptions({ cycleId: '2026-Q4' });
    const row = rowOf('obj_support01');
    const picked = choices(row, 'parentObjective')?.[1];
    expect(picked).toBe('obj_company01');

    sheet().getRange(row, columnNumber('parentObjective')).setValue(picked);
    // Like every definition change while the cycle is active, it needs a reason.
    sheet().getRange(row, columnNumber('reason')).setValue('Support serves the company objective');
    sheet().activate();
    script.pushChanges();

    expect(env.ui.alerts).toEqual([]);
    expect(sent()).toEqual([
      expect.objectContaining({
        type: 'EditObjective',
        objectiveId: 'obj_support01',
        changes: { parentObjectiveId: 'obj_company01' },
        reason: 'Support serves the company objective',
      }),
    ]);
    expect(api.board.objectives.find((o) => o.id === 'obj_support01')?.parentObjectiveId).toBe(
      'obj_company01',
    );
    expect(sheet().getRange(row, columnNumber('parentObjective')).getValue()).toBe('obj_company01');
    expect(choices(row, 'parentObjective')).toContain('obj_company01');
    expect(choices(row, 'team')).toContain('team_gtm00001');

    // Pushing again sends nothing: the sheet now matches the server.
    script.pushChanges();
    expect(sent()).toHaveLength(1);
  });

  it('unlinks with "none", and refuses anything but an objective id on its cell, sending nothing', () => {
    const { api, env, script, sheet, rowOf, sent } = start();
    api.board = {
      ...api.board,
      objectives: api.board.objectives.map((o) =>
        o.id === 'obj_gtm000001' ? { ...o, parentObjectiveId: 'obj_company01' } : o,
      ),
    };
    script.pullWithOptions({ cycleId: '2026-Q4' });
    sheet().activate();
    const cell = sheet().getRange(rowOf('obj_gtm000001'), columnNumber('parentObjective'));
    expect(cell.getValue()).toBe('obj_company01');

    cell.setValue('The company objective');
    sheet().getRange(rowOf('obj_gtm000001'), columnNumber('reason')).setValue('Now stands alone');
    env.ui.queueAlertResponse('OK');
    script.pushChanges();
    expect(sent()).toEqual([]);
    expect(cell.getNote()).toContain('Parent objective must be an objective id');

    cell.setValue('none');
    script.pushChanges();
    expect(sent()).toEqual([
      expect.objectContaining({ objectiveId: 'obj_gtm000001', changes: { parentObjectiveId: null } }),
    ]);
  });

  it('reads a blank cell as "keep the server’s"', () => {
    expect(readParentCell('')).toEqual({ ok: true, value: undefined });
    expect(readParentCell(' NONE ')).toEqual({ ok: true, value: null });
    expect(readParentCell('obj_company01')).toEqual({ ok: true, value: 'obj_company01' });
    expect(readParentCell('obj_x')).toMatchObject({ ok: false });
  });
});

describe('pulling by team', () => {
  it('offers the live teams by path, and keeps the chosen team’s and its sub-teams’ objectives', () => {
    const { api, script, env } = start();
    const choices = script.loadPullOptions() as PullChoices;
    expect(JSON.parse(JSON.stringify(choices.teams))).toEqual([
      { id: 'team_data0001', label: 'Data' },
      { id: 'team_gtm00001', label: 'Go-to-market' },
      { id: 'team_support01', label: 'Go-to-market › Support' },
    ]);

    const result = script.pullWithOptions({ cycleId: '2026-Q4', team: 'team_gtm00001' }) as {
      message: string;
    };
    const ids = env.spreadsheet
      .getSheetByName('OKRs 2026-Q4')
      ?.getRange(1, columnNumber('id'), 40, 1)
      .getValues()
      .map(([value]) => value)
      .filter((value) => String(value).startsWith('obj_'));
    expect(ids).toEqual(['obj_gtm000001', 'obj_support01', 'obj_support02']);
    expect(result.message).toContain('Go-to-market and its sub-teams');

    script.pullWithOptions({ cycleId: '2026-Q4', team: 'team_support01' });
    expect(
      env.spreadsheet
        .getSheetByName('OKRs 2026-Q4')
        ?.getRange(1, columnNumber('id'), 40, 1)
        .getValues()
        .map(([value]) => value)
        .filter((value) => String(value).startsWith('obj_')),
    ).toEqual(['obj_support01', 'obj_support02']);
    expect(api.requestsTo('/teams')).toHaveLength(1);
  });
});

describe('the Pull dialog’s preferred cycle', () => {
  it('is the quarter when the year around it is active too', () => {
    const cycles = [
      cycleView({ id: '2026', startsOn: '2026-01-01', endsOn: '2026-12-31' }),
      cycleView({ id: '2026-Q3', startsOn: '2026-07-01', endsOn: '2026-09-30', status: 'closed' }),
      cycleView({ id: '2026-Q4' }),
    ];
    expect(pullChoices(cycles, [], [], { team: null, owner: null }).preferredCycleId).toBe('2026-Q4');
  });
});
