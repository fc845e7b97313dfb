// Owns how a pull shows the cycle's attention list on the editing sheet (docs/attention.md): the title of
// each KR that is due for a check-in, behind pace or whose linked cell fails is coloured by a conditional
// rule keyed on the row's hidden id, so the colour stays on the KR when people sort or insert rows, and
// the next pull swaps the rules for the list as it is then. A push or a refresh writes the rules again
// from the board it answered, judged by the very builder the server lists attention with, at the cadence
// the pull's list was made with: no request, and a KR the push checked in loses its "due" colour at once.
import type { AttentionResponse, Board } from '@okr-ledger/api-contract';
import { attentionList } from '@okr-ledger/projections/attention';
import { type ColumnMap, columnOf } from './column-map.js';
import { DATA_START_ROW } from './columns.js';
import { COLORS, type ConditionalFormatPlan, columnLetter, ourRule } from './sheet-plan.js';

export interface AttentionCounts {
  due: number;
  behindPace: number;
  failingLinks: number;
}

/** The ids flagged for each look, most urgent first: a KR shows the first it belongs to. */
function flaggedIds(attention: AttentionResponse): { ids: string[]; background: string }[] {
  const failing = attention.failingLinks.map((link) => link.keyResultId);
  const behind = attention.keyResults.filter((kr) => kr.behindPace).map((kr) => kr.keyResultId);
  const due = attention.keyResults.filter((kr) => kr.due && !kr.behindPace).map((kr) => kr.keyResultId);
  return [
    { ids: failing, background: COLORS.error },
    { ids: behind.filter((id) => !failing.includes(id)), background: COLORS.red },
    { ids: due.filter((id) => !failing.includes(id)), background: COLORS.yellow },
  ].filter((look) => look.ids.length > 0);
}

/** Ids are `kr_` and letters, digits, `_` or `-`: nothing a regular expression would read as syntax. */
const anyOf = (ids: readonly string[]) => `"^(${ids.join('|')})$"`;

export function attentionFormats(
  columns: ColumnMap,
  dataRows: number,
  attention: AttentionResponse,
): ConditionalFormatPlan[] {
  if (dataRows <= 0) return [];
  const idCell = `$${columnLetter(columnOf(columns, 'id'))}${DATA_START_ROW}`;
  const range = { row: DATA_START_ROW, column: columnOf(columns, 'title'), numRows: dataRows, numColumns: 1 };
  return flaggedIds(attention).map(({ ids, background }) => ({
    range,
    formula: ourRule(`REGEXMATCH(${idCell},${anyOf(ids)})`),
    background,
  }));
}

/** When a write re-colours the sheet: the pull's cadence (null: the pull had no list) and the instant. */
export interface AttentionAt {
  cadenceDays: number | null;
  now: string;
}

/** The attention list of `board` after a write, as the server would list it now; null when the pull had none. */
export function attentionAfterWrite(board: Board, at: AttentionAt | undefined): AttentionResponse | null {
  if (at === undefined || at.cadenceDays === null) return null;
  return attentionList(board, at.now, at.cadenceDays);
}

export function attentionCounts(attention: AttentionResponse): AttentionCounts {
  return {
    due: attention.keyResults.filter((kr) => kr.due).length,
    behindPace: attention.keyResults.filter((kr) => kr.behindPace).length,
    failingLinks: attention.failingLinks.length,
  };
}

/** For the pull's message, e.g. "2 due for a check-in, 1 behind pace (titles coloured)"; '' when none. */
export function describeAttention(counts: AttentionCounts): string {
  const parts = [
    counts.due > 0 ? `${counts.due} due for a check-in` : '',
    counts.behindPace > 0 ? `${counts.behindPace} behind pace` : '',
    counts.failingLinks > 0
      ? `${counts.failingLinks} linked cell${counts.failingLinks > 1 ? 's' : ''} failing`
      : '',
  ].filter((part) => part !== '');
  return parts.length === 0 ? '' : `${parts.join(', ')} (titles coloured)`;
}
