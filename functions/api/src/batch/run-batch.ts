// A sheet push: many objective commands in one request, atomic per objective and never all-or-nothing
// across objectives. Commands are validated one by one, grouped by objective (order kept), and each group
// goes to the command handler, which decides them in order against the evolving state and appends them in
// one transaction with one command record each. A retried push therefore replays what it applied (same
// fingerprint), applies what is new, and refuses a reused id with another body. Each objective's view after
// the batch is answered once, beside the results, however many of its commands the push held.
import type { CommandResult, FieldError, ObjectiveView } from '@okr-ledger/api-contract';
import {
  lookupsWrittenBy,
  runObjectiveCommands,
  type Verdict,
  type Writer,
} from '@okr-ledger/command-handling';
import { AppendTooLargeError, type CommandRecord, type StreamTip } from '@okr-ledger/event-store';
import {
  type CycleState,
  type DomainError,
  type ObjectiveCommand,
  ObjectiveCommandSchema,
  type ObjectiveEvent,
  type ObjectiveState,
  streamIdOf,
} from '@okr-ledger/okr-domain';
import { toObjectiveView } from '@okr-ledger/projections';
import { mapWithLimit } from '../concurrency.js';
import { formatPath } from '../http/problem.js';
import { fieldProblems } from '../http/validation.js';

/**
 * A transaction holds 100 actions: the tip, then per command its event, its command record and the id it
 * claims (a new KR's, initiative's or check-in's). Chunks are cut on that budget, not on a count of commands.
 */
export const ACTIONS_PER_APPEND = 99;

