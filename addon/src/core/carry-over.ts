// Owns what the "Carry over to next cycle…" dialog offers and sends (docs/alignment.md, carry-over): the
// source cycle (the sheet's), the next cycle (the first to start after the source ends), the source's
// objectives with their KRs where the unfinished ones (progress < 1) come pre-selected, the request the
// choices make, and the words for what the server created — nothing new on a repeat, as it is idempotent.
import type { Board, CarryOverRequest, CarryOverResponse, CycleView } from '@okr-ledger/api-contract';
import type { Parsed } from './cells.js';
import { currentCycle } from './current-cycle.js';

export interface CarryOverKeyResultChoice {
  id: string;
  title: string;
  /** The board's raw progress, shown as a percentage. */
  progress: number;
  selected: boolean;
}

export interface CarryOverObjectiveChoice {
  id: string;
  title: string;
  keyResults: CarryOverKeyResultChoice[];
  /** Pre-selected: it has unfinished KRs (an objective without KRs is offered unchecked). */
  selected: boolean;
}

export interface CarryOverChoices {
  cycles: { id: string; label: string }[];
  sourceCycleId: string;
  /** Null when no cycle can receive the carry (create the next cycle first). */
  targetCycleId: string | null;
  /** The cycles the source can be carried into: every other cycle that is not closed. */
  targets: string[];
  objectives: CarryOverObjectiveChoice[];
}

/** What the dialog sends back. */
export interface CarryOverForm {
  sourceCycleId: string;
  targetCycleId: string;
  objectiveIds: string[];
  keyResultIds: string[];
  /** Pull the target cycle into its sheet afterwards. */
  pull: boolean;
}

/** The body of `POST /cycles/{target}/carry-over`, as the dialog sends it. */
export type CarryOverRequestBody = Required<Omit<CarryOverRequest, 'commandId'>>;
export type { CarryOverResponse };

type Dated = Pick<CycleView, 'id' | 'startsOn' | 'endsOn' | 'status'>;

/** A KR still to do: progress below 1.0 (a KR at or past its target is finished). */
export const isUnfinished = (kr: { progress: number }): boolean => kr.progress < 1;

/**
 * The cycle after `source`: of the cycles that start after it ends and are not closed, the first to start
 * (the shorter on a tie, so a quarter comes before the year that starts with it).
 */
export function nextCycleOf<C extends Dated>(cycles: readonly C[], source: Dated): C | undefined {
  return cycles
    .filter((cycle) => cycle.startsOn > source.endsOn && cycle.status !== 'closed')
    .sort((a, b) => a.startsOn.localeCompare(b.startsOn) || a.endsOn.localeCompare(b.endsOn))[0];
}

/** The source cycle: the one asked for, else the sheet's, else the current one. */
export function sourceCycleOf(
  cycles: readonly CycleView[],
  asked: string | null,
  sheetCycle: string | null,
): CycleView | undefined {
  for (const id of [asked, sheetCycle]) {
    const found = id === null ? undefined : cycles.find((cycle) => cycle.id === id);
    if (found !== undefined) return found;
  }
  return currentCycle(cycles);
}

const cycleLabel = (cycle: CycleView) =>
  `${cycle.title !== '' && cycle.title !== cycle.id ? `${cycle.title} (${cycle.id})` : cycle.id} · ${cycle.status}`;

/** What the dialog shows for `board` (the source cycle's board) among `cycles`. */
export function carryOverChoices(cycles: readonly CycleView[], board: Board): CarryOverChoices {
  const source = board.cycle;
  const next = nextCycleOf(cycles, source);
  const objectives = board.objectives
    .filter((objective) => !objective.archived)
    .map((objective) => {
      const keyResults = objective.keyResults
        .filter((kr) => !kr.removed)
        .map((kr) => ({ id: kr.id, title: kr.title, progress: kr.progress, selected: isUnfinished(kr) }));
      return {
        id: objective.id,
        title: objective.title,
        keyResults,
        selected: keyResults.some((kr) => kr.selected),
      };
    });
  return {
    cycles: cycles.map((cycle) => ({ id: cycle.id, label: cycleLabel(cycle) })),
    sourceCycleId: source.id,
    targetCycleId: next?.id ?? null,
    targets: cycles
      .filter((cycle) => cycle.id !== source.id && cycle.status !== 'closed')
      .map((cycle) => cycle.id),
    objectives,
  };
}

