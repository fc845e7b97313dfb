// Teams and scoped roles (docs/alignment.md): the organization decider's team commands and scopes, the
// upcaster that reads a typed team name as a team, and the objective decider refusing a team editor's
// command outside their teams, per command.
import {
  checkTeamScope,
  editableTeams,
  type OrganizationEvent,
  resolveTeam,
  type Team,
  teamScopeOf,
  unresolvedTeamNames,
} from '@okr-ledger/okr-domain';
import { describe, expect, it } from 'vitest';
import {
  adminCtx,
  givenObjective,
  givenOrganization,
  OBJECTIVE_ID,
  objectiveCtx,
  objectiveDefinition,
} from './specification.js';

const created: OrganizationEvent = {
  type: 'OrganizationCreated',
  data: { organizationId: 'acme', name: 'Acme', timeZone: 'Europe/Berlin' },
};
const alice: OrganizationEvent = { type: 'MemberAdded', data: { email: 'alice@example.com', role: 'admin' } };
const bob: OrganizationEvent = { type: 'MemberAdded', data: { email: 'bob@example.com', role: 'editor' } };
const team = (teamId: string, name: string, parentTeamId: string | null = null): OrganizationEvent => ({
  type: 'TeamCreated',
  data: { teamId, name, parentTeamId, leads: [], members: [] },
});
const sales = team('team_sales', 'Sales');
const emea = team('team_emea', 'Sales EMEA', 'team_sales');
const product = team('team_product', 'Product');
const organization = [created, alice, bob, sales, emea, product];

describe('team commands', () => {
  it('creates a team with its people lower-cased, under a parent', () => {
    const state = givenOrganization(organization)
      .when(
        {
          type: 'CreateTeam',
          teamId: 'team_dach',
          name: 'DACH',
          parentTeamId: 'team_emea',
          leads: ['Ann@Acme.test'],
        },
        adminCtx(),
      )
      .thenEmits([
        {
          type: 'TeamCreated',
          data: {
            teamId: 'team_dach',
            name: 'DACH',
            parentTeamId: 'team_emea',
            leads: ['ann@acme.test'],
            members: [],
          },
        },
      ]);
    expect(state?.teams?.team_dach).toEqual({
      id: 'team_dach',
      name: 'DACH',
      parentTeamId: 'team_emea',
      leads: ['ann@acme.test'],
      members: [],
      archived: false,
    });
  });

  it('refuses a taken id, a taken name, an unknown parent and a non-admin', () => {
    const given = givenOrganization(organization);
    given
      .when({ type: 'CreateTeam', teamId: 'team_sales', name: 'Other' }, adminCtx())
      .thenRejects('already_exists');
    given
      .when({ type: 'CreateTeam', teamId: 'team_x1', name: ' sales ' }, adminCtx())
      .thenRejects('team_name_taken', ['name']);
    given
      .when({ type: 'CreateTeam', teamId: 'team_x1', name: 'X', parentTeamId: 'team_nowhere' }, adminCtx())
      .thenRejects('team_not_found', ['parentTeamId']);
    given
      .when({ type: 'CreateTeam', teamId: 'team_x1', name: 'X' }, adminCtx({ role: 'editor' }))
      .thenRejects('forbidden');
  });

  it('renames, re-parents (refusing a loop) and sets people', () => {
    const given = givenOrganization(organization);
    given
      .when({ type: 'RenameTeam', teamId: 'team_emea', name: 'EMEA' }, adminCtx())
      .thenEmits([
        { type: 'TeamRenamed', data: { teamId: 'team_emea', before: 'Sales EMEA', after: 'EMEA' } },
      ]);
    given
      .when({ type: 'MoveTeam', teamId: 'team_sales', parentTeamId: 'team_emea' }, adminCtx())
      .thenRejects('team_loop', ['parentTeamId']);
    given
      .when({ type: 'MoveTeam', teamId: 'team_emea', parentTeamId: 'team_product' }, adminCtx())
      .thenEmits([
        { type: 'TeamMoved', data: { teamId: 'team_emea', before: 'team_sales', after: 'team_product' } },
      ]);
    given
      .when(
        { type: 'SetTeamPeople', teamId: 'team_emea', leads: ['b@acme.test'], members: ['c@acme.test'] },
        adminCtx(),
      )
      .thenEmits([
        {
          type: 'TeamPeopleSet',
          data: { teamId: 'team_emea', leads: ['b@acme.test'], members: ['c@acme.test'] },
        },
      ]);
  });

  it('archives a team without live sub-teams; an archived team no longer changes', () => {
    givenOrganization(organization)
      .when({ type: 'ArchiveTeam', teamId: 'team_sales' }, adminCtx())
      .thenRejects('invalid_transition', ['teamId']);
    const archived = givenOrganization([
      ...organization,
      { type: 'TeamArchived', data: { teamId: 'team_emea' } },
    ]);
    expect(archived.state?.teams?.team_emea?.archived).toBe(true);
    archived
      .when({ type: 'RenameTeam', teamId: 'team_emea', name: 'Y' }, adminCtx())
      .thenRejects('invalid_transition');
    // The name of an archived team is free again.
    archived.when({ type: 'CreateTeam', teamId: 'team_emea2', name: 'Sales EMEA' }, adminCtx()).thenEmits([
      {
        type: 'TeamCreated',
        data: { teamId: 'team_emea2', name: 'Sales EMEA', parentTeamId: null, leads: [], members: [] },
      },
    ]);
  });
});

