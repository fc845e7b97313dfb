// The Link dialog's answer read as a link: the selected cell, a named range of this spreadsheet, a cell
// or named range of another spreadsheet by URL, and the reason mid-cycle; each refusal names its field.
import { describe, expect, it } from 'vitest';
import { readLinkForm, selectedCell } from '../../../addon/src/core/link-form.js';

const THIS = '1ThisSpreadsheet00';
const OTHER = '1SalesMetricsSpreadsheet_0123456789';
const base = { cycleId: '2026-Q4', keyResultId: 'kr_week2_adoption', reason: 'Read from Metrics' };
const read = (form: Record<string, unknown>, reasonRequired = true) =>
  readLinkForm({ ...base, ...form }, THIS, ['Revenue', 'Week2Adoption'], reasonRequired);

describe('readLinkForm', () => {
  it('links the selected cell of this spreadsheet, with the reason', () => {
    expect(read({ choice: 'selected', selected: "'Q4 data'!$c$3" })).toEqual({
      ok: true,
      value: {
        ...base,
        valueSource: { kind: 'cell', spreadsheetId: THIS, sheetName: 'Q4 data', a1: 'C3' },
      },
    });
  });

  it('links one of this spreadsheet’s named ranges, and refuses a name it does not have', () => {
    expect(read({ choice: 'named', namedRange: 'Revenue' })).toMatchObject({
      ok: true,
      value: { valueSource: { kind: 'named_range', spreadsheetId: THIS, name: 'Revenue' } },
    });
    expect(read({ choice: 'named', namedRange: 'Costs' })).toEqual({
      ok: false,
      message: 'Named range: this spreadsheet has no named range “Costs”.',
    });
  });

  it('links a cell or named range of another spreadsheet by its URL', () => {
    const url = `https://docs.google.com/spreadsheets/d/${OTHER}/edit#gid=0`;
    expect(read({ choice: 'other', url, reference: 'Pipeline!C3' })).toMatchObject({
      ok: true,
      value: { valueSource: { kind: 'cell', spreadsheetId: OTHER, sheetName: 'Pipeline', a1: 'C3' } },
    });
    expect(read({ choice: 'other', url, reference: 'Revenue' })).toMatchObject({
      ok: true,
      value: { valueSource: { kind: 'named_range', spreadsheetId: OTHER, name: 'Revenue' } },
    });
  });

  it('names the field of each refusal', () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ choice: 'selected', selected: '' }, /^Selected cell: no cell is selected/],
      [
        { choice: 'selected', selected: 'OKRs 2026-Q4!C5' },
        /^Selected cell: OKRs 2026-Q4 is one of OKR Ledger’s sheets/,
      ],
      [{ choice: 'selected', selected: 'Metrics!B2:C4' }, /^Selected cell: Link one cell/],
      [{ choice: 'named', namedRange: '' }, /^Named range: choose one/],
      [{ choice: 'other', url: 'https://example.com/x', reference: 'A!B2' }, /^Spreadsheet URL: paste/],
      [
        { choice: 'other', url: `https://docs.google.com/spreadsheets/d/${THIS}/edit`, reference: 'A!B2' },
        /^Spreadsheet URL: that is this spreadsheet/,
      ],
      [
        { choice: 'other', url: `https://docs.google.com/spreadsheets/d/${OTHER}/edit`, reference: '' },
        /^Cell or named range in that spreadsheet: type a cell/,
      ],
      [
        { choice: 'other', url: `https://docs.google.com/spreadsheets/d/${OTHER}/edit`, reference: 'B7' },
        /^Cell or named range in that spreadsheet: “B7” is neither/,
      ],
      [
        { choice: 'selected', selected: 'Metrics!B2', reason: '  ' },
        /^Reason for change: the cycle is active/,
      ],
    ];
    for (const [form, message] of cases) {
      const answer = read(form);
      expect(answer.ok, JSON.stringify(form)).toBe(false);
      if (!answer.ok) expect(answer.message).toMatch(message);
    }
  });

  it('needs no reason while the cycle is planned', () => {
    expect(read({ choice: 'selected', selected: 'Metrics!B2', reason: '' }, false)).toMatchObject({
      ok: true,
      value: { reason: undefined },
    });
  });
});

describe('selectedCell', () => {
  it('offers the top-left cell of the selection, and refuses the add-on’s own sheets', () => {
    expect(selectedCell('Metrics', 'B2:C4')).toEqual({ reference: 'Metrics!B2', refusal: null });
    expect(selectedCell('Q4 data', 'C3')).toEqual({ reference: "'Q4 data'!C3", refusal: null });
    expect(selectedCell('OKRs 2026-Q4', 'C5').refusal).toMatch(/one of OKR Ledger’s sheets/);
    expect(selectedCell('_okr_pull_2026-Q4', 'A1').refusal).not.toBeNull();
  });
});
