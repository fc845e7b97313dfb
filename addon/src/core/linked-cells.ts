// Owns what a linked KR value means in the sheet, without touching it: reading a link a person types
// ("Metrics!B7", a named range, another spreadsheet's URL and a cell), judging what a linked cell holds
// (a number, or empty, text, an error, unreadable), the idempotency keys that let every teammate's hourly
// trigger send the same value once, and the plan of one sync: which KRs get a check-in, which a failure
// report, which a "restored" report. The Apps Script side (reading cells, triggers) is in the adapters.
import type { Board, CheckInRequest, KeyResultView, ObjectiveView } from '@okr-ledger/api-contract';
import type { CheckInSource, LinkedValueProblem, ValueSource } from '@okr-ledger/okr-domain';
import { describeValueSource, quoteSheetName } from '@okr-ledger/okr-domain/linked-values';
import { LIMITS, SHEET_ERROR_VALUES } from '@okr-ledger/okr-domain/vocabulary';
import { type Cell, type Grid, isDateCell, type Parsed, readText } from './cells.js';
import type { ColumnMap } from './column-map.js';
import { DATA_START_ROW } from './columns.js';
import { fingerprint } from './ids.js';
import type { SheetPlan } from './sheet-plan.js';

const A1 = /^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$/;
const NAMED_RANGE = /^[A-Za-z_][A-Za-z0-9_.]*$/;
const SPREADSHEET_URL = /^https:\/\/docs\.google\.com\/spreadsheets\/d\/([A-Za-z0-9_-]{10,100})\S*\s*/;

/** The key result types a cell can measure: those measured by a value. */
export const LINKABLE_TYPES: readonly KeyResultView['type'][] = [
  'increase',
  'decrease',
  'stay_above',
  'stay_below',
];

/** The id in a spreadsheet's address (https://docs.google.com/spreadsheets/d/<id>/…); null for anything else. */
export function spreadsheetIdOfUrl(url: string): string | null {
  const match = SPREADSHEET_URL.exec(url.trim());
  return match === null || match[0].trim() !== url.trim() ? null : (match[1] ?? null);
}

/**
 * A link as a person types it: `Metrics!B7`, `'Sales pipeline'!$C$7`, a named range (`Revenue`), each
 * optionally after another spreadsheet's URL. Without a URL the link is to this spreadsheet.
 */
export function parseLink(answer: string, thisSpreadsheetId: string): Parsed<ValueSource> {
  let text = answer.trim();
  let spreadsheetId = thisSpreadsheetId;
  const url = SPREADSHEET_URL.exec(text);
  if (url?.[1] !== undefined) {
    spreadsheetId = url[1];
    text = text.slice(url[0].length).trim();
  }
  if (text === '') {
    return { ok: false, message: 'Type a cell such as Metrics!B7, or the name of a named range.' };
  }
  const bang = text.lastIndexOf('!');
  if (bang < 0) {
    if (!NAMED_RANGE.test(text) || A1.test(text)) {
      return {
        ok: false,
        message: `“${text}” is neither a cell with its sheet (Metrics!B7) nor a named range.`,
      };
    }
    if (text.length > LIMITS.namedRangeMax) return { ok: false, message: 'That name is too long.' };
    return { ok: true, value: { kind: 'named_range', spreadsheetId, name: text } };
  }
  let sheetName = text.slice(0, bang).trim();
  if (sheetName.startsWith("'") && sheetName.endsWith("'") && sheetName.length >= 2) {
    sheetName = sheetName.slice(1, -1).replace(/''/g, "'");
  }
  const cell = A1.exec(text.slice(bang + 1).trim());
  if (sheetName === '' || sheetName.length > LIMITS.sourceNameMax) {
    return { ok: false, message: `Name the sheet before the cell, e.g. Metrics!B7 (got “${text}”).` };
  }
  if (cell === null) {
    return { ok: false, message: `Link one cell, such as Metrics!B7 (got “${text}”).` };
  }
  const a1 = `${(cell[1] ?? '').toUpperCase()}${cell[2] ?? ''}`;
  return { ok: true, value: { kind: 'cell', spreadsheetId, sheetName, a1 } };
}

