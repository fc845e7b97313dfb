// CSV for spreadsheets, safe to open: RFC 4180 quoting, and cells that a spreadsheet would read as a
// formula (starting with =, +, -, @, tab or CR) are prefixed with a quote so they stay text (CSV injection).

const FORMULA_TRIGGERS = /^[=+\-@\t\r]/;

export function neutraliseCell(value: string): string {
  return FORMULA_TRIGGERS.test(value) ? `'${value}` : value;
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(cellText).join('; ');
  return String(value);
}

function quoted(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return [header, ...rows]
    .map((row) => row.map((value) => quoted(neutraliseCell(cellText(value)))).join(','))
    .join('\r\n')
    .concat('\r\n');
}
