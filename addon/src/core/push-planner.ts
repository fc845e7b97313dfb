// Owns what one push collects while it walks the sheet: the planned commands, the issues and the rows they
// block, the ids minted for new rows, and the reason a mid-cycle definition change needs.
import type { Board } from '@okr-ledger/api-contract';
import type { CycleStatus, Milestone, ObjectiveCommand } from '@okr-ledger/okr-domain';
import type { CellIssue, ColumnKey } from './columns.js';
import type { IdPrefix, IdSource } from './ids.js';
import { type MilestoneSpec, withMilestoneIds } from './milestones.js';
import { type BoardIndex, indexBoard } from './model.js';
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

export interface DiffContext {
  cycleStatus: CycleStatus;
  ids: IdSource;
}

export type Command<T extends ObjectiveCommand['type']> = Extract<ObjectiveCommand, { type: T }>;

/** Collects the commands and issues of one push. */
export class PushPlanner {
  readonly commands: PlannedCommand[] = [];
  readonly issues: CellIssue[] = [];
  readonly blockedRows = new Set<number>();
  readonly index: BoardIndex;
  /** Ids minted for new KR rows in this push, so an initiative row can name a KR added beside it. */
  readonly keyResultIdByRow = new Map<number, string>();

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
}
