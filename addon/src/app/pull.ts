// Owns a pull from start to finish: from the active cycle sheet (again, with the filter it was pulled
// with) or from the Pull dialog (a cycle, a team, an owner); the warning about unsent edits, asked with
// the lock released; then, under the lock, one fetchAll of the board, its attention list and the
// alignment view (the teams and the objectives an objective may align to; and, for admins, the members)
// and the in-place write of the sheet, its attention colours, its rows' link metadata and its last pull.
import type {
  AlignmentResponse,
  AttentionResponse,
  Board,
  CycleListResponse,
} from '@okr-ledger/api-contract';
import type { Team } from '@okr-ledger/okr-domain';
import { type AlignmentChoices, alignmentChoices } from '../core/alignment-cells.js';
import type { ApiClient } from '../adapters/http.js';
import { attentionCounts, describeAttention } from '../core/attention-highlights.js';
import { columnNumber, editingSheetName } from '../core/columns.js';
import type { Connection } from '../core/connection.js';
import { needsAction } from '../core/failures.js';
import { columnOf } from '../core/column-map.js';
import { linkMetadataOfPlan } from '../core/linked-cells.js';
import type { SheetPlan } from '../core/sheet-plan.js';
import type { EditingSheetState } from '../core/sheet-sync.js';
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
import type { AddonServices } from './services.js';
import type { EditingSheets } from './sheets.js';

/** GET /members (admins only), as much of it as the Owner dropdown needs. */
interface MemberList {
  members: { email: string }[];
}

/** GET /teams: every member may list them. */
interface TeamList {
  teams: Team[];
}

interface Fetched {
  board: Board;
  members: string[];
  teams: Team[];
  alignment: AlignmentChoices;
  attention: AttentionResponse | null;
}

export class PullFlow {
  constructor(
    private readonly services: AddonServices,
    private readonly sheets: EditingSheets,
  ) {}

  /** What the Pull dialog offers: one fetchAll for the cycles and teams; people from the last pulls. */
  choices(api: ApiClient): PullChoices {
    const [{ cycles }, { teams }] = api.callAll([{ path: '/cycles' }, { path: '/teams' }]) as [
      CycleListResponse,
      TeamList,
    ];
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
    return pullChoices(cycles, boards, members, this.services.settings.pullFilter(preferred), teams);
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
      const { board, members, teams, alignment, attention } = this.fetch(api, cycleId, role);
      const kept = filterBoard(board, filter, teams);
      const outside = new Set(
        board.objectives
          .filter((objective) => !kept.objectives.includes(objective))
          .flatMap((o) => [o.id, ...o.keyResults.map((kr) => kr.id), ...o.initiatives.map((i) => i.id)]),
      );
      const editing = this.sheets.editingSheet(cycleId, true);
      const writes = pullWrites(kept, editing, members, outside, alignment, attention);
      this.services.sheets.write(writes.snapshot);
      this.services.sheets.write(writes.editing);
      this.markLinkedRows(cycleId, board, writes.editing, editing);
      this.services.settings.savePullFilter(cycleId, filter);
      return {
        kept,
        teams,
        attention: attention === null ? '' : describeAttention(attentionCounts(attention)),
      };
    });
    const { kept } = pulled;
    const keyResults = kept.objectives.reduce((sum, objective) => sum + objective.keyResults.length, 0);
    const flagged = pulled.attention === '' ? '' : ` ${pulled.attention}.`;
    const message = `${kept.objectives.length} objectives, ${keyResults} key results (${kept.cycle.status}; ${describePullFilter(filter, pulled.teams)}).${flagged}`;
    this.services.sheets.toast(message, `Pulled ${cycleId}`);
    return message;
  }

  /**
   * Each row of a KR linked on the server carries the link as developer metadata (the Linked cell column
   * is written with the row); rows of KRs without a link lose any they had. Where each KR landed is read
   * off the write itself (no read back): the board, not the filter, says which ids are linked.
   */
  private markLinkedRows(
    cycleId: string,
    board: Board,
    written: SheetPlan,
    before: EditingSheetState | null,
  ): void {
    const rows = this.services.linkRows;
    if (rows === undefined) return;
    const idColumn = before === null ? columnNumber('id') : columnOf(before.columns, 'id');
    rows.apply(editingSheetName(cycleId), linkMetadataOfPlan(written, idColumn, board));
  }

  /**
   * The board of a cycle; its attention list (due, behind pace, failing links: coloured on the sheet); its
   * alignment view, whose teams (the same as GET /teams lists) and objectives feed the Team and Parent
   * objective dropdowns and the team filter; and — for admins, who may list them — the organization's
   * members: one fetchAll, three requests (four for admins).
   */
  private fetch(api: ApiClient, cycleId: string, role: string | null): Fetched {
    const requests = [
      { path: `/cycles/${cycleId}/okrs`, query: { consistent: 'true' } },
      { path: `/cycles/${cycleId}/alignment` },
      // Decoration only: read from the views, which trail a cycle created a moment ago, so never a failure.
      { path: `/cycles/${cycleId}/attention`, optional: true },
      ...(role === 'admin' ? [{ path: '/members' }] : []),
    ];
    const [board, view, attention, list] = api.callAll(requests) as [
      Board,
      AlignmentResponse,
      AttentionResponse | null,
      MemberList | undefined,
    ];
    const teams: Team[] = view.teams.map((team) => ({ ...team, leads: [], members: [] }));
    return {
      board,
      teams,
      alignment: alignmentChoices(teams, view),
      attention,
      members: list === undefined ? [] : list.members.map((member) => member.email),
    };
  }
}
