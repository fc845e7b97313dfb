// Owns the diff of a push: the sheet as a person left it against the board as last pulled → the commands
// that make the server agree, each tied to the row and cells it came from. New rows get fresh ids, changed
// cells only their fields; a changed current value (or a note, or a confidence) is a check-in. A definition
// change without a reason while the cycle is active is caught here and shown on the row, not sent.
import type { Board, KeyResultView, ObjectiveView } from '@okr-ledger/api-contract';
import type {
  CycleStatus,
  KeyResultDefinition,
  Milestone,
  ObjectiveCommand,
  ObjectiveDefinition,
} from '@okr-ledger/okr-domain';
import type { CellIssue, ColumnKey } from './columns.js';
import type { IdPrefix, IdSource } from './ids.js';
import { type MilestoneSpec, sameMilestones, withMilestoneIds } from './milestones.js';
import {
  type BoardIndex,
  boardEntries,
  type InitiativeRow,
  indexBoard,
  type KeyResultRow,
  milestonesText,
  type ObjectiveGroup,
  servedKeyResultTitle,
} from './model.js';
import { progressModeChanges } from './progress-modes.js';
import { parentChange } from './alignment-cells.js';
import type { SheetRead } from './read-sheet.js';

export interface PlannedCommand {
  command: ObjectiveCommand;
  row: number;
  /** The entity the row stands for; minted here for a new row. */
  entityId: string;
  objectiveId: string;
  /** The cells whose edits the command carries: where a failure is shown. */
  columns: ColumnKey[];
}

export interface PushPlan {
  commands: PlannedCommand[];
  issues: CellIssue[];
  /** Rows that keep what was typed because something must be fixed first. */
  blockedRows: Set<number>;
  /** Rows of the last pull that are no longer in the sheet (nothing is removed for them). */
  missingRows: number;
}

export interface DiffContext {
  cycleStatus: CycleStatus;
  ids: IdSource;
}

type Command<T extends ObjectiveCommand['type']> = Extract<ObjectiveCommand, { type: T }>;

const OBJECTIVE_FIELD_COLUMNS = {
  title: 'title',
  owner: 'owner',
  team: 'team',
  kind: 'type',
  weight: 'weight',
} as const satisfies Partial<Record<keyof ObjectiveDefinition, ColumnKey>>;

const KEY_RESULT_FIELD_COLUMNS = {
  title: 'title',
  owner: 'owner',
  weight: 'weight',
  type: 'type',
  start: 'start',
  target: 'target',
  threshold: 'threshold',
  unit: 'unit',
} as const satisfies Partial<Record<keyof KeyResultDefinition, ColumnKey>>;

const INITIATIVE_FIELD_COLUMNS = {
  title: 'title',
  owner: 'owner',
  status: 'type',
  percentComplete: 'current',
} as const;

/** The column a field of a command lives in, for placing server errors ("definition.target" → Target). */
export const FIELD_COLUMNS: Record<string, ColumnKey> = {
  ...OBJECTIVE_FIELD_COLUMNS,
  ...KEY_RESULT_FIELD_COLUMNS,
  ...INITIATIVE_FIELD_COLUMNS,
  milestones: 'milestones',
  keyResultId: 'servesKr',
  value: 'current',
  done: 'current',
  milestonesDone: 'current',
  confidence: 'confidence',
  note: 'note',
  reason: 'reason',
  effectiveAt: 'effectiveDate',
  progressMode: 'progressFrom',
  progressSource: 'progressFrom',
  blendShare: 'blendShare',
};

function changedFields<F extends string, V extends Record<F, unknown>>(
  fields: Record<F, ColumnKey>,
  before: Record<NoInfer<F>, unknown>,
  after: V,
): { changes: Partial<Pick<V, F>>; columns: ColumnKey[] } {
  const changes: Partial<Pick<V, F>> = {};
  const columns: ColumnKey[] = [];
  for (const field of Object.keys(fields) as F[]) {
    if (before[field] !== after[field]) {
      changes[field] = after[field];
      columns.push(fields[field]);
    }
  }
  return { changes, columns };
}

