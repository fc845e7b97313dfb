// Markdown tables and number formats for the benchmark's printed and committed results.

export type Align = 'left' | 'right';

const escapeCell = (cell: string) => cell.replaceAll('|', '\\|').replaceAll('\n', ' ');

/** A GitHub-flavoured markdown table; columns are padded so the text reads as a table too. */
export function markdownTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  align: readonly Align[] = [],
): string {
  const cells = [headers, ...rows].map((row) => headers.map((_, index) => escapeCell(row[index] ?? '')));
  const widths = headers.map((_, column) => Math.max(3, ...cells.map((row) => (row[column] ?? '').length)));
  const pad = (text: string, column: number) =>
    align[column] === 'right' ? text.padStart(widths[column] ?? 0) : text.padEnd(widths[column] ?? 0);
  const line = (row: readonly string[]) => `| ${row.map((cell, column) => pad(cell, column)).join(' | ')} |`;
  const rule = `| ${widths
    .map((width, column) => (align[column] === 'right' ? `${'-'.repeat(width - 1)}:` : '-'.repeat(width)))
    .join(' | ')} |`;
  const [head, ...body] = cells;
  return [line(head ?? []), rule, ...body.map(line)].join('\n');
}

/** 1234567 → "1,234,567"; fractions keep up to `digits` decimals ("5.5", not "5.50"). */
export function formatNumber(value: number, digits = 2): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: digits });
}

export const formatMs = (ms: number): string => `${formatNumber(ms, ms < 10 ? 2 : 1)} ms`;

export const formatRatio = (value: number): string => `${formatNumber(value, 1)}×`;

/** Two sides of a comparison in one cell: "3 / 2". */
export const versus = (ours: number, theirs: number, digits = 2): string =>
  `${formatNumber(ours, digits)} / ${formatNumber(theirs, digits)}`;
