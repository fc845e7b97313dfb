// KR values that keep themselves current: how a link and its failure read in words. Pure; the add-on,
// the projections and the API word them alike.
// The rules and vectors are in docs/attention.md.
import type { LinkFailure, ValueSource } from './model.js';

/** A sheet name as a formula names it: quoted when it holds anything but letters, digits and _. */
export function quoteSheetName(sheetName: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(sheetName) ? sheetName : `'${sheetName.replace(/'/g, "''")}'`;
}

/** "Data!B2", "'Sales pipeline'!C7" or "named range Revenue"; another spreadsheet's id is added. */
export function describeValueSource(source: ValueSource, spreadsheetId?: string): string {
  const where =
    source.kind === 'cell'
      ? `${quoteSheetName(source.sheetName)}!${source.a1}`
      : `named range ${source.name}`;
  return spreadsheetId === undefined || spreadsheetId === source.spreadsheetId
    ? where
    : `${where} of spreadsheet ${source.spreadsheetId}`;
}

const PROBLEM_WORDS: Record<LinkFailure['problem'], (detail: string) => string> = {
  empty: () => 'is empty',
  text: (detail) => `holds text${detail === '' ? '' : ` ("${detail}")`}, not a number`,
  error: (detail) => `shows ${detail === '' ? 'an error' : detail}`,
  unreadable: (detail) => `could not be read${detail === '' ? '' : ` (${detail})`}`,
};

/** "Data!B2 shows #REF!: no value recorded since 2026-11-20T09:00:00.000Z". */
export function describeLinkFailure(failure: LinkFailure): string {
  return `${describeValueSource(failure.valueSource)} ${PROBLEM_WORDS[failure.problem](failure.detail)}: no value recorded since ${failure.since}`;
}