/** Collects the commands and issues of one push. */
class PushPlanner {
  readonly commands: PlannedCommand[] = [];
  readonly issues: CellIssue[] = [];
  readonly blockedRows = new Set<number>();
  private readonly index: BoardIndex;
  /** Ids minted for new KR rows in this push, so an initiative row can name a KR added beside it. */
  private readonly keyResultIdByRow = new Map<number, string>();

  constructor(
    read: SheetRead,
    baseline: Board,
    private readonly context: DiffContext,
  ) {
    this.index = indexBoard(baseline);
    for (const issue of read.issues) this.block(issue);
  }

  block(issue: CellIssue): void {
    this.issues.push(issue);
    this.blockedRows.add(issue.row);
  }

  isBlocked(row: number): boolean {
    return this.blockedRows.has(row);
  }

  /** `subject` names what the command is about: an entity id, or the row of a new one. */
  mint(prefix: IdPrefix, subject: string, purpose: string, payload: unknown): string {
    return this.context.ids.next(prefix, `${subject}|${purpose}|${JSON.stringify(payload)}`);
  }

  /** Milestones with ids: unchanged titles keep theirs, new ones get ids fingerprinted from the KR. */
  milestonesWithIds(
    subject: string,
    specs: readonly MilestoneSpec[],
    current: readonly Milestone[],
  ): Milestone[] {
    return withMilestoneIds(specs, current, (position, title) =>
      this.mint('ms', subject, 'milestone', { position, title }),
    );
  }

  add(planned: PlannedCommand): void {
    this.commands.push(planned);
  }

  /** Definition changes are mid-cycle changes while the cycle is active: they need a reason. */
  reasonFor(row: number, ownReason: string, groupReason: string, what: string): string | null {
    const reason = ownReason !== '' ? ownReason : groupReason;
    if (reason === '' && this.context.cycleStatus === 'active') {
      this.block({
        row,
        column: 'reason',
        message: `Reason for change is required while the cycle is active: ${what} is a mid-cycle change`,
      });
      return null;
    }
    return reason;
  }

  planGroup(group: ObjectiveGroup): void {
    if (group.objective.id === null) this.planNewGroup(group);
    else this.planExistingGroup(group, group.objective.id);
  }

  private planNewGroup(group: ObjectiveGroup): void {
    const { objective } = group;
    const start = this.commands.length;
    const rows = [
      objective.row,
      ...group.keyResults.map((kr) => kr.row),
      ...group.initiatives.map((i) => i.row),
    ];
    if (objective.archive) {
      this.block({
        row: objective.row,
        column: 'type',
        message: 'A new objective cannot be archived; delete the row instead',
      });
    }
    const definition: ObjectiveDefinition = {
      title: objective.title,
      description: '',
      owner: objective.owner,
      team: objective.team,
      kind: objective.objectiveKind,
      parentObjectiveId: objective.parentObjectiveId ?? null,
      weight: objective.weight,
      progressMode: objective.progressMode ?? 'key_results',
      blendShare: objective.blendShare ?? 0,
    };
    const subject = `row:${objective.row}`;
    const objectiveId = this.mint('obj', subject, 'CreateObjective', definition);
    if (!this.isBlocked(objective.row)) {
      this.add({
        command: {
          type: 'CreateObjective',
          commandId: this.mint('cmd', subject, 'CreateObjective', definition),
          objectiveId,
          definition,
        },
        row: objective.row,
        entityId: objectiveId,
        objectiveId,
        columns: [
          'title',
          'owner',
          'team',
          'parentObjective',
          'type',
          'weight',
          'progressFrom',
          'blendShare',
        ],
      });
    }
    this.planChildren(group, objectiveId, undefined);

    // A new objective goes as a whole: half of it on the server would surprise more than waiting.
    const blocked = rows.filter((row) => this.isBlocked(row));
    if (blocked.length === 0) return;
    this.commands.splice(start);
    for (const row of rows) this.blockedRows.add(row);
    if (!blocked.includes(objective.row)) {
      this.issues.push({
        row: objective.row,
        column: 'kind',
        message: `Not sent: fix row${blocked.length > 1 ? 's' : ''} ${blocked.join(', ')} of this new objective first`,
      });
    }
  }

