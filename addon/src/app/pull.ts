// Owns a pull from start to finish: from the active cycle sheet (again, with the filter it was pulled
// with) or from the Pull dialog (a cycle, a team, an owner); the warning about unsent edits, asked with
// the lock released; then, under the lock, one round of reads (the board, its attention list and, for
// admins, the members) and the in-place write of the sheet, its attention colours and its last pull.
import type { AttentionResponse, Board, CycleListResponse } from '@okr-ledger/api-contract';
import type { ApiClient } from '../adapters/http.js';
import { attentionCounts, describeAttention, withAttention } from '../core/attention-highlights.js';
import { defaultColumnMap } from '../core/column-map.js';
import { editingSheetName } from '../core/columns.js';
import type { Connection } from '../core/connection.js';
import { needsAction } from '../core/failures.js';
import {
  describePullFilter,
  filterBoard,
  type PullChoices,
  type PullFilter,
  type PullOptions,
  pullChoices,
} from '../core/pull-options.js';
import { decodeMembers, decodeSnapshot } from '../core/snapshot.js';
import { pullWrites } from '../core/sync.js';
import type { AddonServices } from './addon.js';
import type { EditingSheets } from './sheets.js';

/** GET /members (admins only), as much of it as the Owner dropdown needs. */
interface MemberList {
  members: { email: string }[];
}

export class PullFlow {
  constructor(
    private readonly services: AddonServices,
    private readonly sheets: EditingSheets,
  ) {}

  /** What the Pull dialog offers: one call for the cycles; teams and people from the last pulls. */
  choices(api: ApiClient): PullChoices {
    const { cycles } = api.call<CycleListResponse>({ path: '/cycles' });
    if (cycles.length === 0) throw needsAction('This organization has no cycles yet: an admin creates them.');
    const snapshots = this.services.sheets
      .sheetNames()
      .filter((name) => name.startsWith('_okr_pull_'))
      .map((name) => this.services.sheets.readAll(name));
    const boards = snapshots.flatMap((values) => {
      const board = decodeSnapshot(values);
      return board === null ? [] : [board];
    });
    const members = snapshots.flatMap(decodeMembers);
    const preferred = pullChoices(cycles, boards, members, { team: null, owner: null }).preferredCycleId;
    return pullChoices(cycles, boards, members, this.services.settings.pullFilter(preferred));
  }

  /** Pulls `options.cycleId` with its filter; null when the person kept their unsent edits. */
  pull(connection: Connection, options: PullOptions): string | null {
    const { cycleId } = options;
    const filter: PullFilter = { team: options.team, owner: options.owner };
    const api = this.services.api(connection);
    // The lock is never held across a dialog: another person's sync must not wait on this one's answer.
    const pending = this.services.lock(() => this.sheets.unsentChanges(cycleId));
    if (pending > 0) {
      const replace = this.services.ui.confirm(
        'Replace unsent changes?',
        `“${editingSheetName(cycleId)}” has ${pending} change${pending > 1 ? 's' : ''} not pushed yet. Pulling replaces them with the server’s state (rows you added and never pushed are kept). Pull anyway?`,
      );
      if (!replace) return null;
    }
    const pulled = this.services.lock(() => {
      const role = this.services.settings.role(connection.organizationId);
      const { board, members, attention } = this.fetch(api, cycleId, role);
      const kept = filterBoard(board, filter);
      const outside = new Set(
        board.objectives
          .filter((objective) => !kept.objectives.includes(objective))
          .flatMap((o) => [o.id, ...o.keyResults.map((kr) => kr.id), ...o.initiatives.map((i) => i.id)]),
      );
      const state = this.sheets.editingSheet(cycleId, true);
      const writes = pullWrites(kept, state, members, outside);
      this.services.sheets.write(writes.snapshot);
      this.services.sheets.write(
        withAttention(writes.editing, state?.columns ?? defaultColumnMap(), attention),
      );
      this.services.settings.savePullFilter(cycleId, filter);
      return { board: kept, attention: describeAttention(attentionCounts(attention)) };
    });
    const keyResults = pulled.board.objectives.reduce(
      (sum, objective) => sum + objective.keyResults.length,
      0,
    );
    const flagged = pulled.attention === '' ? '' : ` ${pulled.attention}.`;
    const message = `${pulled.board.objectives.length} objectives, ${keyResults} key results (${pulled.board.cycle.status}; ${describePullFilter(filter)}).${flagged}`;
    this.services.sheets.toast(message, `Pulled ${cycleId}`);
    return message;
  }

  /**
   * The board of a cycle and its attention list, side by side in one fetchAll, and — for admins, who may
   * list them — the organization's members.
   */
  private fetch(
    api: ApiClient,
    cycleId: string,
    role: string | null,
  ): { board: Board; members: string[]; attention: AttentionResponse } {
    const boardRequest = { path: `/cycles/${cycleId}/okrs`, query: { consistent: 'true' } };
    const attentionRequest = { path: `/cycles/${cycleId}/attention` };
    if (role !== 'admin') {
      const [board, attention] = api.callAll([boardRequest, attentionRequest]) as [Board, AttentionResponse];
      return { board, members: [], attention };
    }
    const [board, attention, list] = api.callAll([boardRequest, attentionRequest, { path: '/members' }]) as [
      Board,
      AttentionResponse,
      MemberList,
    ];
    return { board, members: list.members.map((member) => member.email), attention };
  }
}