/** What a sync read at a link: the cell's value and where it sits, or why it could not be read. */
export type LinkRead =
  | { ok: true; value: Cell; sheetName: string; a1: string }
  | { ok: false; reason: string };

export type LinkedValue =
  | { ok: true; value: number }
  | { ok: false; problem: LinkedValueProblem; detail: string };

const ERRORS = new Set<string>(SHEET_ERROR_VALUES);

/** A number is a value; anything else is a problem named for the person who fixes the cell. */
export function judgeLinkedValue(read: LinkRead): LinkedValue {
  if (!read.ok) {
    return { ok: false, problem: 'unreadable', detail: read.reason.slice(0, LIMITS.linkProblemDetailMax) };
  }
  const { value } = read;
  if (typeof value === 'number') {
    return Number.isFinite(value)
      ? { ok: true, value }
      : { ok: false, problem: 'error', detail: String(value) };
  }
  if (value === '' || (typeof value === 'string' && value.trim() === '')) {
    return { ok: false, problem: 'empty', detail: '' };
  }
  const text = isDateCell(value) ? value.toISOString().slice(0, 10) : String(value).trim();
  if (ERRORS.has(text.toUpperCase())) return { ok: false, problem: 'error', detail: text.toUpperCase() };
  return { ok: false, problem: 'text', detail: text.slice(0, LIMITS.linkProblemDetailMax) };
}

/** The hour a sync runs in, UTC, as YYYYMMDDHH: every trigger in the same hour names the same keys. */
export function syncHour(now: Date): string {
  return now.toISOString().slice(0, 13).replace(/[-T]/g, '');
}

/**
 * The check-in's idempotency key: the KR, the value and the hour. Every teammate's trigger that reads the
 * same value in the same hour sends the same key, so the server records it once.
 */
export function linkedCheckInKey(keyResultId: string, value: number, now: Date): string {
  return `lnk-${fingerprint(`${keyResultId}|${value}`)}-${syncHour(now)}`;
}

/** The failure report's command id: one per KR, problem and hour. */
export function linkFailureKey(keyResultId: string, problem: string, detail: string, now: Date): string {
  return `lnkf-${fingerprint(`${keyResultId}|${problem}|${detail}`)}-${syncHour(now)}`;
}

export function linkRestoredKey(keyResultId: string, now: Date): string {
  return `lnkr-${fingerprint(keyResultId)}-${syncHour(now)}`;
}

export interface LinkedKeyResult {
  objective: ObjectiveView;
  keyResult: KeyResultView;
  valueSource: ValueSource;
}

/** The live KRs of live objectives that are linked and measured by a value (boards before links: none). */
export function linkedKeyResults(board: Board): LinkedKeyResult[] {
  return board.objectives
    .filter((objective) => !objective.archived)
    .flatMap((objective) =>
      objective.keyResults.flatMap((keyResult) => {
        const valueSource = keyResult.valueSource ?? null;
        return keyResult.removed || valueSource === null || !LINKABLE_TYPES.includes(keyResult.type)
          ? []
          : [{ objective, keyResult, valueSource }];
      }),
    );
}

export type SyncAction =
  | {
      kind: 'check_in';
      keyResultId: string;
      objectiveId: string;
      idempotencyKey: string;
      request: CheckInRequest;
    }
  | {
      kind: 'failure';
      keyResultId: string;
      objectiveId: string;
      commandId: string;
      problem: LinkedValueProblem;
      detail: string;
    }
  | { kind: 'restored'; keyResultId: string; objectiveId: string; commandId: string }
  | { kind: 'unchanged'; keyResultId: string };

/**
 * What one linked KR needs after its cell was read: a check-in only when the value differs from the last
 * one; a failure report when the cell gives no value; a "restored" report when a failing link reads the
 * last value again (no check-in, so nothing else would clear the flag).
 */
