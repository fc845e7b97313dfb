// The alignment roll-up (docs/alignment.md): each objective's aligned progress is the weighted mean of its
// own progress (weight 1) and its children's aligned progress (the child's contribution weight), and which
// cycles a parent may live in. Pure: the caller chooses each node's own figure (progress, or grade).
import { band, gradeObjective, roundHalfUp2 } from './grades.js';
import type { Band, CycleState, ObjectiveState } from './model.js';
import { clampUnit, objectiveProgress } from './progress.js';

/** One objective as the roll-up sees it. */
export interface AlignmentNode {
  id: string;
  /** The objective it is aligned to; a parent not among the nodes makes this node a root. */
  parentId: string | null;
  /** Its own figure (progress score or grade); clamped to [0, 1]. */
  own: number;
  /** The contribution weight of the link to its parent: 0 shows the child without counting it. */
  weight: number;
}

export interface AlignedFigure {
  id: string;
  own: number;
  aligned: number;
  /** Band of the aligned figure rounded to two decimals. */
  alignedBand: Band;
  /** Ids of the nodes aligned to this one, in input order (weight-0 children included). */
  children: string[];
  /** 0 for a root of the nodes given. */
  depth: number;
}

/**
 * Aligned figures of every node. Stored alignment cannot loop (the decider refuses it), but the roll-up
 * still terminates on a loop: a node met again on its own path contributes nothing the second time.
 */
export function rollUpAlignment(nodes: readonly AlignmentNode[]): Map<string, AlignedFigure> {
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const children = new Map<string, string[]>(nodes.map((node) => [node.id, []]));
  for (const node of nodes) {
    if (node.parentId !== null && node.parentId !== node.id && byId.has(node.parentId)) {
      children.get(node.parentId)?.push(node.id);
    }
  }
  const aligned = new Map<string, number>();
  const visit = (id: string, path: ReadonlySet<string>): number => {
    const known = aligned.get(id);
    if (known !== undefined) return known;
    const node = byId.get(id);
    if (node === undefined) return 0;
    let sum = clampUnit(node.own);
    let total = 1;
    const onPath = new Set(path).add(id);
    for (const childId of children.get(id) ?? []) {
      const child = byId.get(childId);
      if (child === undefined || onPath.has(childId)) continue;
      const weight = Number.isFinite(child.weight) && child.weight > 0 ? child.weight : 0;
      const childFigure = visit(childId, onPath);
      if (weight === 0) continue;
      sum += weight * childFigure;
      total += weight;
    }
    const figure = clampUnit(sum / total);
    aligned.set(id, figure);
    return figure;
  };
  const depthOf = (node: AlignmentNode): number => {
    let depth = 0;
    const seen = new Set([node.id]);
    let parent = node.parentId === null ? undefined : byId.get(node.parentId);
    while (parent !== undefined && !seen.has(parent.id)) {
      depth += 1;
      seen.add(parent.id);
      parent = parent.parentId === null ? undefined : byId.get(parent.parentId);
    }
    return depth;
  };
  const figures = new Map<string, AlignedFigure>();
  for (const node of nodes) {
    const figure = visit(node.id, new Set());
    figures.set(node.id, {
      id: node.id,
      own: clampUnit(node.own),
      aligned: figure,
      alignedBand: band(roundHalfUp2(figure)),
      children: children.get(node.id) ?? [],
      depth: depthOf(node),
    });
  }
  return figures;
}

/** True when `outer`'s dates contain `inner`'s (a cycle encloses itself). */
export function enclosesCycle(
  outer: Pick<CycleState, 'startsOn' | 'endsOn'>,
  inner: Pick<CycleState, 'startsOn' | 'endsOn'>,
): boolean {
  return outer.startsOn <= inner.startsOn && outer.endsOn >= inner.endsOn;
}

/** The grade that counts: an admin's override, else the computed grade. */
export function settledGrade(objective: ObjectiveState, cycle: CycleState): number {
  return objective.overrides[objective.id]?.grade ?? gradeObjective(objective, cycle);
}

/**
 * An objective's own figure in the roll-up: its progress score while its cycle runs, its settled grade
 * once the cycle is closed (what it achieved no longer moves).
 */
export function alignmentOwnFigure(objective: ObjectiveState, cycle: CycleState, at?: string): number {
  if (cycle.status === 'closed') return settledGrade(objective, cycle);
  return objectiveProgress(objective, at === undefined ? undefined : { effectiveAtOrBefore: at }).score;
}

/** A live objective as a roll-up node with the given own figure. */
export const alignmentNodeOf = (objective: ObjectiveState, own: number): AlignmentNode => ({
  id: objective.id,
  parentId: objective.definition.parentObjectiveId,
  own,
  weight: objective.definition.weight,
});

/**
 * Aligned grades (docs/alignment.md): the roll-up over grades, each objective's own figure its grade that
 * counts — `finals` where given (a report's rows, frozen ones included), else its settled grade — rounded
 * half-up to two decimals.
 */
export function alignedGrades(
  entries: readonly { objective: ObjectiveState; cycle: CycleState }[],
  finals: ReadonlyMap<string, number> = new Map(),
): Map<string, number> {
  const live = entries.filter((entry) => !entry.objective.archived);
  const figures = rollUpAlignment(
    live.map(({ objective, cycle }) =>
      alignmentNodeOf(objective, finals.get(objective.id) ?? settledGrade(objective, cycle)),
    ),
  );
  return new Map([...figures].map(([id, figure]) => [id, roundHalfUp2(figure.aligned)]));
}
