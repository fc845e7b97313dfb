// The one-off step that gives teams to objectives written before teams existed: every name typed into an
// objective's free-text `team` field that no team answers to becomes a team of the organization
// (docs/alignment.md). Nothing is rewritten: the objectives keep their text, which the read-time upcaster
// resolves to the new team by its name. The command id derives from the name, so a second run, or two
// runs at once, create each team once.
import { createHash } from 'node:crypto';
import {
  compactObjective,
  foldObjective,
  foldOrganization,
  type ObjectiveState,
  type OrganizationState,
  streamIdOf,
  unresolvedTeamNames,
} from '@okr-ledger/okr-domain';
import { fromTip, loadState } from './state.js';
import { runOrganizationCommand, SNAPSHOT_SCHEMA_VERSION, type Writer } from './streams.js';

export interface TeamsFromNames {
  /** Objective streams read, over every cycle of the organization. */
  objectives: number;
  created: { teamId: string; name: string }[];
}

const objectiveShape = {
  snapshotSchemaVersion: SNAPSHOT_SCHEMA_VERSION,
  fold: foldObjective,
  compact: compactObjective,
};
const organizationShape = { snapshotSchemaVersion: SNAPSHOT_SCHEMA_VERSION, fold: foldOrganization };

/** A team id from a typed name: readable, within the id rule, and distinct for names that slug alike. */
export function teamIdForName(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 30);
  const digest = createHash('sha256').update(name.trim().toLowerCase()).digest('hex').slice(0, 6);
  return `team_${slug === '' ? 'team' : slug}-${digest}`;
}

export async function createTeamsFromNames(writer: Writer): Promise<TeamsFromNames> {
  const { store, org } = writer;
  const cycles = (await store.listCyclesWithObjectives()).filter((cycle) => cycle.org === org);
  const streamIds = (
    await Promise.all(cycles.map((cycle) => store.listCycleStreams(org, cycle.cycleId)))
  ).flat();
  // One batch read for every objective's tip (100 keys a request), not a read each.
  const tips = await store.batchReadTips<ObjectiveState>(org, streamIds);
  const typed: (string | null)[] = [];
  for (const streamId of streamIds) {
    const { state } = await fromTip<ObjectiveState, never>(
      store,
      org,
      streamId,
      objectiveShape,
      tips.get(streamId) ?? null,
    );
    typed.push(state?.definition.team ?? null);
  }
  const organization = await loadState<OrganizationState, never>(
    store,
    org,
    streamIdOf.organization(),
    organizationShape,
  );
  if (organization.state === null) throw new Error(`organization ${org} does not exist`);
  const teams = Object.values(organization.state.teams ?? {});
  const created: TeamsFromNames['created'] = [];
  for (const name of unresolvedTeamNames(typed, teams)) {
    const teamId = teamIdForName(name);
    await runOrganizationCommand(writer, {
      type: 'CreateTeam',
      commandId: `create-team-${teamId.slice('team_'.length)}`.slice(0, 64),
      teamId,
      name,
      parentTeamId: null,
      leads: [],
      members: [],
    });
    created.push({ teamId, name });
  }
  return { objectives: streamIds.length, created };
}