export function planLinkedValue(
  linked: LinkedKeyResult,
  read: LinkRead,
  cycleId: string,
  now: Date,
): SyncAction {
  const { keyResult, objective } = linked;
  const where = { keyResultId: keyResult.id, objectiveId: objective.id };
  const judged = judgeLinkedValue(read);
  if (!judged.ok) {
    const current = keyResult.linkFailure ?? null;
    if (current !== null && current.problem === judged.problem && current.detail === judged.detail) {
      return { kind: 'unchanged', keyResultId: keyResult.id };
    }
    return {
      kind: 'failure',
      ...where,
      commandId: linkFailureKey(keyResult.id, judged.problem, judged.detail, now),
      problem: judged.problem,
      detail: judged.detail,
    };
  }
  if (keyResult.current === judged.value && keyResult.lastCheckInAt !== null) {
    return (keyResult.linkFailure ?? null) === null
      ? { kind: 'unchanged', keyResultId: keyResult.id }
      : { kind: 'restored', ...where, commandId: linkRestoredKey(keyResult.id, now) };
  }
  const source: CheckInSource = {
    kind: 'linked_cell',
    spreadsheetId: linked.valueSource.spreadsheetId,
    sheetName: read.ok ? read.sheetName : '',
    a1: read.ok ? read.a1 : '',
  };
  return {
    kind: 'check_in',
    ...where,
    idempotencyKey: linkedCheckInKey(keyResult.id, judged.value, now),
    request: { value: judged.value, source, objectiveId: objective.id, cycleId },
  };
}

/** The "Linked cell" column: where the value comes from, and a warning while the link fails. */
export function linkedCellText(keyResult: KeyResultView): string {
  const source = keyResult.valueSource ?? null;
  if (source === null) return '';
  const where = describeValueSource(source);
  const failure = keyResult.linkFailure ?? null;
  return failure === null ? where : `⚠ ${failure.message}`;
}

/** A formula-style reference to a link, for messages: "Metrics!B7", "'Q4 data'!C3", "Revenue". */
export function linkReference(source: ValueSource): string {
  return source.kind === 'cell' ? `${quoteSheetName(source.sheetName)}!${source.a1}` : source.name;
}

/** Row developer metadata key on a linked KR's row; it follows the row when people sort. */
export const LINK_METADATA_KEY = 'okr-ledger.linked-cell';

/** The metadata's value: the KR and its link, as JSON (a script reading the sheet needs no API call). */
export function linkMetadataValue(keyResultId: string, valueSource: ValueSource): string {
  return JSON.stringify({ keyResultId, valueSource });
}

/** Each KR of the board whose definition has a link, by id. */
function linksOf(board: Board): Map<string, ValueSource> {
  const links = new Map<string, ValueSource>();
  for (const objective of board.objectives) {
    for (const keyResult of objective.keyResults) {
      const source = keyResult.valueSource ?? null;
      if (source !== null) links.set(keyResult.id, source);
    }
  }
  return links;
}

/**
 * The same, from the sheet a write lays out (a pull): where each id lands is read off the written blocks,
 * so the sheet need not be read back. `idColumn` is the Id column of that sheet.
 */
export function linkMetadataOfPlan(plan: SheetPlan, idColumn: number, board: Board): Map<number, string> {
  const links = linksOf(board);
  const wanted = new Map<number, string>();
  for (const block of plan.blocks) {
    const offset = idColumn - block.column;
    if (block.skipValues === true || offset < 0) continue;
    block.values.forEach((row, index) => {
      const id = readText(row[offset]);
      const source = links.get(id);
      if (source !== undefined) wanted.set(block.row + index, linkMetadataValue(id, source));
    });
  }
  return wanted;
}

/**
 * The link metadata each row of an editing sheet should carry: the rows of KRs whose definition on the
 * board has a link (removed KRs and archived objectives included: the link is still theirs), by sheet row.
 * It reads the sheet's columns and values alone (an EditingSheetState gives both).
 */
export function linkMetadataByRow(
  state: { columns: ColumnMap; values: Grid },
  board: Board,
): Map<number, string> {
  const links = linksOf(board);
  const idColumn = state.columns.get('id');
  const wanted = new Map<number, string>();
  if (idColumn === undefined) return wanted;
  state.values.forEach((row, index) => {
    const id = readText(row[idColumn - 1]);
    const source = links.get(id);
    if (source !== undefined) wanted.set(DATA_START_ROW + index, linkMetadataValue(id, source));
  });
  return wanted;
}