describe('scoped roles on PutMember', () => {
  it('scopes an editor to teams, keeps the scope when teams are not named, clears it when the role changes', () => {
    const scoped = givenOrganization(organization)
      .when(
        { type: 'PutMember', email: 'bob@example.com', role: 'editor', teams: ['team_sales'] },
        adminCtx(),
      )
      .thenEmits([
        {
          type: 'MemberScopeChanged',
          data: { email: 'bob@example.com', before: null, after: ['team_sales'] },
        },
      ]);
    expect(scoped?.members['bob@example.com']?.teams).toEqual(['team_sales']);
    const withScope = givenOrganization([
      ...organization,
      { type: 'MemberScopeChanged', data: { email: 'bob@example.com', before: null, after: ['team_sales'] } },
    ]);
    withScope.when({ type: 'PutMember', email: 'bob@example.com', role: 'editor' }, adminCtx()).thenEmits([]);
    const promoted = withScope
      .when({ type: 'PutMember', email: 'bob@example.com', role: 'admin' }, adminCtx())
      .thenEmits([
        { type: 'MemberRoleChanged', data: { email: 'bob@example.com', before: 'editor', after: 'admin' } },
        {
          type: 'MemberScopeChanged',
          data: { email: 'bob@example.com', before: ['team_sales'], after: null },
        },
      ]);
    expect(promoted?.members['bob@example.com']).toEqual({
      email: 'bob@example.com',
      role: 'admin',
      sub: null,
    });
  });

  it('adds a new scoped editor in one decision, and refuses a scope for another role or an unknown team', () => {
    const given = givenOrganization(organization);
    given
      .when(
        { type: 'PutMember', email: 'cy@example.com', role: 'editor', teams: ['team_emea', 'team_emea'] },
        adminCtx(),
      )
      .thenEmits([
        { type: 'MemberAdded', data: { email: 'cy@example.com', role: 'editor' } },
        { type: 'MemberScopeChanged', data: { email: 'cy@example.com', before: null, after: ['team_emea'] } },
      ]);
    given
      .when({ type: 'PutMember', email: 'cy@example.com', role: 'viewer', teams: ['team_emea'] }, adminCtx())
      .thenRejects('invalid_definition', ['teams']);
    given
      .when(
        { type: 'PutMember', email: 'cy@example.com', role: 'editor', teams: ['team_nowhere'] },
        adminCtx(),
      )
      .thenRejects('team_not_found', ['teams', 0]);
  });
});

