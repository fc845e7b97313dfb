// Teams and alignment on the editing sheet, in the built add-on: a pull reads the board and its alignment
// view in one fetchAll; objective rows offer the organization's live teams (by name) and the objectives of
// this cycle and of the cycles enclosing it as parents (by title, with their cycle when it is another); a
// label picked from the list goes out as its id with the next push through the usual EditObjective, "none"
// unlinks, a label that matches nothing is refused on its cell; the lists survive a push. The Pull dialog
// offers the teams by their path, and a team keeps its sub-teams' objectives.
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type vm from 'node:vm';
import type { AlignmentResponse } from '@okr-ledger/api-contract';
import type { ObjectiveCommand } from '@okr-ledger/okr-domain';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildAddon } from '../../../addon/build.js';
import {
  alignmentChoices,
  idOfLabel,
  readParentCell,
  uniqueLabels,
} from '../../../addon/src/core/alignment-cells.js';
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

const TITLES: Record<string, string> = {
  obj_company01: 'Become the easiest tool to start with',
  obj_gtm000001: 'Win the mid-market',
  obj_support01: 'Answer every ticket within a day',
  obj_q3carried: 'Close the Q3 backlog',
};

const node = (id: string, cycleId: string): AlignmentResponse['objectives'][number] => ({
  id,
  cycleId,
  title: TITLES[id] ?? id,
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
  it('offer live teams by name and the objectives of this and enclosing cycles by title, on objective rows', () => {
    const { api, env, script, sheet, rowOf, choices } = start();
    script.pullWithOptions({ cycleId: '2026-Q4' });

    expect(env.ui.alerts).toEqual([]);
    expect(api.requests.map((request) => new URL(request.url).pathname)).toEqual([
      '/v1/orgs/acme/cycles/2026-Q4/okrs',
      '/v1/orgs/acme/cycles/2026-Q4/alignment',
      '/v1/orgs/acme/cycles/2026-Q4/attention',
    ]);
    const objectiveRow = rowOf('obj_gtm000001');
    expect(choices(objectiveRow, 'team')).toEqual(['Go-to-market', 'Support', 'Data']);
    expect(choices(objectiveRow, 'parentObjective')).toEqual([
      'none',
      'Become the easiest tool to start with (2026)',
      'Win the mid-market',
      'Answer every ticket within a day',
    ]);
    // The cells show names too; a team typed before teams existed shows as typed.
    expect(sheet().getRange(objectiveRow, columnNumber('team')).getValue()).toBe('Go-to-market');
    expect(sheet().getRange(rowOf('obj_support02'), columnNumber('team')).getValue()).toBe('support');
    // A key result has neither.
    expect(choices(rowOf('kr_gtm0000001'), 'team')).toBeNull();
    expect(choices(rowOf('kr_gtm0000001'), 'parentObjective')).toBeNull();
  });

  it('sends a parent picked from the list with the push, and keeps the lists on the refreshed row', () => {
    const { api, env, script, sheet, rowOf, choices, sent } = start();
    script.pullWithOptions({ cycleId: '2026-Q4' });
    const row = rowOf('obj_support01');
    const picked = choices(row, 'parentObjective')?.[1];
    expect(picked).toBe('Become the easiest tool to start with (2026)');

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
    expect(sheet().getRange(row, columnNumber('parentObjective')).getValue()).toBe(picked);
    expect(choices(row, 'parentObjective')).toContain(picked);
    expect(choices(row, 'team')).toContain('Go-to-market');

    // Pushing again sends nothing: the sheet now matches the server.
    script.pushChanges();
    expect(sent()).toHaveLength(1);
  });

  it('unlinks with "none", and refuses a label that matches no objective on its cell, sending nothing', () => {
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
    expect(cell.getValue()).toBe('Become the easiest tool to start with (2026)');

    cell.setValue('The company objective');
    sheet().getRange(rowOf('obj_gtm000001'), columnNumber('reason')).setValue('Now stands alone');
    env.ui.queueAlertResponse('OK');
    script.pushChanges();
    expect(sent()).toEqual([]);
    expect(cell.getNote()).toContain('Parent objective must be an objective from its dropdown');
    expect(cell.getNote()).toContain('“The company objective” matches none');

    cell.setValue('none');
    script.pushChanges();
    expect(sent()).toEqual([
      expect.objectContaining({ objectiveId: 'obj_gtm000001', changes: { parentObjectiveId: null } }),
    ]);
  });

  it('sends the id of a team picked by name (any case), refuses a name no team has, keeps a legacy name as it is', () => {
    const { env, script, sheet, rowOf, sent } = start();
    script.pullWithOptions({ cycleId: '2026-Q4' });
    sheet().activate();
    const team = (id: string) => sheet().getRange(rowOf(id), columnNumber('team'));
    const reason = (id: string) => sheet().getRange(rowOf(id), columnNumber('reason'));

    team('obj_data00001').setValue('Nowhere');
    reason('obj_data00001').setValue('Moved');
    env.ui.queueAlertResponse('OK');
    script.pushChanges();
    expect(sent()).toEqual([]);
    expect(team('obj_data00001').getNote()).toContain(
      "Team must be one of the organization's teams from its dropdown; “Nowhere” matches none",
    );

    team('obj_data00001').setValue('go-to-market');
    script.pushChanges();
    expect(sent()).toEqual([
      expect.objectContaining({
        type: 'EditObjective',
        objectiveId: 'obj_data00001',
        changes: { team: 'team_gtm00001' },
      }),
    ]);
    expect(team('obj_data00001').getValue()).toBe('Go-to-market');
    // The untouched legacy name went nowhere.
    expect(team('obj_support02').getValue()).toBe('support');
  });

  it('reads a blank cell as "keep the server’s"', () => {
    expect(readParentCell('')).toEqual({ ok: true, value: undefined });
    expect(readParentCell(' NONE ')).toEqual({ ok: true, value: null });
    expect(readParentCell('obj_company01')).toEqual({ ok: true, value: 'obj_company01' });
    expect(readParentCell('obj_x')).toMatchObject({ ok: false });
  });
});