  private planExistingGroup(group: ObjectiveGroup, objectiveId: string): void {
    const { objective } = group;
    const base = this.index.objectives.get(objectiveId);
    if (base === undefined) {
      this.block({
        row: objective.row,
        column: 'title',
        message: `This objective (${objectiveId}) is not in the last pull of this cycle; pull the cycle again`,
      });
      for (const child of [...group.keyResults, ...group.initiatives]) {
        if (child.id === null) this.blockedRows.add(child.row);
      }
      this.planChildren(group, null, undefined);
      return;
    }
    if (!this.isBlocked(objective.row)) this.planObjectiveEdit(group, base);
    this.planChildren(group, objectiveId, base.version);
  }

  private planObjectiveEdit(group: ObjectiveGroup, base: ObjectiveView): void {
    const { objective } = group;
    const target = { objectiveId: base.id, row: objective.row, entityId: base.id };
    if (objective.archive) {
      if (base.archived) return;
      const reason = this.reasonFor(objective.row, objective.reason, '', 'archiving an objective');
      if (reason === null) return;
      const body = {
        type: 'ArchiveObjective' as const,
        expectedVersion: base.version,
        objectiveId: base.id,
        ...(reason === '' ? {} : { reason }),
      };
      const command: Command<'ArchiveObjective'> = {
        ...body,
        commandId: this.mint('cmd', base.id, body.type, body),
      };
      this.add({ ...target, command, columns: ['type'] });
      return;
    }
    const changed = changedFields(
      OBJECTIVE_FIELD_COLUMNS,
      { title: base.title, owner: base.owner, team: base.team, kind: base.kind, weight: base.weight },
      {
        title: objective.title,
        owner: objective.owner,
        team: objective.team,
        kind: objective.objectiveKind,
        weight: objective.weight,
      },
    );
    const changes: Command<'EditObjective'>['changes'] = changed.changes;
    const columns = [...changed.columns, ...progressModeChanges(objective, base, changes)];
    const parent = parentChange(objective.parentObjectiveId, base);
    if (parent !== null) {
      changes.parentObjectiveId = parent.parentObjectiveId;
      columns.push('parentObjective');
    }
    if (columns.length === 0) return;
    const reason = this.reasonFor(objective.row, objective.reason, '', `changing ${columns.join(', ')}`);
    if (reason === null) return;
    const body = {
      type: 'EditObjective' as const,
      expectedVersion: base.version,
      objectiveId: base.id,
      changes,
      ...(reason === '' ? {} : { reason }),
    };
    const command: Command<'EditObjective'> = {
      ...body,
      commandId: this.mint('cmd', base.id, body.type, body),
    };
    this.add({ ...target, command, columns });
  }

  /** `objectiveId` null: the group's objective is unknown, so only rows with their own ids can go. */
  private planChildren(group: ObjectiveGroup, objectiveId: string | null, version: number | undefined): void {
    for (const keyResult of group.keyResults) {
      if (this.isBlocked(keyResult.row)) continue;
      if (keyResult.id === null) {
        if (objectiveId !== null)
          this.planNewKeyResult(keyResult, objectiveId, version, group.objective.reason);
      } else {
        this.planExistingKeyResult(keyResult, keyResult.id, group.objective.reason);
      }
    }
    for (const initiative of group.initiatives) {
      if (this.isBlocked(initiative.row)) continue;
      if (initiative.id === null) {
        if (objectiveId !== null) this.planNewInitiative(initiative, group, objectiveId, version);
      } else {
        this.planExistingInitiative(initiative, group, initiative.id);
      }
    }
  }

