// The family of cycles an alignment tree spans (a cycle, the cycles enclosing it and the cycles those
// enclose) and its objectives, now from the streams or as of an instant from the events: what the
// alignment view and the aligned grades read.
import { loadCycle, SNAPSHOT_SCHEMA_VERSION } from '@okr-ledger/command-handling';
import type { CycleState, ObjectiveState } from '@okr-ledger/okr-domain';
import { alignmentFamily } from '@okr-ledger/projections';
import { mapWithLimit } from '../concurrency.js';
import type { ApiDependencies } from '../deps.js';
import { NotFoundError } from '../errors.js';
import { currentObjectives, cycleAsOf, objectiveHistories, objectivesAt } from './as-of.js';

const PARALLEL_CYCLES = 4;

/** The family of cycles (see alignmentFamily) as the views list them; 404 when the cycle is unknown. */
export async function familyIds(deps: ApiDependencies, org: string, cycleId: string): Promise<string[]> {
  const listed = await deps.views.cycles(org);
  // The list may trail a cycle created a moment ago: the asked cycle is read from its stream in any case.
  const self = listed.some((cycle) => cycle.id === cycleId)
    ? null
    : await loadCycle(deps.store, org, cycleId);
  const cycles = self === null ? listed : [...listed, self];
  if (!cycles.some((cycle) => cycle.id === cycleId))
    throw new NotFoundError(`There is no cycle '${cycleId}'.`);
  return alignmentFamily(cycleId, cycles).map((cycle) => cycle.id);
}

export interface FamilySnapshot {
  cycles: CycleState[];
  objectives: ObjectiveState[];
}

export async function current(deps: ApiDependencies, org: string, ids: string[]): Promise<FamilySnapshot> {
  const parts = await mapWithLimit(ids, PARALLEL_CYCLES, async (id) => ({
    cycle: await loadCycle(deps.store, org, id),
    objectives: await currentObjectives(deps.store, org, id, SNAPSHOT_SCHEMA_VERSION),
  }));
  return collect(parts);
}

export async function histories(deps: ApiDependencies, org: string, ids: string[]) {
  return mapWithLimit(ids, PARALLEL_CYCLES, async (id) => ({
    id,
    streams: await objectiveHistories(deps.store, org, id),
  }));
}

export async function asOf(
  deps: ApiDependencies,
  org: string,
  read: Awaited<ReturnType<typeof histories>>,
  instant: string,
): Promise<FamilySnapshot> {
  const parts = await mapWithLimit(read, PARALLEL_CYCLES, async ({ id, streams }) => ({
    cycle: await cycleAsOf(deps.store, org, id, instant),
    objectives: objectivesAt(streams, instant),
  }));
  return collect(parts);
}

function collect(parts: { cycle: CycleState | null; objectives: ObjectiveState[] }[]): FamilySnapshot {
  const present = parts.filter(
    (part): part is { cycle: CycleState; objectives: ObjectiveState[] } => part.cycle !== null,
  );
  return {
    cycles: present.map((part) => part.cycle),
    objectives: present.flatMap((part) => part.objectives),
  };
}