/** Consecutive chunks of `pending` whose events and look-ups each fit one transaction. */
function chunksOf(pending: Numbered[]): Numbered[][] {
  const chunks: Numbered[][] = [];
  let current: Numbered[] = [];
  let actions = 0;
  for (const entry of pending) {
    const cost = 2 + lookupsWrittenBy(entry.command);
    if (actions + cost > ACTIONS_PER_APPEND && current.length > 0) {
      chunks.push(current);
      current = [];
      actions = 0;
    }
    current.push(entry);
    actions += cost;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
const PARALLEL_GROUPS = 4;

export interface BatchSummary {
  applied: number;
  conflicts: number;
  invalid: number;
}

export interface BatchOutcome {
  results: CommandResult[];
  /** The final view of each objective an applied or conflicting result concerns, in order of first mention. */
  objectives: ObjectiveView[];
  summary: BatchSummary;
}

interface GroupOutcome {
  entries: { index: number; result: CommandResult }[];
  /** The objective after the group's appends; null when it does not exist. */
  view: ObjectiveView | null;
}

export interface Numbered {
  index: number;
  command: ObjectiveCommand;
}

const stringField = (raw: unknown, field: string): string | null => {
  const value = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>)[field] : undefined;
  return typeof value === 'string' ? value : null;
};

const domainErrors = (error: DomainError): FieldError[] => [
  { path: formatPath(error.path) || '(command)', message: error.message },
];

/** A push parsed and grouped: the results of the commands refused at once, and the rest by objective. */
export interface BatchPlan {
  results: (CommandResult | undefined)[];
  groups: Map<string, Numbered[]>;
  /** The valid commands' ids: their records are read with the tips. */
  commandIds: string[];
}

/** Validates each command on its own and groups the valid ones by objective, order kept. */
export function planBatch(rawCommands: readonly unknown[]): BatchPlan {
  const results: (CommandResult | undefined)[] = new Array(rawCommands.length);
  const groups = new Map<string, Numbered[]>();
  const seenIds = new Set<string>();

  rawCommands.forEach((raw, index) => {
    const parsed = ObjectiveCommandSchema.safeParse(raw);
    const commandId = stringField(raw, 'commandId') ?? `#${index}`;
    if (!parsed.success) {
      results[index] = {
        status: 'invalid',
        commandId,
        objectiveId: stringField(raw, 'objectiveId'),
        code: 'validation',
        errors: fieldProblems(parsed.error),
      };
      return;
    }
    if (seenIds.has(parsed.data.commandId)) {
      results[index] = {
        status: 'invalid',
        commandId,
        objectiveId: parsed.data.objectiveId,
        code: 'duplicate_command_id',
        errors: [{ path: 'commandId', message: 'the same commandId appears twice in this batch' }],
      };
      return;
    }
    seenIds.add(parsed.data.commandId);
    const group = groups.get(parsed.data.objectiveId) ?? [];
    group.push({ index, command: parsed.data });
    groups.set(parsed.data.objectiveId, group);
  });
  return { results, groups, commandIds: [...seenIds] };
}

/** The streams whose tips a planned push needs: each objective it touches. */
export const objectiveStreamsOf = (plan: BatchPlan) =>
  [...plan.groups.keys()].map((objectiveId) => streamIdOf.objective(objectiveId));

export interface BatchHeads {
  tips: ReadonlyMap<string, StreamTip<unknown>>;
  records: ReadonlyMap<string, CommandRecord>;
}

/**
 * Runs a planned push with the heads already read (the route reads them, `objectiveStreamsOf` and the plan's
 * command ids, in the batch that also holds the organization and the cycle): each objective's group through
 * the command handler, parents first.
 */
export async function runPlannedBatch(
  writer: Writer,
  cycle: CycleState,
  plan: BatchPlan,
  heads: BatchHeads,
): Promise<BatchOutcome> {
  const { results, groups } = plan;
  const groupOutcomes: GroupOutcome[] = [];
  for (const wave of parentsFirst(groups)) {
    groupOutcomes.push(
      ...(await mapWithLimit(wave, PARALLEL_GROUPS, (group) => runGroup(writer, cycle, group, heads))),
    );
  }
  const objectives: ObjectiveView[] = [];
  for (const { entries, view } of groupOutcomes) {
    for (const { index, result } of entries) results[index] = result;
    // A group whose every command was refused leaves the objective as the client already has it.
    const concernsView = entries.some(({ result }) => result.status !== 'invalid');
    if (view !== null && concernsView) objectives.push(view);
  }

  const complete = results.map((result, index) => {
    if (!result) throw new Error(`batch command #${index} got no result`);
    return result;
  });
  return {
    results: complete,
    objectives,
    summary: {
      applied: complete.filter((result) => result.status === 'applied').length,
      conflicts: complete.filter((result) => result.status === 'conflict').length,
      invalid: complete.filter((result) => result.status === 'invalid').length,
    },
  };
}

/** The parent objective a command aligns to, if it names one. */
const parentOf = (command: ObjectiveCommand): string | null =>
  command.type === 'CreateObjective'
    ? (command.definition.parentObjectiveId ?? null)
    : command.type === 'EditObjective'
      ? (command.changes.parentObjectiveId ?? null)
      : null;

/**
 * The groups in waves: a group that aligns an objective to another objective of this batch runs in a
 * wave after that objective's group, so a push may create a parent and its child together. Groups in a
 * loop (which the decider refuses anyway) run in the last wave.
 */
function parentsFirst(groups: ReadonlyMap<string, Numbered[]>): Numbered[][][] {
  const waiting = new Map(
    [...groups].map(([objectiveId, group]) => [
      objectiveId,
      new Set(
        group
          .map(({ command }) => parentOf(command))
          .filter(
            (parent): parent is string => parent !== null && parent !== objectiveId && groups.has(parent),
          ),
      ),
    ]),
  );
  const waves: Numbered[][][] = [];
  while (waiting.size > 0) {
    const ready = [...waiting].filter(([, parents]) => [...parents].every((parent) => !waiting.has(parent)));
    const wave = ready.length > 0 ? ready.map(([id]) => id) : [...waiting.keys()];
    for (const id of wave) waiting.delete(id);
    waves.push(wave.map((id) => groups.get(id) ?? []));
  }
  return waves;
}

/** One objective's commands, chunk by chunk through the command handler. */
async function runGroup(
  writer: Writer,
  cycle: CycleState,
  group: Numbered[],
  heads: BatchHeads,
): Promise<GroupOutcome> {
  const objectiveId = group[0]?.command.objectiveId;
  if (objectiveId === undefined) return { entries: [], view: null };
  const verdicts = new Map<number, Verdict<ObjectiveEvent>>();
  let state: ObjectiveState | null = null;
  // A group too big for one transaction goes in chunks; the client's expectedVersion refers to the
  // stream before the first, so later chunks allow for what the earlier ones appended.
  let versionOffset = 0;
  for (const [position, chunk] of chunksOf(group).entries()) {
    try {
      // The batch read serves the first chunk; later chunks see the stream after the earlier ones.
      const prefetched =
        position === 0
          ? {
              tip: (heads.tips.get(streamIdOf.objective(objectiveId)) as StreamTip<ObjectiveState>) ?? null,
              records: heads.records,
            }
          : undefined;
      const handled = await runObjectiveCommands(
        writer,
        cycle,
        objectiveId,
        chunk.map(({ command }) => command),
        { versionOffset, ...(prefetched ? { prefetched } : {}) },
      );
      chunk.forEach(({ index }, position) => {
        const verdict = handled.verdicts[position];
        if (verdict) verdicts.set(index, verdict);
      });
      versionOffset += handled.appended;
      state = handled.state;
    } catch (error) {
      if (!(error instanceof AppendTooLargeError)) throw error;
      for (const { index, command } of chunk) {
        verdicts.set(index, {
          status: 'rejected',
          commandId: command.commandId,
          error: { code: 'too_large' as DomainError['code'], message: error.message, path: [] },
        });
      }
    }
  }
  const view = state ? toObjectiveView(state, cycle, writer.clock().toISOString()) : null;
  const entries = group.map(({ index, command }) => ({
    index,
    result: toResult(verdicts.get(index), command, view),
  }));
  return { entries, view };
}

function toResult(
  verdict: Verdict<ObjectiveEvent> | undefined,
  command: ObjectiveCommand,
  view: ObjectiveView | null,
): CommandResult {
  const base = { commandId: command.commandId, objectiveId: command.objectiveId };
  if (!verdict) throw new Error(`command ${command.commandId} got no verdict`);
  switch (verdict.status) {
    case 'applied':
      if (!view)
        throw new Error(
          `command ${command.commandId} applied but objective ${command.objectiveId} has no state`,
        );
      return { status: 'applied', ...base, version: view.version, replayed: verdict.replayed };
    case 'conflict':
      return {
        status: 'conflict',
        ...base,
        expectedVersion: verdict.expectedVersion,
        // The version to send next time is the one the objective's view in the response is at.
        currentVersion: view?.version ?? verdict.currentVersion,
        message: `The objective is at version ${verdict.currentVersion}, not ${verdict.expectedVersion}: pull, then push again.`,
      };
    case 'rejected':
      return { status: 'invalid', ...base, code: verdict.error.code, errors: domainErrors(verdict.error) };
    case 'key_reused':
      return {
        status: 'invalid',
        ...base,
        code: 'idempotency_key_reused',
        errors: [
          {
            path: 'commandId',
            message: `commandId '${command.commandId}' was already used for a different command: use a new id`,
          },
        ],
      };
  }
}
