// Carry-over (docs/alignment.md): chosen objectives and KRs of a cycle copied into the next one through the
// one command path — new ids derived from the old id and the target cycle, KR starts at the old KR's last
// value, `carriedFrom` on the new events and a look-up from each old id to its copy. Idempotent per
// source item: an item whose copy exists is reported as already carried and nothing is written for it.
import { createHash } from 'node:crypto';
import {
  carriedDefinition,
  type CycleState,
  type DomainError,
  isUnfinished,
  lastValueOf,
  type ObjectiveCommand,
  type ObjectiveState,
} from '@okr-ledger/okr-domain';
import { loadObjective, runObjectiveCommands, type Writer } from './streams.js';

export interface CarryOverRequest {
  source: CycleState;
  target: CycleState;
  /** Every objective of the source cycle, as it is now. */
  sourceObjectives: readonly ObjectiveState[];
  /** Objectives chosen whole: each brings its unfinished KRs, unless some of its KRs are chosen by id. */
  objectiveIds: readonly string[];
  keyResultIds: readonly string[];
  /** Prefix of the derived command ids (the request's idempotency key). */
  commandId: string;
}

export type CarryOverStatus = 'created' | 'already_carried' | 'invalid';

export interface CarriedItem {
  kind: 'objective' | 'key_result';
  from: string;
  to: string;
  status: CarryOverStatus;
  code?: string;
  message?: string;
}

/** The id a source item's copy gets in a target cycle: the same on every carry, so a repeat finds it. */
export function carriedId(prefix: 'obj' | 'kr', sourceId: string, targetCycleId: string): string {
  const digest = createHash('sha256')
    .update(`${sourceId}\n${targetCycleId}`)
    .digest('base64url')
    .slice(0, 22);
  return `${prefix}_c${digest}`;
}

const cmdId = (base: string, sourceId: string) =>
  `${base.slice(0, 20)}-${createHash('sha256').update(`${base}\n${sourceId}`).digest('base64url').slice(0, 24)}`;

interface Selection {
  objective: ObjectiveState;
  keyResultIds: string[];
}

/** Which KRs of which objectives to carry; unknown ids come back as invalid items. */
function select(request: CarryOverRequest): { selections: Selection[]; unknown: CarriedItem[] } {
  const byId = new Map(request.sourceObjectives.filter((o) => !o.archived).map((o) => [o.id, o]));
  const chosen = new Map<string, Set<string>>();
  const unknown: CarriedItem[] = [];
  for (const objectiveId of request.objectiveIds) {
    if (!byId.has(objectiveId)) {
      unknown.push(notInSource('objective', objectiveId, request.source.id));
    } else if (!chosen.has(objectiveId)) chosen.set(objectiveId, new Set());
  }
  for (const keyResultId of request.keyResultIds) {
    const objective = [...byId.values()].find((o) =>
      o.keyResults.some((kr) => kr.id === keyResultId && !kr.removed),
    );
    if (objective === undefined) {
      unknown.push(notInSource('key_result', keyResultId, request.source.id));
      continue;
    }
    const set = chosen.get(objective.id) ?? new Set();
    set.add(keyResultId);
    chosen.set(objective.id, set);
  }
  const selections = [...chosen].map(([objectiveId, keyResultIds]) => {
    const objective = byId.get(objectiveId) as ObjectiveState;
    const live = objective.keyResults.filter((kr) => !kr.removed);
    const ids =
      keyResultIds.size > 0
        ? live.filter((kr) => keyResultIds.has(kr.id)).map((kr) => kr.id)
        : live.filter((kr) => isUnfinished(kr, objective.initiatives)).map((kr) => kr.id);
    return { objective, keyResultIds: ids };
  });
  // Parents before the objectives aligned to them, so a carried child can point at its carried parent.
  selections.sort((a, b) => depthIn(a.objective, byId) - depthIn(b.objective, byId));
  return { selections, unknown };
}

function depthIn(objective: ObjectiveState, byId: ReadonlyMap<string, ObjectiveState>): number {
  let depth = 0;
  let parent = objective.definition.parentObjectiveId;
  const seen = new Set([objective.id]);
  while (parent !== null && byId.has(parent) && !seen.has(parent)) {
    seen.add(parent);
    depth += 1;
    parent = byId.get(parent)?.definition.parentObjectiveId ?? null;
  }
  return depth;
}

const notInSource = (kind: CarriedItem['kind'], id: string, cycleId: string): CarriedItem => ({
  kind,
  from: id,
  to: '',
  status: 'invalid',
  code: 'not_found',
  message: `there is no live ${kind === 'objective' ? 'objective' : 'key result'} ${id} in cycle ${cycleId}`,
});