const ids = (value: unknown): string[] =>
  Array.isArray(value)
    ? [...new Set(value.filter((id): id is string => typeof id === 'string' && id.trim() !== ''))]
    : [];

/** The dialog's answer, from google.script.run (anything may arrive). */
export function parseCarryOverForm(value: unknown): Parsed<CarryOverForm> {
  const record = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  const sourceCycleId = typeof record.sourceCycleId === 'string' ? record.sourceCycleId.trim() : '';
  const targetCycleId = typeof record.targetCycleId === 'string' ? record.targetCycleId.trim() : '';
  if (sourceCycleId === '') return { ok: false, message: 'Choose the cycle to carry over from.' };
  if (targetCycleId === '') return { ok: false, message: 'Choose the cycle to carry over into.' };
  if (targetCycleId === sourceCycleId)
    return { ok: false, message: 'Carry over into another cycle than the one carried from.' };
  const form = {
    sourceCycleId,
    targetCycleId,
    objectiveIds: ids(record.objectiveIds),
    keyResultIds: ids(record.keyResultIds),
    pull: record.pull === true,
  };
  if (form.objectiveIds.length + form.keyResultIds.length === 0)
    return { ok: false, message: 'Choose at least one key result (or an objective without KRs).' };
  return { ok: true, value: form };
}

/**
 * The request the choices make. The KRs ticked are named one by one (the server brings each one's
 * objective along); an objective is named on its own only when none of its KRs is ticked, since the server
 * reads a bare objective as "with its unfinished KRs" — ticked objectives with KRs of their own would
 * otherwise bring KRs the person unticked.
 */
export function carryOverRequest(form: CarryOverForm, choices: CarryOverChoices): CarryOverRequestBody {
  const ticked = new Set(form.keyResultIds);
  const objectiveIds = form.objectiveIds.filter((id) => {
    const objective = choices.objectives.find((o) => o.id === id);
    return objective === undefined || objective.keyResults.length === 0;
  });
  const keyResultIds = choices.objectives
    .flatMap((objective) => objective.keyResults.map((kr) => kr.id))
    .filter((id) => ticked.has(id));
  const known = new Set(choices.objectives.flatMap((o) => o.keyResults.map((kr) => kr.id)));
  const unknown = form.keyResultIds.filter((id) => !known.has(id));
  return { sourceCycleId: form.sourceCycleId, objectiveIds, keyResultIds: [...keyResultIds, ...unknown] };
}

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/** What the person reads once the server answered. */
export function carryOverMessage(response: CarryOverResponse): string {
  const created = response.items.filter((item) => item.status === 'created');
  const objectives = created.filter((item) => item.kind === 'objective').length;
  const keyResults = created.filter((item) => item.kind === 'key_result').length;
  const lines: string[] = [];
  if (created.length > 0) {
    lines.push(
      `Carried into ${response.targetCycleId}: ${plural(objectives, 'new objective', 'new objectives')} and ${plural(keyResults, 'new key result', 'new key results')} (each KR starts at the last value of the one it continues).`,
    );
  } else if (response.summary.alreadyCarried > 0) {
    lines.push(
      `Nothing new was created: everything chosen was already carried into ${response.targetCycleId}.`,
    );
  } else {
    lines.push(`Nothing was carried into ${response.targetCycleId}.`);
  }
  if (created.length > 0 && response.summary.alreadyCarried > 0)
    lines.push(
      `Already carried before, left as ${response.summary.alreadyCarried === 1 ? 'it was' : 'they were'}: ${plural(response.summary.alreadyCarried, 'item', 'items')}.`,
    );
  for (const item of response.items.filter((i) => i.status === 'invalid'))
    lines.push(`Not carried: ${item.from}: ${item.message ?? item.code ?? 'refused'}.`);
  return lines.join('\n');
}
