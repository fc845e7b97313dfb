// Owns linked values: linking (asked by the Link dialog, app/link-dialog.ts) and "Unlink KR's cell" on the
// selected KR row (definition changes, so a reason mid-cycle), "Sync linked values now", and the hourly
// trigger's run.
// A sync reads the board with every acknowledged write (so a teammate's check-in of this hour is seen),
// reads each linked cell, and sends a check-in only when the value changed, with a key derived from the
// KR, the value and the hour; a cell without a number is reported as a failing link instead. Rows are
// refreshed from the answers, as after a sidebar check-in. Each pull, sync, link and unlink leaves the
// link as row developer metadata on every linked KR's row.
import type {
  BatchResponse,
  Board,
  CheckInResponse,
  KeyResultView,
  ObjectiveView,
} from '@okr-ledger/api-contract';
import type { ValueSource } from '@okr-ledger/okr-domain';
import { describeValueSource } from '@okr-ledger/okr-domain/linked-values';
import type { ApiClient } from '../adapters/http.js';
import type { LinkedCellReader, LinkedRowMetadata, SyncTrigger } from '../adapters/linked-cells.js';
import { cycleOfEditingSheet, editingSheetName } from '../core/columns.js';
import type { Connection } from '../core/connection.js';
import { AddonError, describeFailure, failure, needsAction, toFailure } from '../core/failures.js';
import { fingerprint } from '../core/ids.js';
import {
  LINKABLE_TYPES,
  linkedKeyResults,
  linkMetadataByRow,
  planLinkedValue,
  type SyncAction,
} from '../core/linked-cells.js';
import type { LinkRequest } from '../core/link-form.js';
import { refreshWithObjective } from '../core/sync.js';
import type { AddonServices } from './services.js';
import { EditingSheets } from './sheets.js';

export const HOURLY_NOTE =
  'Linked values are read when you choose “Sync linked values now” and by an hourly trigger set up for you in this spreadsheet (Editor add-ons may run one at most once an hour).';

export interface SyncSummary {
  checkIns: number;
  /** Check-ins a teammate's sync had already sent this hour. */
  alreadyRecorded: number;
  failing: number;
  restored: number;
  unchanged: number;
  problems: string[];
}

const emptySummary = (): SyncSummary => ({
  checkIns: 0,
  alreadyRecorded: 0,
  failing: 0,
  restored: 0,
  unchanged: 0,
  problems: [],
});

const isKeyReused = (error: unknown) => {
  const f = toFailure(error);
  return f.code === 'idempotency_key_reused';
};

export function describeSummary(summary: SyncSummary): string {
  const parts = [
    `${summary.checkIns} new value${summary.checkIns === 1 ? '' : 's'} checked in`,
    `${summary.unchanged + summary.alreadyRecorded} unchanged`,
  ];
  if (summary.failing > 0) parts.push(`${summary.failing} failing (see the Linked cell column)`);
  if (summary.restored > 0) parts.push(`${summary.restored} reading again`);
  const problems = summary.problems.length === 0 ? '' : `\n${summary.problems.join('\n')}`;
  return `${parts.join(', ')}.${problems}`;
}

export class LinkedValuesFlow {
  constructor(
    private readonly services: AddonServices,
    private readonly cells: LinkedCellReader,
    private readonly trigger: SyncTrigger,
    private readonly rows: LinkedRowMetadata,
  ) {}

  /**
   * Links a KR as the Link dialog asked (its answer read by core/link-form), then reads the cell at once:
   * the definition change, the hourly trigger, a first sync. Answers what to tell the person.
   */
  link(request: LinkRequest): string {
    const connection = this.requireConnection();
    const board = new EditingSheets(this.services.sheets).requireLastPull(request.cycleId).board;
    const keyResult = this.keyResultOf(board, request.keyResultId);
    this.requireLinkable(keyResult);
    this.changeDefinition(connection, board, keyResult, request.valueSource, request.reason);
    const schedule = this.ensureTrigger();
    const summary = this.sync(connection, request.cycleId);
    return `“${keyResult.title}” now reads its value from ${describeValueSource(request.valueSource)}.\n${schedule}${describeSummary(summary)}`;
  }

  /** Refuses KRs measured otherwise than by a value (milestones, binary, initiatives). */
  requireLinkable(keyResult: KeyResultView): void {
    if (!LINKABLE_TYPES.includes(keyResult.type)) {
      throw needsAction(
        'Only increase, decrease, stay above and stay below key results take a value from a cell.',
      );
    }
  }

  unlink(): void {
    this.run('unlink', () => {
      const { connection, board, keyResult } = this.selected();
      if ((keyResult.valueSource ?? null) === null) {
        throw needsAction(`“${keyResult.title}” is not linked to a cell.`);
      }
      let reason: string | undefined;
      if (board.cycle.status === 'active') {
        const answer = this.services.ui.prompt(
          'Reason for change',
          `${board.cycle.id} is active: unlinking a key result is a definition change and needs a reason.`,
        );
        if (answer === null) return;
        reason = answer.trim();
        if (reason === '') throw needsAction('A mid-cycle change needs a reason: nothing was changed.');
      }
      this.changeDefinition(connection, board, keyResult, null, reason);
      const refreshed = new EditingSheets(this.services.sheets).lastPull(board.cycle.id)?.board ?? null;
      if (refreshed !== null) this.markRows(board.cycle.id, refreshed);
      this.services.sheets.toast(`“${keyResult.title}” is typed again.`, 'Unlinked');
    });
  }