const teams: Team[] = [
  { id: 'team_sales', name: 'Sales', parentTeamId: null, leads: [], members: [], archived: false },
  {
    id: 'team_emea',
    name: 'Sales EMEA',
    parentTeamId: 'team_sales',
    leads: [],
    members: [],
    archived: false,
  },
  { id: 'team_dach', name: 'DACH', parentTeamId: 'team_emea', leads: [], members: [], archived: false },
  { id: 'team_product', name: 'Product', parentTeamId: null, leads: [], members: [], archived: false },
  { id: 'team_old', name: 'Growth', parentTeamId: null, leads: [], members: [], archived: true },
  { id: 'team_growth', name: 'Growth', parentTeamId: null, leads: [], members: [], archived: false },
];

describe('reading teams', () => {
  it('resolves an id, else a typed name (case and spaces ignored, live before archived), else nothing', () => {
    expect(resolveTeam('team_emea', teams)?.id).toBe('team_emea');
    expect(resolveTeam('  sales emea ', teams)?.id).toBe('team_emea');
    expect(resolveTeam('growth', teams)?.id).toBe('team_growth');
    expect(resolveTeam('Marketing', teams)).toBeNull();
    expect(resolveTeam(null, teams)).toBeNull();
  });

  it('an editor scope reaches the sub-teams; admins, viewers and unscoped editors have none', () => {
    expect(editableTeams({ role: 'editor', teams: ['team_sales'] }, teams)).toEqual(
      new Set(['team_sales', 'team_emea', 'team_dach']),
    );
    expect(editableTeams({ role: 'editor' }, teams)).toBeNull();
    expect(editableTeams({ role: 'admin', teams: ['team_sales'] }, teams)).toBeNull();
  });

  it('names the typed team values no team answers to, once each', () => {
    expect(unresolvedTeamNames(['Sales', 'Marketing', ' marketing', null, 'Ops'], teams)).toEqual([
      'Marketing',
      'Ops',
    ]);
  });

  it('checks a value against a scope', () => {
    const scope = teamScopeOf(
      { role: 'editor', teams: ['team_emea'] },
      { teams: Object.fromEntries(teams.map((t) => [t.id, t])) },
    );
    expect(checkTeamScope('editor', scope, 'DACH', [])).toBeNull();
    expect(checkTeamScope('editor', scope, 'Sales', ['x'])).toMatchObject({ code: 'forbidden', path: ['x'] });
    expect(checkTeamScope('editor', scope, null, [])?.message).toContain('no team');
  });
});

describe('the objective decider with a team scope', () => {
  const scope = { editable: new Set(['team_emea', 'team_dach']), teams };
  const ctx = { ...objectiveCtx('active'), scope };
  const created = {
    type: 'ObjectiveCreated' as const,
    data: {
      objectiveId: OBJECTIVE_ID,
      cycleId: '2026-Q4',
      definition: objectiveDefinition({ team: 'team_dach' }),
    },
  };

  it('lets a team editor create in their team (by id or typed name) and refuses elsewhere', () => {
    givenObjective([])
      .when(
        {
          type: 'CreateObjective',
          objectiveId: OBJECTIVE_ID,
          definition: objectiveDefinition({ team: 'Sales EMEA' }),
        },
        ctx,
      )
      .thenEmits([
        {
          type: 'ObjectiveCreated',
          data: {
            objectiveId: OBJECTIVE_ID,
            cycleId: '2026-Q4',
            definition: objectiveDefinition({ team: 'Sales EMEA' }),
          },
        },
      ]);
    givenObjective([])
      .when(
        {
          type: 'CreateObjective',
          objectiveId: OBJECTIVE_ID,
          definition: objectiveDefinition({ team: 'team_sales' }),
        },
        ctx,
      )
      .thenRejects('forbidden', ['definition', 'team']);
    givenObjective([])
      .when(
        {
          type: 'CreateObjective',
          objectiveId: OBJECTIVE_ID,
          definition: objectiveDefinition({ team: null }),
        },
        ctx,
      )
      .thenRejects('forbidden', ['definition', 'team']);
  });

  it('refuses moving an objective out of the scope, and any command on an objective of another team', () => {
    givenObjective([created])
      .when(
        {
          type: 'EditObjective',
          objectiveId: OBJECTIVE_ID,
          changes: { team: 'team_product' },
          reason: 'moved',
        },
        ctx,
      )
      .thenRejects('forbidden', ['changes', 'team']);
    const other = {
      ...created,
      data: { ...created.data, definition: objectiveDefinition({ team: 'Product' }) },
    };
    givenObjective([other])
      .when(
        { type: 'EditObjective', objectiveId: OBJECTIVE_ID, changes: { title: 'Mine now' }, reason: 'x' },
        ctx,
      )
      .thenRejects('forbidden', ['objectiveId']);
  });

  it('leaves an admin and an unscoped editor unrestricted', () => {
    const other = {
      ...created,
      data: { ...created.data, definition: objectiveDefinition({ team: 'Product' }) },
    };
    givenObjective([other])
      .when(
        { type: 'EditObjective', objectiveId: OBJECTIVE_ID, changes: { title: 'Ours' }, reason: 'x' },
        { ...objectiveCtx('active'), role: 'admin', scope },
      )
      .thenEmits([
        {
          type: 'ObjectiveChanged',
          data: {
            objectiveId: OBJECTIVE_ID,
            changes: [{ field: 'title', before: objectiveDefinition().title, after: 'Ours' }],
            midCycle: true,
            reason: 'x',
          },
        },
      ]);
  });
});

