// Grades CSV: quoting per RFC 4180 and neutralising cells a spreadsheet would run as formulas.
import { describe, expect, it } from 'vitest';
import { neutraliseCell, toCsv } from '../../../functions/api/src/http/csv.js';

describe('CSV for spreadsheets', () => {
  it.each([
    ['=HYPERLINK("http://evil")', `'=HYPERLINK("http://evil")`],
    ['+1+2', `'+1+2`],
    ['-2+3', `'-2+3`],
    ['@SUM(A1)', `'@SUM(A1)`],
    ['\tcmd', `'\tcmd`],
    ['\rcmd', `'\rcmd`],
  ])('neutralises a cell starting with a formula trigger: %j', (cell, expected) => {
    // Act
    const neutralised = neutraliseCell(cell);
    // Assess
    expect(neutralised).toBe(expected);
  });

  it('leaves ordinary text and numbers alone', () => {
    expect(neutraliseCell('Reduce onboarding time')).toBe('Reduce onboarding time');
    expect(neutraliseCell('0.77')).toBe('0.77');
  });

  it('quotes cells with commas, quotes or line breaks, joins lists and writes nulls as empty cells', () => {
    // Prepare
    const header = ['title', 'flags', 'override'];
    const rows = [
      ['Grow, fast', ['no check-ins', 'late'], null],
      ['Say "hi"\nthere', [], 0.5],
    ];
    // Act
    const csv = toCsv(header, rows);
    // Assess
    expect(csv).toBe(
      'title,flags,override\r\n"Grow, fast",no check-ins; late,\r\n"Say ""hi""\nthere",,0.5\r\n',
    );
  });

  it('neutralises before quoting, so a quoted formula stays text', () => {
    // Act
    const csv = toCsv(['title'], [['=1,2']]);
    // Assess
    expect(csv).toBe(`title\r\n"'=1,2"\r\n`);
  });
});