  syncNow(): void {
    this.run('sync', () => {
      const connection = this.requireConnection();
      const cycleId = new EditingSheets(this.services.sheets).editingCycle();
      if (cycleId === null) {
        throw needsAction('Open the “OKRs <cycle>” sheet whose linked values to sync, then choose it again.');
      }
      const summary = this.sync(connection, cycleId);
      this.ensureTrigger();
      this.services.sheets.toast(describeSummary(summary), `Linked values ${cycleId}`);
    });
  }

  /** The hourly trigger: every cycle sheet of this spreadsheet, no dialogs (nobody is there to see them). */
  onSchedule(): void {
    try {
      const connection = this.services.settings.connection();
      if (connection === null) {
        this.services.log('scheduled sync: this spreadsheet is not connected');
        return;
      }
      const cycles = this.services.sheets.sheetNames().flatMap((name) => cycleOfEditingSheet(name) ?? []);
      for (const cycleId of cycles) {
        const summary = this.sync(connection, cycleId);
        this.services.log(`scheduled sync of ${cycleId}: ${describeSummary(summary)}`);
      }
    } catch (error) {
      this.services.log(`scheduled sync failed: ${toFailure(error).detail}`);
    }
  }

  /** Reads every linked cell of a cycle and sends what changed; the cycle's rows are refreshed. */
  sync(connection: Connection, cycleId: string): SyncSummary {
    const api = this.services.api(connection);
    const board = api.call<Board>({ path: `/cycles/${cycleId}/okrs`, query: { consistent: 'true' } });
    const summary = emptySummary();
    if (board.cycle.status === 'closed') return summary;
    const now = this.services.now();
    const actions = linkedKeyResults(board).map((linked) =>
      planLinkedValue(linked, this.cells.read(linked.valueSource), cycleId, now),
    );
    const objectives = new Map<string, ObjectiveView>();
    for (const action of actions) this.sendCheckIn(api, action, summary, objectives);
    this.sendReports(api, cycleId, actions, summary, objectives);
    summary.unchanged = actions.filter((action) => action.kind === 'unchanged').length;
    this.refresh(cycleId, [...objectives.values()]);
    this.markRows(cycleId, board);
    return summary;
  }

  /** Puts each linked KR's link on its row as developer metadata, and takes it off rows no longer linked. */
  private markRows(cycleId: string, board: Board): void {
    try {
      this.services.lock(() => {
        const state = new EditingSheets(this.services.sheets).editingSheet(cycleId, false);
        if (state === null) return;
        this.rows.apply(editingSheetName(cycleId), linkMetadataByRow(state, board));
      });
    } catch (error) {
      // The links live on the server; the metadata catches up on the next sync.
      this.services.log(`marking linked rows failed: ${toFailure(error).detail}`);
    }
  }

  private sendCheckIn(
    api: ApiClient,
    action: SyncAction,
    summary: SyncSummary,
    objectives: Map<string, ObjectiveView>,
  ): void {
    if (action.kind !== 'check_in') return;
    try {
      const response = api.call<CheckInResponse>({
        method: 'post',
        path: `/key-results/${action.keyResultId}/check-ins`,
        body: action.request,
        headers: { 'Idempotency-Key': action.idempotencyKey },
      });
      if (response.replayed) summary.alreadyRecorded += 1;
      else summary.checkIns += 1;
      objectives.set(response.objective.id, response.objective);
    } catch (error) {
      // A teammate's trigger sent this very value this hour: it is recorded once, under their name.
      if (isKeyReused(error)) summary.alreadyRecorded += 1;
      else summary.problems.push(`${action.keyResultId}: ${describeFailure(toFailure(error)).message}`);
    }
  }

  private sendReports(
    api: ApiClient,
    cycleId: string,
    actions: SyncAction[],
    summary: SyncSummary,
    objectives: Map<string, ObjectiveView>,
  ): void {
    type Report =
      | {
          type: 'ReportLinkedValueFailure';
          commandId: string;
          objectiveId: string;
          keyResultId: string;
          problem: string;
          detail: string;
        }
      | { type: 'ReportLinkedValueRestored'; commandId: string; objectiveId: string; keyResultId: string };
    const commands = actions.flatMap((action): Report[] => {
      if (action.kind === 'failure') {
        return [
          {
            type: 'ReportLinkedValueFailure',
            commandId: action.commandId,
            objectiveId: action.objectiveId,
            keyResultId: action.keyResultId,
            problem: action.problem,
            detail: action.detail,
          },
        ];
      }
      if (action.kind === 'restored') {
        return [
          {
            type: 'ReportLinkedValueRestored',
            commandId: action.commandId,
            objectiveId: action.objectiveId,
            keyResultId: action.keyResultId,
          },
        ];
      }
      return [];
    });
    if (commands.length === 0) return;
    const response = api.call<BatchResponse>({
      method: 'post',
      path: `/cycles/${cycleId}/commands`,
      body: { commands },
    });
    response.results.forEach((result, index) => {
      const command = commands[index];
      if (command === undefined) return;
      if (result.status === 'applied') {
        if (command.type === 'ReportLinkedValueFailure') summary.failing += 1;
        else summary.restored += 1;
      } else if (result.status === 'invalid' && result.code === 'idempotency_key_reused') {
        if (command.type === 'ReportLinkedValueFailure') summary.failing += 1;
      } else {
        summary.problems.push(`${command.keyResultId}: ${JSON.stringify(result)}`);
      }
    });
    for (const objective of response.objectives) objectives.set(objective.id, objective);
  }

