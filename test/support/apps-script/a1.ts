// Owns A1 notation: column letters, parsing "B2", "A1:C3", "C:C", "2:4", "'My sheet'!A1:B2", and printing
// a grid area back the way Range.getA1Notation() does.

export interface GridArea {
  row: number;
  column: number;
  numRows: number;
  numColumns: number;
}

export interface ParsedA1 {
  sheetName: string | null;
  /** Open ends ("C:C", "2:4") are filled with the sheet's current size by the caller. */
  startRow: number | null;
  startColumn: number | null;
  endRow: number | null;
  endColumn: number | null;
}

export function columnToLetters(column: number): string {
  let remaining = column;
  let letters = '';
  while (remaining > 0) {
    const digit = (remaining - 1) % 26;
    letters = String.fromCharCode(65 + digit) + letters;
    remaining = Math.floor((remaining - 1) / 26);
  }
  return letters;
}

export function lettersToColumn(letters: string): number {
  let column = 0;
  for (const char of letters.toUpperCase()) column = column * 26 + (char.charCodeAt(0) - 64);
  return column;
}

const CELL_PATTERN = /^\$?([A-Za-z]{1,3})?\$?(\d+)?$/;

function parseCellReference(text: string): { row: number | null; column: number | null } | null {
  const match = CELL_PATTERN.exec(text);
  if (!match || (match[1] === undefined && match[2] === undefined)) return null;
  return {
    column: match[1] === undefined ? null : lettersToColumn(match[1]),
    row: match[2] === undefined ? null : Number(match[2]),
  };
}

function splitSheetName(notation: string): { sheetName: string | null; reference: string } {
  const bang = notation.lastIndexOf('!');
  if (bang < 0) return { sheetName: null, reference: notation };
  let sheetName = notation.slice(0, bang);
  if (sheetName.startsWith("'") && sheetName.endsWith("'"))
    sheetName = sheetName.slice(1, -1).replace(/''/g, "'");
  return { sheetName, reference: notation.slice(bang + 1) };
}

/** Returns null when the text is not A1 notation (the caller throws Apps Script's "Range not found"). */
export function parseA1(notation: string): ParsedA1 | null {
  const { sheetName, reference } = splitSheetName(notation.trim());
  const [startText, endText, ...rest] = reference.split(':');
  if (startText === undefined || rest.length > 0) return null;
  const start = parseCellReference(startText);
  if (!start) return null;
  if (endText === undefined) {
    if (start.row === null || start.column === null) return null;
    return {
      sheetName,
      startRow: start.row,
      startColumn: start.column,
      endRow: start.row,
      endColumn: start.column,
    };
  }
  const end = parseCellReference(endText);
  if (!end) return null;
  if (start.row === 0 || end.row === 0) return null;
  return {
    sheetName,
    startRow: start.row,
    startColumn: start.column,
    endRow: end.row,
    endColumn: end.column,
  };
}

export function areaToA1(area: GridArea): string {
  const first = `${columnToLetters(area.column)}${area.row}`;
  if (area.numRows === 1 && area.numColumns === 1) return first;
  const lastRow = area.row + area.numRows - 1;
  const lastColumn = area.column + area.numColumns - 1;
  return `${first}:${columnToLetters(lastColumn)}${lastRow}`;
}

export function quoteSheetName(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}
