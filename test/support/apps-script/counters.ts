// Owns call counting: every data read/write through a Range (total and per sheet) and every UrlFetchApp
// call, so tests can assert budgets such as "one getValues per block" and "two HTTP calls per pull".

export interface SheetCallCounts {
  getValues: number;
  setValues: number;
  getValue: number;
  setValue: number;
  /** Every counted call on this sheet, keyed "Range.getNotes", "Sheet.appendRow", ... */
  byMethod: Record<string, number>;
}

const HEADLINE_METHODS = ['getValues', 'setValues', 'getValue', 'setValue'] as const;
type HeadlineMethod = (typeof HEADLINE_METHODS)[number];

function isHeadline(method: string): method is HeadlineMethod {
  return (HEADLINE_METHODS as readonly string[]).includes(method);
}

export class Counters {
  getValues = 0;
  setValues = 0;
  getValue = 0;
  setValue = 0;
  /** UrlFetchApp.fetch calls. */
  fetch = 0;
  /** UrlFetchApp.fetchAll calls (each counts once, however many requests it carries). */
  fetchAll = 0;
  /** HTTP requests sent by fetch and fetchAll together. */
  httpRequests = 0;
  /** Every counted call, keyed "Range.getValues", "Sheet.getRange", "UrlFetchApp.fetch", ... */
  readonly byMethod: Record<string, number> = {};
  readonly bySheet: Record<string, SheetCallCounts> = {};

  /** `qualifiedMethod` is "Range.getValues"-style; the headline counters use the bare method name. */
  count(qualifiedMethod: string, sheetName?: string): void {
    this.byMethod[qualifiedMethod] = (this.byMethod[qualifiedMethod] ?? 0) + 1;
    const method = qualifiedMethod.slice(qualifiedMethod.indexOf('.') + 1);
    const headline = qualifiedMethod.startsWith('Range.') && isHeadline(method) ? method : null;
    if (headline) this[headline] += 1;
    if (sheetName === undefined) return;
    let perSheet = this.bySheet[sheetName];
    if (!perSheet) {
      perSheet = { getValues: 0, setValues: 0, getValue: 0, setValue: 0, byMethod: {} };
      this.bySheet[sheetName] = perSheet;
    }
    perSheet.byMethod[qualifiedMethod] = (perSheet.byMethod[qualifiedMethod] ?? 0) + 1;
    if (headline) perSheet[headline] += 1;
  }

  /** Per-sheet counts, zeros when the sheet was never touched. */
  sheet(name: string): SheetCallCounts {
    return this.bySheet[name] ?? { getValues: 0, setValues: 0, getValue: 0, setValue: 0, byMethod: {} };
  }

  reset(): void {
    this.getValues = 0;
    this.setValues = 0;
    this.getValue = 0;
    this.setValue = 0;
    this.fetch = 0;
    this.fetchAll = 0;
    this.httpRequests = 0;
    for (const key of Object.keys(this.byMethod)) delete this.byMethod[key];
    for (const key of Object.keys(this.bySheet)) delete this.bySheet[key];
  }
}
