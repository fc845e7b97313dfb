// Owns a push from start to finish, under the document lock: the sheet read against the last pull, the
// commands sent in batches that never split an objective, and the answers written back in place (applied
// rows refreshed, refused and conflicting cells annotated). A request that failed leaves its rows as typed,
// noted as safe to push again; the failure itself is re-thrown once the sheet is written.
import type { BatchResponse } from '@okr-ledger/api-contract';
import type { ObjectiveCommand } from '@okr-ledger/okr-domain';
import { describeSummary, type PushReplies } from '../core/apply-results.js';
import { editingSheetName } from '../core/columns.js';
import type { Connection } from '../core/connection.js';
import { describeFailure, needsAction, toFailure } from '../core/failures.js';
import { fingerprintIds } from '../core/ids.js';
import { annotateOnly, finishPush, listIssues, preparePush } from '../core/sync.js';
import type { AddonServices } from './services.js';
import type { EditingSheets } from './sheets.js';

export interface PushReport {
  sent: boolean;
  text: string;
  alert?: boolean;
}

export class PushFlow {
  constructor(
    private readonly services: AddonServices,
    private readonly sheets: EditingSheets,
  ) {}

  push(connection: Connection, cycleId: string): PushReport {
    const api = this.services.api(connection);
    let sendFailure: unknown = null;
    const report = this.services.lock((): PushReport => {
      const { board: baseline, members, alignment, cadenceDays } = this.sheets.requireLastPull(cycleId);
      // The attention colours are written again from the board the push answered (no request).
      const attentionAt = { cadenceDays, now: this.services.now().toISOString() };
      const state = this.sheets.editingSheet(cycleId, true);
      if (state === null)
        throw needsAction(`“${editingSheetName(cycleId)}” is empty: pull ${cycleId} first.`);
      const prepared = preparePush(state, baseline, fingerprintIds(baseline), alignment);
      const { plan } = prepared;
      if (plan.commands.length === 0) {
        if (plan.issues.length === 0)
          return { sent: false, text: 'Nothing to push: the sheet matches the last pull.' };
        this.services.sheets.write(annotateOnly(prepared, baseline, members, alignment, attentionAt));
        return {
          sent: false,
          text: `Nothing was sent. Fix these first:\n${listIssues(plan.issues)}`,
          alert: true,
        };
      }

      const replies: PushReplies = { results: [], objectives: [] };
      let notSent: { message: string } | null = null;
      for (const batch of prepared.batches) {
        try {
          const response = api.call<BatchResponse>({
            method: 'post',
            path: `/cycles/${cycleId}/commands`,
            body: { commands: batch satisfies ObjectiveCommand[] },
          });
          replies.results.push(...response.results);
          replies.objectives.push(...response.objectives);
        } catch (error) {
          sendFailure = error;
          const { title } = describeFailure(toFailure(error));
          notSent = {
            message: `${title}. The server may have saved it: pushing again is safe (it will not be recorded twice)`,
          };
          break;
        }
      }
      const finished = finishPush(prepared, baseline, replies, notSent, members, alignment, attentionAt);
      this.services.sheets.write(finished.snapshot);
      this.services.sheets.write(finished.editing);
      const { summary } = finished.outcome;
      const lines = [`${describeSummary(summary)}.`];
      if (summary.conflicts + summary.invalid + summary.blockedRows + summary.notSent > 0) {
        lines.push(
          'See the notes on red (refused or to fix) and amber (conflict) cells; your values are kept there.',
        );
      }
      if (plan.issues.length > 0) lines.push(listIssues(plan.issues));
      if (plan.missingRows > 0) {
        lines.push(
          `${plan.missingRows} row${plan.missingRows > 1 ? 's' : ''} of the last pull are no longer in the sheet: nothing was removed (set Type / status to “removed” or “archived” to do that).`,
        );
      }
      return { sent: true, text: lines.join('\n\n'), alert: lines.length > 1 };
    });
    if (sendFailure !== null) throw sendFailure;
    return report;
  }
}
