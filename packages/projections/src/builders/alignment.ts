// The alignment tree view (docs/alignment.md): objectives of a family of cycles rolled up with the domain's
// roll-up, teams read through the upcaster, nodes in tree order (roots, then each one's children).
import type { AlignmentObjective, AlignmentResponse } from '@okr-ledger/api-contract';
import {
  alignmentNodeOf,
  alignmentOwnFigure,
  band,
  type CycleState,
  enclosesCycle,
  type ObjectiveState,
  resolveTeam,
  rollUpAlignment,
  roundHalfUp2,
  type Team,
} from '@okr-ledger/okr-domain';

/**
 * The cycles a cycle's tree spans: itself, the cycles whose dates enclose it, and every cycle those
 * enclose (so an annual objective's figure counts all its quarters, whichever quarter is asked for).
 */
export function alignmentFamily<C extends Pick<CycleState, 'id' | 'startsOn' | 'endsOn'>>(
  cycleId: string,
  cycles: readonly C[],
): C[] {
  const self = cycles.find((cycle) => cycle.id === cycleId);
  if (self === undefined) return [];
  const enclosing = cycles.filter((cycle) => enclosesCycle(cycle, self));
  return cycles.filter(
    (cycle) => cycle.id === self.id || enclosing.some((outer) => enclosesCycle(outer, cycle)),
  );
}

export interface AlignmentInput {
  cycleId: string;
  asOf: string;
  /** The family's cycles as of `asOf` (see alignmentFamily). */
  cycles: readonly CycleState[];
  /** Every objective of those cycles as of `asOf`; archived ones are left out. */
  objectives: readonly ObjectiveState[];
  teams: readonly Team[];
  /** Whether `asOf` is a past instant (check-ins effective after it do not count). */
  past: boolean;
}

export function toAlignmentView(input: AlignmentInput): AlignmentResponse {
  const cycles = new Map(input.cycles.map((cycle) => [cycle.id, cycle]));
  const live = input.objectives.filter((objective) => !objective.archived && cycles.has(objective.cycleId));
  const owns = new Map(
    live.map((objective) => {
      const cycle = cycles.get(objective.cycleId) as CycleState;
      return [objective.id, alignmentOwnFigure(objective, cycle, input.past ? input.asOf : undefined)];
    }),
  );
  const figures = rollUpAlignment(
    live.map((objective) => alignmentNodeOf(objective, owns.get(objective.id) ?? 0)),
  );
  const byId = new Map(live.map((objective) => [objective.id, objective]));
  const ordered: AlignmentObjective[] = [];
  const visit = (objective: ObjectiveState) => {
    const figure = figures.get(objective.id);
    if (figure === undefined) return;
    const cycle = cycles.get(objective.cycleId) as CycleState;
    const graded = cycle.status === 'closed';
    const team = resolveTeam(objective.definition.team, input.teams);
    const aligned = graded ? roundHalfUp2(figure.aligned) : figure.aligned;
    ordered.push({
      id: objective.id,
      cycleId: objective.cycleId,
      title: objective.definition.title,
      owner: objective.definition.owner,
      team: objective.definition.team,
      teamId: team?.id ?? null,
      teamName: team?.name ?? null,
      parentObjectiveId: objective.definition.parentObjectiveId,
      weight: objective.definition.weight,
      depth: figure.depth,
      children: figure.children,
      ownProgress: figure.own,
      ownBand: band(roundHalfUp2(figure.own)),
      alignedProgress: aligned,
      alignedBand: figure.alignedBand,
      graded,
    });
    for (const childId of figure.children) {
      const child = byId.get(childId);
      if (child !== undefined) visit(child);
    }
  };
  for (const objective of live) if ((figures.get(objective.id)?.depth ?? 0) === 0) visit(objective);
  return {
    cycleId: input.cycleId,
    asOf: input.asOf,
    cycles: input.cycles.map(({ id, title, startsOn, endsOn, status }) => ({
      id,
      title,
      startsOn,
      endsOn,
      status,
    })),
    teams: input.teams.map(({ id, name, parentTeamId, archived }) => ({ id, name, parentTeamId, archived })),
    objectives: ordered,
  };
}