describe('archived teams', () => {
  const archived: Team[] = teams.map((team) =>
    team.id === 'team_product' ? { ...team, archived: true } : team,
  );
  it('take no new objective and no objective moved into them, whoever asks', () => {
    const ctx = { ...objectiveCtx('active'), role: 'admin' as const, teams: archived };
    givenObjective([])
      .when(
        {
          type: 'CreateObjective',
          objectiveId: OBJECTIVE_ID,
          definition: objectiveDefinition({ team: 'Product' }),
        },
        ctx,
      )
      .thenRejects('invalid_definition', ['definition', 'team']);
    const created = {
      type: 'ObjectiveCreated' as const,
      data: {
        objectiveId: OBJECTIVE_ID,
        cycleId: '2026-Q4',
        definition: objectiveDefinition({ team: 'team_sales' }),
      },
    };
    givenObjective([created])
      .when(
        { type: 'EditObjective', objectiveId: OBJECTIVE_ID, changes: { team: 'team_product' }, reason: 'x' },
        ctx,
      )
      .thenRejects('invalid_definition', ['changes', 'team']);
    givenObjective([created]).when(
      { type: 'EditObjective', objectiveId: OBJECTIVE_ID, changes: { title: 'Still fine' }, reason: 'x' },
      ctx,
    ).decision.ok || expect.fail('an edit that does not move teams is accepted');
  });
});

describe('parents in enclosing cycles', () => {
  const year = { id: '2026', startsOn: '2026-01-01', endsOn: '2026-12-31' };
  const q3 = { id: '2026-Q3', startsOn: '2026-07-01', endsOn: '2026-09-30' };
  const create = (parent: string) => ({
    type: 'CreateObjective' as const,
    objectiveId: OBJECTIVE_ID,
    definition: objectiveDefinition({ parentObjectiveId: parent }),
  });
  const ctxWith = (cycle: { id: string; startsOn: string; endsOn: string }) => ({
    ...objectiveCtx('active'),
    parents: new Map([['obj_parent0001', ['obj_parent0001']]]),
    parentCycles: new Map([['obj_parent0001', cycle]]),
  });

  it('accepts a parent in the same cycle or an enclosing one, refuses another quarter', () => {
    expect(givenObjective([]).when(create('obj_parent0001'), ctxWith(year)).decision.ok).toBe(true);
    expect(
      givenObjective([]).when(
        create('obj_parent0001'),
        ctxWith({ id: '2026-Q4', startsOn: '2026-10-01', endsOn: '2026-12-31' }),
      ).decision.ok,
    ).toBe(true);
    givenObjective([])
      .when(create('obj_parent0001'), ctxWith(q3))
      .thenRejects('parent_cycle_mismatch', ['definition', 'parentObjectiveId']);
  });
});