describe('labels and ids', () => {
  it('appends the id to labels that would read the same, or as "none", or as another entry’s id', () => {
    expect(
      uniqueLabels([
        { id: 'obj_a0000001', label: 'Grow revenue' },
        { id: 'obj_b0000001', label: 'grow revenue ' },
        { id: 'obj_c0000001', label: 'None' },
        { id: 'obj_d0000001', label: 'obj_a0000001' },
        { id: 'obj_e0000001', label: 'Ship it' },
      ]),
    ).toEqual([
      { id: 'obj_a0000001', label: 'Grow revenue · obj_a0000001' },
      { id: 'obj_b0000001', label: 'grow revenue  · obj_b0000001' },
      { id: 'obj_c0000001', label: 'None · obj_c0000001' },
      { id: 'obj_d0000001', label: 'obj_a0000001 · obj_d0000001' },
      { id: 'obj_e0000001', label: 'Ship it' },
    ]);
  });

  it('labels parents of an enclosing cycle with it, two same titles with their ids, and maps each back', () => {
    const view = {
      cycleId: '2026-Q4',
      asOf: '2026-11-20T10:00:00.000Z',
      cycles: [
        {
          id: '2026',
          title: '2026',
          startsOn: '2026-01-01',
          endsOn: '2026-12-31',
          status: 'active' as const,
        },
        {
          id: '2026-Q4',
          title: 'Q4',
          startsOn: '2026-10-01',
          endsOn: '2026-12-31',
          status: 'active' as const,
        },
      ],
      teams: TEAMS,
      objectives: [
        { ...node('obj_company01', '2026'), title: 'Grow' },
        { ...node('obj_gtm000001', '2026-Q4'), title: 'Grow' },
        { ...node('obj_support01', '2026-Q4'), title: 'Grow' },
      ],
    };
    const choices = alignmentChoices(TEAMS, view);
    expect(choices.parents.map((parent) => parent.label)).toEqual([
      'Grow (2026)',
      'Grow · obj_gtm000001',
      'Grow · obj_support01',
    ]);
    expect(choices.teams.map((team) => team.label)).toEqual(['Go-to-market', 'Support', 'Data']);
    expect(idOfLabel('Grow · obj_support01', choices.parents)).toBe('obj_support01');
    expect(idOfLabel('grow (2026)', choices.parents)).toBe('obj_company01');
    expect(idOfLabel('obj_gtm000001', choices.parents)).toBe('obj_gtm000001');
    expect(idOfLabel('Grow', choices.parents)).toBeNull();
    expect(idOfLabel(' DATA ', choices.teams)).toBe('team_data0001');
    expect(idOfLabel('Old', choices.teams)).toBeNull();
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
