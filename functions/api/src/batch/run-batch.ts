// A sheet push: many objective commands in one request, atomic per objective and never all-or-nothing
// across objectives. Commands are validated one by one, grouped by objective (order kept), and each group
// is decided command after command against the evolving state and appended in one transaction. A stale
// `expectedVersion` turns the group's versioned commands into conflicts while unversioned ones (check-ins)
// still land. Idempotency: one command record per append (the group's derived id) plus a look-up of each
// command's own id, so a repeated push writes nothing twice. Each objective's view after the batch is
// answered once, beside the results, however many of its commands the push held.
import { createHash } from 'node:crypto';
import type { CommandResult, FieldError, ObjectiveView } from '@okr-ledger/api-contract';
import {
  AppendTooLargeError,
  CommandIdReusedError,
  type CommandRecord,
  executeCommand,
} from '@okr-ledger/event-store';
import {
  type CycleState,
  type Decision,
  type DomainError,
  decideObjective,
  EVENT_SCHEMA_VERSION,
  evolveObjective,
  foldObjective,
  type ObjectiveCommand,
  ObjectiveCommandSchema,
  type ObjectiveEvent,
  type ObjectiveState,
  streamIdOf,
} from '@okr-ledger/okr-domain';
import { toObjectiveView } from '@okr-ledger/projections';
import {
  keyResultLookups,
  lookupsWrittenBy,
  SNAPSHOT_SCHEMA_VERSION,
  type Writer,
} from '../commands/streams.js';
import { mapWithLimit } from '../concurrency.js';
import { formatPath } from '../http/problem.js';
import { fieldProblems } from '../http/validation.js';

/**
 * A transaction holds 100 actions: the tip and the command record, then per command its event and the
 * look-ups it writes (a new KR's). Chunks are cut on that budget, not on a count of commands.
 */
export const ACTIONS_PER_APPEND = 98;

