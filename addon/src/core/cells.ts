// Owns the cell vocabulary: what Range.getValues hands back and how a typed value is read from one cell,
// with messages a person can act on ("Target must be a number, got "abc"").

/** A cell as getValues returns it; an empty cell is ''. */
export type Cell = string | number | boolean | Date;
export type Grid = Cell[][];

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(message: string): Parsed<T> => ({ ok: false, message });

/** Realm-independent: values built inside a `node:vm` context or by Apps Script fail `instanceof Date`. */
export function isDateCell(cell: unknown): cell is Date {
  return Object.prototype.toString.call(cell) === '[object Date]';
}

export function isBlank(cell: Cell | undefined): boolean {
  return cell === undefined || cell === '' || (typeof cell === 'string' && cell.trim() === '');
}

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** How a cell reads in a message: text quoted, everything else as the sheet shows it. */
export function describeCell(cell: Cell): string {
  if (isDateCell(cell)) return `the date ${isoDay(cell)}`;
  if (typeof cell === 'string') return `"${cell.trim()}"`;
  return String(cell);
}

export function readText(cell: Cell | undefined): string {
  if (cell === undefined) return '';
  if (isDateCell(cell)) return isoDay(cell);
  return String(cell).trim();
}

/** Optional text: an empty cell means "nobody" (owner, team). */
export function readOptionalText(cell: Cell | undefined): string | null {
  const text = readText(cell);
  return text === '' ? null : text;
}

const GROUPED_THOUSANDS = /^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/;
const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A number, or null for an empty cell. Text that is not a number is an error naming the column. */
export function readNumber(cell: Cell | undefined, label: string): Parsed<number | null> {
  if (cell === undefined || cell === '') return ok(null);
  if (typeof cell === 'number') {
    return Number.isFinite(cell) ? ok(cell) : fail(`${label} must be a finite number`);
  }
  if (typeof cell === 'boolean' || isDateCell(cell)) {
    return fail(`${label} must be a number, got ${describeCell(cell)}`);
  }
  const text = cell.replace(/[\s\u00a0\u202f]/g, '');
  if (text === '') return ok(null);
  const plain = GROUPED_THOUSANDS.test(text) ? text.replace(/,/g, '') : text;
  if (!PLAIN_NUMBER.test(plain)) return fail(`${label} must be a number, got ${describeCell(cell)}`);
  return ok(Number(plain));
}

const TRUE_WORDS = new Set(['true', 'yes', 'y', 'done', '1', 'x', '✓', '✔']);
const FALSE_WORDS = new Set(['false', 'no', 'n', 'not done', '0', '']);

/** A checkbox or a yes/no word; an empty cell is "not done". */
export function readBoolean(cell: Cell | undefined, label: string): Parsed<boolean> {
  if (cell === undefined) return ok(false);
  if (typeof cell === 'boolean') return ok(cell);
  if (typeof cell === 'number' && (cell === 0 || cell === 1)) return ok(cell === 1);
  const text = readText(cell).toLowerCase();
  if (TRUE_WORDS.has(text)) return ok(true);
  if (FALSE_WORDS.has(text)) return ok(false);
  return fail(`${label} must be ticked or not (yes / no), got ${describeCell(cell)}`);
}

/** The canonical spelling of a dropdown word: "In progress", "in-progress" and "in_progress" are one. */
export function normalizeWord(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

/** One of a fixed set of words (a dropdown), or null for an empty cell. */
export function readChoice<T extends string>(
  cell: Cell | undefined,
  label: string,
  choices: ReadonlyMap<string, T>,
  shown: readonly string[],
): Parsed<T | null> {
  const text = readText(cell);
  if (text === '') return ok(null);
  const choice = choices.get(normalizeWord(text));
  if (choice !== undefined) return ok(choice);
  return fail(`${label} must be one of ${shown.join(', ')}, got "${text}"`);
}