  private planNewKeyResult(
    keyResult: KeyResultRow,
    objectiveId: string,
    version: number | undefined,
    groupReason: string,
  ): void {
    if (keyResult.remove) {
      this.block({
        row: keyResult.row,
        column: 'type',
        message: 'A new key result cannot be removed; delete the row instead',
      });
      return;
    }
    const reason = this.reasonFor(keyResult.row, keyResult.reason, groupReason, 'adding a key result');
    if (reason === null) return;
    const subject = `row:${keyResult.row}`;
    const body = {
      type: 'AddKeyResult' as const,
      ...(version === undefined ? {} : { expectedVersion: version }),
      objectiveId,
      definition: {
        title: keyResult.title,
        owner: keyResult.owner,
        weight: keyResult.weight,
        type: keyResult.type,
        start: keyResult.start,
        target: keyResult.target,
        threshold: keyResult.threshold,
        unit: keyResult.unit,
        milestones: this.milestonesWithIds(subject, keyResult.milestones, []),
        progressSource: keyResult.progressSource ?? 'check_ins',
        // A new row is typed; "Link KR to a cell…" links it once it exists.
        valueSource: null,
      },
      ...(reason === '' ? {} : { reason }),
    };
    const keyResultId = this.mint('kr', subject, body.type, body);
    const command: Command<'AddKeyResult'> = {
      ...body,
      keyResultId,
      commandId: this.mint('cmd', subject, body.type, body),
    };
    this.keyResultIdByRow.set(keyResult.row, keyResultId);
    this.add({
      command,
      row: keyResult.row,
      entityId: keyResultId,
      objectiveId,
      columns: [
        'title',
        'owner',
        'weight',
        'type',
        'start',
        'target',
        'threshold',
        'unit',
        'milestones',
        'progressFrom',
      ],
    });
    const measured = keyResult.type === 'binary' ? keyResult.done === true : keyResult.current !== null;
    if (measured || keyResult.confidence !== null || keyResult.note !== '') {
      this.planCheckIn(keyResult, keyResultId, objectiveId, null, version ?? 0);
    }
  }

  private planExistingKeyResult(keyResult: KeyResultRow, keyResultId: string, groupReason: string): void {
    const base = this.index.keyResults.get(keyResultId);
    const objective = base === undefined ? undefined : this.index.objectives.get(base.objectiveId);
    if (base === undefined || objective === undefined) {
      this.block({
        row: keyResult.row,
        column: 'title',
        message: `This key result (${keyResultId}) is not in the last pull of this cycle; pull the cycle again`,
      });
      return;
    }
    const target = { row: keyResult.row, entityId: keyResultId, objectiveId: objective.id };
    if (keyResult.remove) {
      if (base.removed) return;
      const reason = this.reasonFor(keyResult.row, keyResult.reason, groupReason, 'removing a key result');
      if (reason === null) return;
      const body = {
        type: 'RemoveKeyResult' as const,
        expectedVersion: objective.version,
        objectiveId: objective.id,
        keyResultId,
        ...(reason === '' ? {} : { reason }),
      };
      const command: Command<'RemoveKeyResult'> = {
        ...body,
        commandId: this.mint('cmd', keyResultId, body.type, body),
      };
      this.add({ ...target, command, columns: ['type'] });
      return;
    }
    const changed = changedFields(KEY_RESULT_FIELD_COLUMNS, base, keyResult);
    const changes: Command<'EditKeyResult'>['changes'] = changed.changes;
    const columns = [...changed.columns];
    if (!sameMilestones(keyResult.milestones, base.milestones)) {
      changes.milestones = this.milestonesWithIds(keyResultId, keyResult.milestones, base.milestones);
      columns.push('milestones');
    }
    if (keyResult.progressSource !== null && keyResult.progressSource !== base.progressSource) {
      changes.progressSource = keyResult.progressSource;
      columns.push('progressFrom');
    }
    if (columns.length > 0) {
      const reason = this.reasonFor(
        keyResult.row,
        keyResult.reason,
        groupReason,
        `changing ${columns.join(', ')}`,
      );
      if (reason === null) return;
      const body = {
        type: 'EditKeyResult' as const,
        expectedVersion: objective.version,
        objectiveId: objective.id,
        keyResultId,
        changes,
        ...(reason === '' ? {} : { reason }),
      };
      const command: Command<'EditKeyResult'> = {
        ...body,
        commandId: this.mint('cmd', keyResultId, body.type, body),
      };
      this.add({ ...target, command, columns });
    }
    if (this.measurementChanged(keyResult, base)) {
      this.planCheckIn(keyResult, keyResultId, objective.id, base, objective.version);
    }
  }

