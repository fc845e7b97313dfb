// Owns what the "Link KR to a cell" dialog offers and what its answer means: the selected cell, a named
// range of this spreadsheet, or a cell or named range of another spreadsheet by URL, plus the reason a
// mid-cycle definition change needs. The answer is read by the same parser as a typed link, and every
// refusal names the dialog's field it is about.
import type { ValueSource } from '@okr-ledger/okr-domain';
import { quoteSheetName } from '@okr-ledger/okr-domain/linked-values';
import { type Parsed, readText } from './cells.js';
import { cycleOfEditingSheet } from './columns.js';
import { parseLink, spreadsheetIdOfUrl } from './linked-cells.js';

/** The dialog's fields as the person sees them: errors start with the label of the field they are about. */
export const LINK_FIELDS = {
  selected: 'Selected cell',
  namedRange: 'Named range',
  url: 'Spreadsheet URL',
  reference: 'Cell or named range in that spreadsheet',
  reason: 'Reason for change',
} as const;

export const LINK_CHOICES = ['selected', 'named', 'other'] as const;
export type LinkChoice = (typeof LINK_CHOICES)[number];

/** A cell as the dialog shows it: `Metrics!B2`, `'Q4 data'!C3`. */
export function cellReference(sheetName: string, a1: string): string {
  return `${quoteSheetName(sheetName)}!${a1}`;
}

/** The add-on's own sheets hold no metric: the cycle sheets and the hidden `_okr_` ones. */
export function isAddonSheet(sheetName: string): boolean {
  return sheetName.startsWith('_okr_') || cycleOfEditingSheet(sheetName) !== null;
}

export interface SelectedCell {
  reference: string;
  /** Why this cell cannot be a link (null when it can). */
  refusal: string | null;
}

/** The active range as the dialog offers it: its top-left cell, refused on the add-on's own sheets. */
export function selectedCell(sheetName: string, a1: string): SelectedCell {
  const first = a1.split(':')[0] ?? a1;
  return {
    reference: cellReference(sheetName, first),
    refusal: isAddonSheet(sheetName)
      ? `${sheetName} is one of OKR Ledger’s sheets: click the cell that holds the metric, then “Use the cell selected now”.`
      : null,
  };
}

/** What the dialog opens with (loadLinkCellContext). */
export interface LinkCellContext {
  cycleId: string;
  keyResultId: string;
  title: string;
  /** The cycle is active: linking is a mid-cycle definition change and needs a reason. */
  reasonRequired: boolean;
  /** Where the value comes from today, or null. */
  current: string | null;
  selected: SelectedCell | null;
  namedRanges: { name: string; reference: string }[];
  hourly: string;
}

export interface LinkRequest {
  cycleId: string;
  keyResultId: string;
  valueSource: ValueSource;
  reason: string | undefined;
}

const refuse = <T>(field: keyof typeof LINK_FIELDS, message: string): Parsed<T> => ({
  ok: false,
  message: `${LINK_FIELDS[field]}: ${message}`,
});

const textOf = (form: Record<string, unknown>, key: string) =>
  readText(typeof form[key] === 'string' || typeof form[key] === 'number' ? form[key] : '');

const URL_EXAMPLE = 'https://docs.google.com/spreadsheets/d/1AbC…/edit';

/**
 * The dialog's answer as a link to send. `thisSpreadsheetId` resolves links without a URL; the named
 * ranges are this spreadsheet's, so a name the dialog did not offer is refused here rather than at the
 * first sync. The reason is required when `reasonRequired` (the cycle is active).
 */
export function readLinkForm(
  input: unknown,
  thisSpreadsheetId: string,
  namedRanges: readonly string[],
  reasonRequired: boolean,
): Parsed<LinkRequest> {
  const form = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  const cycleId = textOf(form, 'cycleId');
  const keyResultId = textOf(form, 'keyResultId');
  if (cycleId === '' || !keyResultId.startsWith('kr_')) {
    return {
      ok: false,
      message: 'The dialog lost its key result: close it and choose Link KR to a cell again.',
    };
  }
  const choice = textOf(form, 'choice') as LinkChoice;
  let valueSource: ValueSource;
  if (choice === 'selected') {
    const typed = textOf(form, 'selected');
    if (typed === '') return refuse('selected', 'no cell is selected: click the metric’s cell first.');
    const parsed = parseLink(typed, thisSpreadsheetId);
    if (!parsed.ok) return refuse('selected', parsed.message);
    if (parsed.value.kind !== 'cell') return refuse('selected', `“${typed}” is not a cell.`);
    if (isAddonSheet(parsed.value.sheetName)) {
      return refuse('selected', selectedCell(parsed.value.sheetName, parsed.value.a1).refusal ?? '');
    }
    valueSource = parsed.value;
  } else if (choice === 'named') {
    const name = textOf(form, 'namedRange');
    if (name === '') return refuse('namedRange', 'choose one of this spreadsheet’s named ranges.');
    if (!namedRanges.includes(name)) {
      return refuse('namedRange', `this spreadsheet has no named range “${name}”.`);
    }
    valueSource = { kind: 'named_range', spreadsheetId: thisSpreadsheetId, name };
  } else if (choice === 'other') {
    const url = textOf(form, 'url');
    const reference = textOf(form, 'reference');
    const spreadsheetId = spreadsheetIdOfUrl(url);
    if (spreadsheetId === null) {
      return refuse('url', `paste the spreadsheet’s address, such as ${URL_EXAMPLE}`);
    }
    if (spreadsheetId === thisSpreadsheetId) {
      return refuse('url', 'that is this spreadsheet: use the selected cell or one of its named ranges.');
    }
    if (reference === '') return refuse('reference', 'type a cell such as Pipeline!C3, or a named range.');
    const parsed = parseLink(reference, spreadsheetId);
    if (!parsed.ok) return refuse('reference', parsed.message);
    valueSource = parsed.value;
  } else {
    return {
      ok: false,
      message: 'Choose where the value comes from: the selected cell, a named range or another spreadsheet.',
    };
  }
  const reason = textOf(form, 'reason');
  if (reasonRequired && reason === '') {
    return refuse(
      'reason',
      'the cycle is active, so linking is a mid-cycle change and needs a reason. Nothing was changed.',
    );
  }
  return {
    ok: true,
    value: { cycleId, keyResultId, valueSource, reason: reason === '' ? undefined : reason },
  };
}