export async function carryOver(writer: Writer, request: CarryOverRequest): Promise<CarriedItem[]> {
  const { selections, unknown } = select(request);
  const carriedInSource = new Set(selections.map((selection) => selection.objective.id));
  const items: CarriedItem[] = [...unknown];
  for (const { objective, keyResultIds } of selections) {
    items.push(...(await carryObjective(writer, request, objective, keyResultIds, carriedInSource)));
  }
  return items;
}

async function carryObjective(
  writer: Writer,
  request: CarryOverRequest,
  objective: ObjectiveState,
  keyResultIds: readonly string[],
  carriedInSource: ReadonlySet<string>,
): Promise<CarriedItem[]> {
  const target = request.target;
  const newId = carriedId('obj', objective.id, target.id);
  const existing = await loadObjective(writer.store, writer.org, newId);
  const commands: ObjectiveCommand[] = [];
  const reason = `Carried over from ${request.source.id}`;
  const parentOf = (): string | null => {
    const parent = objective.definition.parentObjectiveId;
    if (parent === null) return null;
    // A parent of the same cycle is replaced by its copy when it is carried too, else the link is dropped;
    // a parent of an enclosing cycle is kept (the decider checks it encloses the target as well).
    if (request.sourceObjectives.some((o) => o.id === parent)) {
      return carriedInSource.has(parent) ? carriedId('obj', parent, target.id) : null;
    }
    return parent;
  };
  const create = (parentObjectiveId: string | null): ObjectiveCommand => ({
    type: 'CreateObjective',
    commandId: cmdId(request.commandId, objective.id),
    objectiveId: newId,
    definition: { ...objective.definition, parentObjectiveId },
    carriedFrom: { objectiveId: objective.id, cycleId: request.source.id },
  });
  if (existing === null) commands.push(create(parentOf()));
  const krCommand = (keyResultId: string): ObjectiveCommand | null => {
    const kr = objective.keyResults.find((candidate) => candidate.id === keyResultId);
    const newKrId = carriedId('kr', keyResultId, target.id);
    if (kr === undefined || existing?.keyResults.some((candidate) => candidate.id === newKrId)) return null;
    return {
      type: 'AddKeyResult',
      commandId: cmdId(request.commandId, keyResultId),
      objectiveId: newId,
      keyResultId: newKrId,
      definition: carriedDefinition(kr),
      carriedFrom: {
        objectiveId: objective.id,
        keyResultId,
        cycleId: request.source.id,
        lastValue: lastValueOf(kr),
      },
      reason,
    };
  };
  for (const keyResultId of keyResultIds) {
    const command = krCommand(keyResultId);
    if (command !== null) commands.push(command);
  }
  let handled = commands.length === 0 ? null : await runObjectiveCommands(writer, target, newId, commands);
  // A parent of an enclosing cycle that does not enclose the target (a year left behind): carry without it.
  const first = handled?.verdicts[0];
  if (
    existing === null &&
    first?.status === 'rejected' &&
    first.error.code === 'parent_cycle_mismatch' &&
    commands[0]?.type === 'CreateObjective'
  ) {
    commands[0] = create(null);
    handled = await runObjectiveCommands(writer, target, newId, commands);
  }
  const verdictOf = (index: number) => handled?.verdicts[index];
  const items: CarriedItem[] = [];
  let index = 0;
  if (existing === null) {
    items.push(itemOf('objective', objective.id, newId, verdictOf(index)));
    index += 1;
  } else {
    items.push({ kind: 'objective', from: objective.id, to: newId, status: 'already_carried' });
  }
  for (const keyResultId of keyResultIds) {
    const newKrId = carriedId('kr', keyResultId, target.id);
    const command = commands[index];
    if (command?.type === 'AddKeyResult' && command.keyResultId === newKrId) {
      items.push(itemOf('key_result', keyResultId, newKrId, verdictOf(index)));
      index += 1;
    } else {
      items.push({ kind: 'key_result', from: keyResultId, to: newKrId, status: 'already_carried' });
    }
  }
  return items;
}

function itemOf(
  kind: CarriedItem['kind'],
  from: string,
  to: string,
  verdict: { status: string; error?: DomainError } | undefined,
): CarriedItem {
  if (verdict?.status === 'applied') return { kind, from, to, status: 'created' };
  const error = verdict?.error;
  return {
    kind,
    from,
    to,
    status: 'invalid',
    code: error?.code ?? verdict?.status ?? 'not_decided',
    message: error?.message ?? 'not applied',
  };
}