  /** The rows of the objectives that changed show the new values and flags; unsent edits are kept. */
  private refresh(cycleId: string, objectives: ObjectiveView[]): void {
    if (objectives.length === 0) return;
    try {
      this.services.lock(() => {
        const sheets = new EditingSheets(this.services.sheets);
        for (const objective of objectives) {
          const last = sheets.lastPull(cycleId);
          const state = sheets.editingSheet(cycleId, true);
          if (last === null || state === null) return;
          const writes = refreshWithObjective(
            state,
            last.board,
            objective,
            undefined,
            last.members,
            last.alignment,
            { cadenceDays: last.cadenceDays, now: this.services.now().toISOString() },
          );
          this.services.sheets.write(writes.snapshot);
          this.services.sheets.write(writes.editing);
        }
      });
    } catch (error) {
      // The values are recorded; a sheet that could not be refreshed catches up on the next pull.
      this.services.log(`refresh after sync failed: ${toFailure(error).detail}`);
    }
  }

  /** The hourly trigger for this person and document; a refusal is told, the link is kept regardless. */
  private ensureTrigger(): string {
    try {
      return this.trigger.ensure()
        ? 'An hourly sync was set up for you in this spreadsheet (at most once an hour, as Editor add-ons allow).\n'
        : '';
    } catch (error) {
      const detail = toFailure(error).detail;
      this.services.log(`the hourly sync could not be set up: ${detail}`);
      return `The hourly sync could not be set up (${detail}): use Sync linked values now.\n`;
    }
  }

  /** Sends the link (or null) as a KR definition change; `reason` is required while the cycle is active. */
  private changeDefinition(
    connection: Connection,
    board: Board,
    keyResult: KeyResultView,
    valueSource: ValueSource | null,
    reason: string | undefined,
  ): void {
    const commandId = `link-${fingerprint(`${keyResult.id}|${JSON.stringify(valueSource)}|${this.services.now().toISOString()}`)}`;
    const response = this.services.api(connection).call<BatchResponse>({
      method: 'post',
      path: `/cycles/${board.cycle.id}/commands`,
      body: {
        commands: [
          {
            type: 'EditKeyResult',
            commandId,
            objectiveId: keyResult.objectiveId,
            keyResultId: keyResult.id,
            changes: { valueSource },
            ...(reason === undefined ? {} : { reason }),
          },
        ],
      },
    });
    const result = response.results[0];
    if (result?.status !== 'applied') {
      const errors =
        result?.status === 'invalid' ? result.errors.map((e) => e.message).join('; ') : result?.status;
      throw needsAction(`The link was refused: ${errors ?? 'no answer'}`);
    }
    this.refresh(board.cycle.id, response.objectives);
  }

  /** The KR row selected in an "OKRs <cycle>" sheet, with the last pull it belongs to. */
  selected() {
    const connection = this.requireConnection();
    const sheets = new EditingSheets(this.services.sheets);
    const cycleId = sheets.activeCycle();
    const keyResultId = sheets.selectedId();
    if (cycleId === null || keyResultId === null || !keyResultId.startsWith('kr_')) {
      throw needsAction('Select a key result row in an “OKRs <cycle>” sheet first.');
    }
    const board = sheets.requireLastPull(cycleId).board;
    return { connection, cycleId, board, keyResult: this.keyResultOf(board, keyResultId) };
  }

  private keyResultOf(board: Board, keyResultId: string): KeyResultView {
    const keyResult = board.objectives
      .flatMap((objective) => objective.keyResults)
      .find((kr) => kr.id === keyResultId);
    if (keyResult === undefined) throw needsAction('This key result is not in the last pull: pull again.');
    return keyResult;
  }

  requireConnection(): Connection {
    const connection = this.services.settings.connection();
    if (connection === null) throw new AddonError(failure('not_connected'));
    return connection;
  }

  private run(action: string, work: () => void): void {
    try {
      work();
    } catch (error) {
      const f = toFailure(error);
      this.services.log(`${action} failed: ${f.kind}${f.status === null ? '' : ` ${f.status}`} ${f.detail}`);
      const { title, message } = describeFailure(f);
      this.services.ui.alert(title, message);
    }
  }
}