  private measurementChanged(keyResult: KeyResultRow, base: KeyResultView): boolean {
    const baseConfidence = base.confidenceSource === 'set' ? base.confidence : null;
    if (keyResult.confidence !== baseConfidence || keyResult.note !== '') return true;
    if (keyResult.type !== base.type) return false;
    if (keyResult.type === 'binary') return keyResult.done !== (base.done ?? false);
    if (keyResult.type === 'milestone') {
      if (keyResult.milestonesText === milestonesText(base)) return false;
      this.block({
        row: keyResult.row,
        column: 'current',
        message: 'Milestones are checked in from the sidebar (OKR Ledger → Check in); this cell is read-only',
      });
      return false;
    }
    return keyResult.current !== base.current;
  }

  /** A check-in records a measurement, not a definition: it needs no reason and no expected version. */
  private planCheckIn(
    keyResult: KeyResultRow,
    keyResultId: string,
    objectiveId: string,
    base: KeyResultView | null,
    seenVersion: number,
  ): void {
    const measurement: Pick<Command<'RecordCheckIn'>, 'value' | 'done' | 'milestonesDone'> = {};
    if (keyResult.type === 'binary') {
      measurement.done = keyResult.done ?? false;
    } else if (keyResult.type === 'milestone') {
      measurement.milestonesDone = (base?.milestones ?? []).filter((m) => m.done).map((m) => m.id);
    } else if (keyResult.current === null) {
      this.block({ row: keyResult.row, column: 'current', message: 'Enter the current value to check in' });
      return;
    } else {
      measurement.value = keyResult.current;
    }
    const body = {
      type: 'RecordCheckIn' as const,
      objectiveId,
      keyResultId,
      ...measurement,
      confidence: keyResult.confidence,
      note: keyResult.note,
      ...(keyResult.effectiveAt === null ? {} : { effectiveAt: keyResult.effectiveAt }),
    };
    // The version seen makes a deliberate repeat of a value, after a later pull, a new check-in.
    const seed = { ...body, seenVersion };
    const command: Command<'RecordCheckIn'> = {
      ...body,
      commandId: this.mint('cmd', keyResultId, body.type, seed),
      checkInId: this.mint('chk', keyResultId, body.type, seed),
    };
    this.add({
      command,
      row: keyResult.row,
      entityId: keyResultId,
      objectiveId,
      columns: [
        'current',
        'confidence',
        'note',
        ...(keyResult.effectiveAt === null ? [] : ['effectiveDate' as const]),
      ],
    });
  }

  /**
   * The id of the KR an initiative row names in Serves KR, among the KR rows of its objective (a KR
   * added in this same push included); null for none, undefined when the row was blocked instead.
   */
  private servedKeyResultId(
    initiative: InitiativeRow,
    candidates: readonly { title: string; row: number | null; id: string | null }[],
  ): string | null | undefined {
    const title = initiative.servesKr;
    if (title === '') return null;
    const wanted = title.toLowerCase();
    const matches = candidates.filter((candidate) => candidate.title.toLowerCase() === wanted);
    const [match] = matches;
    const fail = (message: string) => {
      this.block({ row: initiative.row, column: 'servesKr', message: `Serves KR: ${message}` });
      return undefined;
    };
    if (match === undefined) {
      return fail(
        `this objective has no key result titled "${title}"; pick one from the dropdown or leave it empty`,
      );
    }
    if (matches.length > 1)
      return fail(`${matches.length} key results of this objective are titled "${title}"; rename one`);
    const id = match.id ?? (match.row === null ? undefined : this.keyResultIdByRow.get(match.row));
    if (id === undefined)
      return fail(`key result "${title}" (row ${match.row}) is not sent in this push; fix it first`);
    return id;
  }

