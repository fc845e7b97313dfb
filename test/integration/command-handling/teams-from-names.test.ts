// create-teams on DynamoDB Local: the names typed into objectives' team fields become teams once (a second
// run creates nothing), a name that is already a team (in any case) is left alone, no objective is
// rewritten, and another organization's names are not read.
import {
  createTeamsFromNames,
  runCycleCommand,
  runObjectiveCommands,
  runOrganizationCommand,
  teamIdForName,
  type Writer,
} from '@okr-ledger/command-handling';
import { createDynamoClients, EventStore, LOCAL_DYNAMO_SETTINGS } from '@okr-ledger/event-store';
import {
  ObjectiveDefinitionSchema,
  type OrganizationState,
  resolveTeam,
  streamIdOf,
} from '@okr-ledger/okr-domain';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestTables } from '../../support/dynamo.js';

const tables = useTestTables();
const { doc } = createDynamoClients({ endpoint: tables.endpoint, ...LOCAL_DYNAMO_SETTINGS });
const store = () => new EventStore({ client: doc, tableName: tables.eventsTableName });
const writer = (org: string): Writer => ({
  store: store(),
  org,
  actor: { sub: `sub-${org}`, email: `admin@${org}.test` },
  role: 'admin',
  clock: () => new Date('2026-10-02T09:00:00.000Z'),
});

async function organizationWithObjectives(org: string, teams: string[]): Promise<void> {
  const admin = writer(org);
  await runOrganizationCommand(admin, {
    type: 'CreateOrganization',
    commandId: `create-${org}-org`,
    organizationId: org,
    name: org,
    timeZone: 'UTC',
    firstAdminEmail: `admin@${org}.test`,
  });
  const { state: cycle } = await runCycleCommand(admin, {
    type: 'CreateCycle',
    commandId: `create-${org}-cycle`,
    cycleId: '2026-Q4',
    startsOn: '2026-10-01',
    endsOn: '2026-12-31',
    timeZone: 'UTC',
  });
  for (const [index, team] of teams.entries()) {
    const objectiveId = `obj_${org}_${index}`;
    await runObjectiveCommands(admin, cycle, objectiveId, [
      {
        type: 'CreateObjective',
        commandId: `create-${org}-objective-${index}`,
        objectiveId,
        definition: ObjectiveDefinitionSchema.parse({ title: `Objective ${index} of ${org}`, team }),
      },
    ]);
  }
}

beforeAll(async () => {
  await organizationWithObjectives('acme', ['Growth', ' growth', 'Data', 'platform']);
  await runOrganizationCommand(writer('acme'), {
    type: 'CreateTeam',
    commandId: 'create-acme-platform',
    teamId: 'team_platform',
    name: 'Platform',
    parentTeamId: null,
    leads: [],
    members: [],
  });
  await organizationWithObjectives('globex', ['Secret projects']);
});

describe('create-teams', () => {
  it('creates one team per unresolved name, once, and every objective then reads as a team', async () => {
    // Act
    const first = await createTeamsFromNames(writer('acme'));
    const second = await createTeamsFromNames(writer('acme'));
    // Assess
    expect(first.objectives).toBe(4);
    expect(first.created).toEqual([
      { teamId: teamIdForName('Growth'), name: 'Growth' },
      { teamId: teamIdForName('Data'), name: 'Data' },
    ]);
    expect(second.created).toEqual([]);
    const organization = await store().readTip<OrganizationState>('acme', streamIdOf.organization());
    const teams = Object.values(organization?.snapshot.teams ?? {});
    expect(teams.map((team) => team.name).sort()).toEqual(['Data', 'Growth', 'Platform']);
    for (const typed of ['Growth', ' growth', 'Data', 'platform']) {
      expect(resolveTeam(typed, teams), typed).not.toBeNull();
    }
    // No objective was rewritten: its stream still holds only its creation.
    const events = await store().readStream('acme', streamIdOf.objective('obj_acme_1'));
    expect(events.map((event) => event.type)).toEqual(['ObjectiveCreated']);
  });

  it("reads only its own organization's objectives", async () => {
    const globex = await store().readTip<{ teams?: Record<string, unknown> }>(
      'globex',
      streamIdOf.organization(),
    );
    expect(Object.keys(globex?.snapshot.teams ?? {})).toEqual([]);
    const acme = await store().readTip<{ teams?: Record<string, { name: string }> }>(
      'acme',
      streamIdOf.organization(),
    );
    expect(Object.values(acme?.snapshot.teams ?? {}).map((team) => team.name)).not.toContain(
      'Secret projects',
    );
  });

  it('gives readable ids within the id rule, distinct for names that slug alike', () => {
    expect(teamIdForName('Customer Success')).toMatch(/^team_customer-success-[0-9a-f]{6}$/);
    expect(teamIdForName('R&D')).not.toBe(teamIdForName('R D'));
    expect(teamIdForName('Ünïcödé')).toMatch(/^team_unicode-[0-9a-f]{6}$/);
    expect(teamIdForName('???')).toMatch(/^team_team-[0-9a-f]{6}$/);
  });
});
