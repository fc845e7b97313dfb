// What text the ledger accepts: no control characters (a note may hold tabs and line breaks), and no
// bidirectional override or isolate characters, which make a title read differently from what it stores.

/** C0 and C1 controls (DEL included) except tab and line breaks; bidi embeddings, overrides and isolates. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this pattern's job.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const LINE_BREAK_OR_TAB = /[\t\n\r]/;
const BIDI = /[\u202A-\u202E\u2066-\u2069]/;

const codePoint = (char: string): string =>
  `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * Why `text` is refused, or null when it is acceptable. `multiline` text (notes, descriptions) may hold tabs
 * and line breaks; single-line text (titles, reasons, names) may not.
 */
export function textProblem(text: string, multiline: boolean): string | null {
  const control = CONTROL.exec(text) ?? (multiline ? null : LINE_BREAK_OR_TAB.exec(text));
  if (control) {
    return `must not contain control characters (${codePoint(control[0])} at position ${control.index + 1})${
      multiline ? '' : '; tabs and line breaks are allowed in notes only'
    }`;
  }
  const bidi = BIDI.exec(text);
  if (bidi) {
    return `must not contain bidirectional override or isolate characters (${codePoint(bidi[0])} at position ${bidi.index + 1})`;
  }
  return null;
}