  /** The KRs an initiative row of `group` may name: the group's live KR rows. */
  private keyResultCandidates(
    group: ObjectiveGroup,
  ): { title: string; row: number | null; id: string | null }[] {
    return group.keyResults
      .filter((keyResult) => !keyResult.remove)
      .map((keyResult) => ({ title: keyResult.title, row: keyResult.row, id: keyResult.id }));
  }

  private planNewInitiative(
    initiative: InitiativeRow,
    group: ObjectiveGroup,
    objectiveId: string,
    version: number | undefined,
  ): void {
    const keyResultId = this.servedKeyResultId(initiative, this.keyResultCandidates(group));
    if (keyResultId === undefined) return;
    const body = {
      type: 'AddInitiative' as const,
      ...(version === undefined ? {} : { expectedVersion: version }),
      objectiveId,
      keyResultId,
      title: initiative.title,
      owner: initiative.owner,
      status: initiative.status,
      percentComplete: initiative.percentComplete,
    };
    const subject = `row:${initiative.row}`;
    const initiativeId = this.mint('ini', subject, body.type, body);
    const command: Command<'AddInitiative'> = {
      ...body,
      initiativeId,
      commandId: this.mint('cmd', subject, body.type, body),
    };
    this.add({
      command,
      row: initiative.row,
      entityId: initiativeId,
      objectiveId,
      columns: ['title', 'owner', 'type', 'current', 'servesKr'],
    });
  }

  private planExistingInitiative(
    initiative: InitiativeRow,
    group: ObjectiveGroup,
    initiativeId: string,
  ): void {
    const base = this.index.initiatives.get(initiativeId);
    const objective = base === undefined ? undefined : this.index.objectives.get(base.objectiveId);
    if (base === undefined || objective === undefined) {
      this.block({
        row: initiative.row,
        column: 'title',
        message: `This initiative (${initiativeId}) is not in the last pull of this cycle; pull the cycle again`,
      });
      return;
    }
    const changed = changedFields(INITIATIVE_FIELD_COLUMNS, base, initiative);
    const changes: Command<'UpdateInitiative'>['changes'] = changed.changes;
    const columns = [...changed.columns];
    if (initiative.servesKr !== servedKeyResultTitle(objective, base)) {
      // A pulled row keeps its server objective, so a row moved under another objective names that one's KRs.
      const candidates =
        group.objective.id === objective.id
          ? this.keyResultCandidates(group)
          : objective.keyResults
              .filter((keyResult) => !keyResult.removed)
              .map((keyResult) => ({ title: keyResult.title, row: null, id: keyResult.id }));
      const keyResultId = this.servedKeyResultId(initiative, candidates);
      if (keyResultId === undefined) return;
      if (keyResultId !== base.keyResultId) {
        changes.keyResultId = keyResultId;
        columns.push('servesKr');
      }
    }
    if (columns.length === 0) return;
    const body = {
      type: 'UpdateInitiative' as const,
      expectedVersion: objective.version,
      objectiveId: objective.id,
      initiativeId,
      changes,
    };
    const command: Command<'UpdateInitiative'> = {
      ...body,
      commandId: this.mint('cmd', initiativeId, body.type, body),
    };
    this.add({ command, row: initiative.row, entityId: initiativeId, objectiveId: objective.id, columns });
  }
}

function countMissingRows(read: SheetRead, baseline: Board): number {
  const present = new Set(read.rows.flatMap((row) => (row.id === null ? [] : [row.id])));
  return boardEntries(baseline).filter((entry) => {
    const id =
      entry.kind === 'objective'
        ? entry.objective.id
        : entry.kind === 'key_result'
          ? entry.keyResult.id
          : entry.initiative.id;
    return !present.has(id);
  }).length;
}

/** What a push must send for the sheet `read` to match, given the board of the last pull. */
export function planPush(read: SheetRead, baseline: Board, context: DiffContext): PushPlan {
  const planner = new PushPlanner(read, baseline, context);
  for (const group of read.model.groups) planner.planGroup(group);
  return {
    commands: planner.commands,
    issues: planner.issues,
    blockedRows: planner.blockedRows,
    missingRows: countMissingRows(read, baseline),
  };
}