/** Consecutive chunks of `pending` whose events and look-ups each fit one transaction. */
function chunksOf(pending: Numbered[]): Numbered[][] {
  const chunks: Numbered[][] = [];
  let current: Numbered[] = [];
  let actions = 0;
  for (const entry of pending) {
    const cost = 1 + lookupsWrittenBy(entry.command);
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

interface Numbered {
  index: number;
  command: ObjectiveCommand;
}

/** What a group's command record keeps: each command's verdict, so a replay answers the same. */
type StoredVerdict =
  | { commandId: string; status: 'applied' }
  | {
      commandId: string;
      status: 'conflict';
      expectedVersion: number;
      currentVersion: number;
      message: string;
    }
  | { commandId: string; status: 'invalid'; code: string; errors: FieldError[] };

const NOTHING_TO_APPEND: DomainError = {
  code: 'no_change',
  message: 'no command of the group records anything',
  path: [],
};

const stringField = (raw: unknown, field: string): string | null => {
  const value = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>)[field] : undefined;
  return typeof value === 'string' ? value : null;
};

const domainErrors = (error: DomainError): FieldError[] => [
  { path: formatPath(error.path) || '(command)', message: error.message },
];

/** The id under which a group's append is recorded: its own id for one command, else a digest of all. */
export function groupCommandId(commandIds: readonly string[]): string {
  if (commandIds.length === 1 && commandIds[0] !== undefined) return commandIds[0];
  const digest = createHash('sha256')
    .update([...commandIds].sort().join('\n'))
    .digest('hex');
  return `batch-${digest.slice(0, 48)}`;
}

export async function runBatch(
  writer: Writer,
  cycle: CycleState,
  rawCommands: readonly unknown[],
): Promise<BatchOutcome> {
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

  // Which commands were applied before (a retried push): one batch read for the whole batch.
  const recorded = await writer.store.getCommands(writer.org, [...seenIds]);
  const runner = new GroupRunner(writer, cycle, recorded);
  const groupOutcomes = await mapWithLimit([...groups.values()], PARALLEL_GROUPS, (group) =>
    runner.run(group),
  );
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

class GroupRunner {
  constructor(
    private readonly writer: Writer,
    private readonly cycle: CycleState,
    /** Command records of the batch's command ids that were applied before. */
    private readonly recorded: ReadonlyMap<string, CommandRecord>,
  ) {}

  /** One objective's commands: skip those already recorded, then append the rest chunk by chunk. */
  async run(group: Numbered[]): Promise<GroupOutcome> {
    const objectiveId = group[0]?.command.objectiveId;
    if (objectiveId === undefined) return { entries: [], view: null };
    const streamId = streamIdOf.objective(objectiveId);

    const verdicts = new Map<number, StoredVerdict>();
    const replayed = new Set<number>();
    const pending: Numbered[] = [];
    for (const entry of group) {
      const record = this.recorded.get(entry.command.commandId);
      if (record === undefined) pending.push(entry);
      else if (record.streamId === streamId) {
        verdicts.set(entry.index, { commandId: entry.command.commandId, status: 'applied' });
        replayed.add(entry.index);
      } else {
        verdicts.set(entry.index, {
          commandId: entry.command.commandId,
          status: 'invalid',
          code: 'command_id_reused',
          errors: [{ path: 'commandId', message: `this commandId was already used for ${record.streamId}` }],
        });
      }
    }

    let state: ObjectiveState | null = null;
    let loaded = false;
    // A group too big for one transaction goes in chunks; the client's expectedVersion refers to the
    // stream before the first, so later chunks allow for what the earlier ones appended.
    let appendedByGroup = 0;
    for (const chunk of chunksOf(pending)) {
      const outcome = await this.appendChunk(streamId, chunk, appendedByGroup);
      appendedByGroup += outcome.appended;
      for (const [index, verdict] of outcome.verdicts) verdicts.set(index, verdict);
      for (const index of outcome.replayed) replayed.add(index);
      state = outcome.state;
      loaded = true;
    }
    if (!loaded) state = await this.currentState(objectiveId);

    const view = state ? toObjectiveView(state, this.cycle, this.writer.clock().toISOString()) : null;
    const entries = group.map(({ index, command }) => ({
      index,
      result: toResult(verdicts.get(index), command, view, replayed.has(index)),
    }));
    return { entries, view };
  }

  private async currentState(objectiveId: string): Promise<ObjectiveState | null> {
    const tip = await this.writer.store.readTip<ObjectiveState>(
      this.writer.org,
      streamIdOf.objective(objectiveId),
    );
    if (!tip) return null;
    if (tip.snapshotSchemaVersion === SNAPSHOT_SCHEMA_VERSION) return tip.snapshot;
    return foldObjective(await this.writer.store.readStream<ObjectiveEvent>(this.writer.org, tip.streamId));
  }

  private async appendChunk(
    streamId: string,
    chunk: Numbered[],
    appendedBefore: number,
  ): Promise<{
    verdicts: Map<number, StoredVerdict>;
    replayed: Set<number>;
    state: ObjectiveState | null;
    appended: number;
  }> {
    const { writer, cycle } = this;
    let verdicts = new Map<number, StoredVerdict>();
    let seen: ObjectiveState | null = null;
    const decide = (state: ObjectiveState | null): Decision<ObjectiveEvent> => {
      // Called again when another writer got in first: start over from the state it left.
      verdicts = new Map();
      seen = state;
      const decided = decideInOrder(writer, cycle, state, chunk, appendedBefore);
      verdicts = decided.verdicts;
      return decided.events.length === 0
        ? { ok: false, error: NOTHING_TO_APPEND }
        : { ok: true, events: decided.events };
    };
    const commandId = groupCommandId(chunk.map(({ command }) => command.commandId));

    try {
      const outcome = await executeCommand<ObjectiveState, ObjectiveEvent>({
        store: writer.store,
        org: writer.org,
        streamId,
        commandId,
        actor: writer.actor,
        now: writer.clock,
        snapshotSchemaVersion: SNAPSHOT_SCHEMA_VERSION,
        cycleId: cycle.id,
        lookups: (events) => keyResultLookups(cycle.id, events),
        decide,
        evolve: evolveObjective,
        fold: foldObjective,
        response: () => ({ verdicts: [...verdicts.values()] }),
      });
      if (outcome.status === 'rejected') {
        if (outcome.error !== NOTHING_TO_APPEND)
          throw new Error(`unexpected rejection ${outcome.error.code}`);
        return { verdicts, replayed: new Set(), state: seen, appended: 0 };
      }
      const appended = outcome.events.length;
      if (!outcome.replayed) return { verdicts, replayed: new Set(), state: outcome.state, appended };
      return { ...storedVerdicts(chunk, outcome.response), state: outcome.state, appended };
    } catch (error) {
      if (error instanceof AppendTooLargeError || error instanceof CommandIdReusedError) {
        const refused = new Map<number, StoredVerdict>();
        for (const { index, command } of chunk) {
          refused.set(index, {
            commandId: command.commandId,
            status: 'invalid',
            code: error instanceof AppendTooLargeError ? 'too_large' : 'command_id_reused',
            errors: [{ path: '(command)', message: error.message }],
          });
        }
        return { verdicts: refused, replayed: new Set(), state: seen, appended: 0 };
      }
      throw error;
    }
  }
}

/**
 * Decides a chunk's commands one after another against the state each leaves. When any versioned command
 * saw a stale version, every versioned command of the chunk is a conflict: they were written against a
 * state the client no longer has. Unversioned commands (check-ins) do not depend on it and still count.
 */
function decideInOrder(
  writer: Writer,
  cycle: CycleState,
  initial: ObjectiveState | null,
  chunk: Numbered[],
  appendedBefore: number,
): { events: ObjectiveEvent[]; verdicts: Map<number, StoredVerdict> } {
  const currentVersion = initial?.version ?? 0;
  const stale = chunk.some(
    ({ command }) =>
      command.expectedVersion !== undefined && command.expectedVersion + appendedBefore !== currentVersion,
  );
  const verdicts = new Map<number, StoredVerdict>();
  const events: ObjectiveEvent[] = [];
  const now = writer.clock().toISOString();
  let state = initial;

  for (const { index, command } of chunk) {
    if (stale && command.expectedVersion !== undefined) {
      verdicts.set(index, {
        commandId: command.commandId,
        status: 'conflict',
        expectedVersion: command.expectedVersion,
        currentVersion,
        message: `The objective is at version ${currentVersion}, not ${command.expectedVersion}: pull, then push again.`,
      });
      continue;
    }
    const decision = decideObjective(command, state, { now, actor: writer.actor, role: writer.role, cycle });
    if (!decision.ok) {
      verdicts.set(index, {
        commandId: command.commandId,
        status: 'invalid',
        code: decision.error.code,
        errors: domainErrors(decision.error),
      });
      continue;
    }
    for (const event of decision.events) {
      const version = (state?.version ?? 0) + 1;
      state = evolveObjective(state, {
        ...event,
        streamId: streamIdOf.objective(command.objectiveId),
        version,
        metadata: {
          actor: writer.actor,
          commandId: command.commandId,
          recordedAt: now,
          schemaVersion: EVENT_SCHEMA_VERSION,
        },
      });
    }
    events.push(...decision.events);
    verdicts.set(index, { commandId: command.commandId, status: 'applied' });
  }
  return { events, verdicts };
}

/** A group replayed as a whole: its verdicts come from the command record of the first push. */
function storedVerdicts(
  chunk: Numbered[],
  response: Record<string, unknown> | undefined,
): { verdicts: Map<number, StoredVerdict>; replayed: Set<number> } {
  const stored = Array.isArray(response?.verdicts) ? (response.verdicts as StoredVerdict[]) : [];
  const byCommandId = new Map(stored.map((verdict) => [verdict.commandId, verdict]));
  const verdicts = new Map<number, StoredVerdict>();
  const replayed = new Set<number>();
  for (const { index, command } of chunk) {
    const verdict = byCommandId.get(command.commandId) ?? {
      commandId: command.commandId,
      status: 'applied' as const,
    };
    verdicts.set(index, verdict);
    if (verdict.status === 'applied') replayed.add(index);
  }
  return { verdicts, replayed };
}

function toResult(
  verdict: StoredVerdict | undefined,
  command: ObjectiveCommand,
  view: ObjectiveView | null,
  replayed: boolean,
): CommandResult {
  const base = { commandId: command.commandId, objectiveId: command.objectiveId };
  if (!verdict) throw new Error(`command ${command.commandId} got no verdict`);
  switch (verdict.status) {
    case 'applied':
      if (!view)
        throw new Error(
          `command ${command.commandId} applied but objective ${command.objectiveId} has no state`,
        );
      return { status: 'applied', ...base, version: view.version, replayed };
    case 'conflict':
      return {
        status: 'conflict',
        ...base,
        expectedVersion: verdict.expectedVersion,
        // The version to send next time is the one the objective's view in the response is at.
        currentVersion: view?.version ?? verdict.currentVersion,
        message: verdict.message,
      };
    case 'invalid':
      return { status: 'invalid', ...base, code: verdict.code, errors: verdict.errors };
  }
}
