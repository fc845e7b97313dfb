// Owns what a cell holds and how Sheets (locale en_US) interprets what a script writes into it: setValue(s)
// behaves like a person typing, so "42" becomes 42, "12%" becomes 0.12, "TRUE" becomes true, "2026-01-05"
// becomes a Date and "=A1" becomes a formula — unless the cell's number format is plain text "@", where the
// string is kept verbatim. Also owns how a cell is displayed (getDisplayValues) under its number format.
import { isDateValue } from './realm.js';
import { formatSheetsDate, instantFromZoned } from './time-zones.js';

export type CellValue = string | number | boolean | Date;

/** What a fresh cell reports from getNumberFormat(): Sheets' "Automatic" format. */
export const AUTOMATIC_FORMAT = '0.###############';
export const TEXT_FORMAT = '@';
export const MAX_CELL_CHARACTERS = 50_000;

export interface Interpreted {
  value: CellValue;
  /** '' unless the input was a formula ("=..."). */
  formula: string;
  /** The number format Sheets assigns when it recognised a date, percent or currency in an automatic cell. */
  impliedFormat: string | null;
}

const NUMBER = String.raw`(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d*)?(?:[eE][+-]?\d+)?`;
const NUMBER_PATTERN = new RegExp(`^[+-]?${NUMBER}$`);
const PERCENT_PATTERN = new RegExp(`^([+-]?${NUMBER})\\s*%$`);
const CURRENCY_PATTERN = new RegExp(`^([+-]?)\\$\\s*(${NUMBER})$`);
const ISO_DATE_PATTERN = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const US_DATE_PATTERN = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const TIME_PATTERN = /^(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([ap]m)?$/i;

function hasDigit(text: string): boolean {
  return /\d/.test(text.replace(/[eE][+-]?\d+$/, ''));
}

function parseNumber(text: string): number | null {
  if (!NUMBER_PATTERN.test(text) || !hasDigit(text)) return null;
  const value = Number(text.replace(/,/g, ''));
  return Number.isFinite(value) ? value : null;
}

function isValidDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function parseDateTime(text: string, timeZone: string): Interpreted | null {
  const iso = ISO_DATE_PATTERN.exec(text);
  const us = iso ? null : US_DATE_PATTERN.exec(text);
  const match = iso ?? us;
  if (!match) return null;
  const year = Number(iso ? match[1] : match[3]);
  const month = Number(iso ? match[2] : match[1]);
  const day = Number(iso ? match[3] : match[2]);
  if (!isValidDay(year, month, day)) return null;
  const hasTime = match[4] !== undefined;
  const hour = Number(match[4] ?? 0);
  const minute = Number(match[5] ?? 0);
  const second = Number(match[6] ?? 0);
  if (hour > 23 || minute > 59 || second > 59) return null;
  const datePart = iso ? 'yyyy-mm-dd' : 'M/d/yyyy';
  return {
    value: instantFromZoned({ year, month, day, hour, minute, second }, timeZone),
    formula: '',
    impliedFormat: hasTime ? `${datePart} H:mm:ss` : datePart,
  };
}

function parseTime(text: string, timeZone: string): Interpreted | null {
  const match = TIME_PATTERN.exec(text);
  if (!match) return null;
  let hour = Number(match[1]);
  const minute = Number(match[2]);
  const second = Number(match[3] ?? 0);
  const meridiem = match[4]?.toLowerCase();
  if (meridiem) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (meridiem === 'pm' ? 12 : 0);
  }
  if (hour > 23 || minute > 59 || second > 59) return null;
  // Sheets keeps a bare time as that time on its day zero, 1899-12-30.
  return {
    value: instantFromZoned({ year: 1899, month: 12, day: 30, hour, minute, second }, timeZone),
    formula: '',
    impliedFormat: meridiem ? 'h:mm:ss am/pm' : 'H:mm:ss',
  };
}

/** A string typed into a non-text cell. */
export function interpretTypedText(text: string, timeZone: string): Interpreted {
  if (text.startsWith("'")) return { value: text.slice(1), formula: '', impliedFormat: null };
  if (text.startsWith('=') && text.length > 1) return { value: '', formula: text, impliedFormat: null };
  const trimmed = text.trim();
  if (trimmed === '') return { value: text, formula: '', impliedFormat: null };
  if (/^(true|false)$/i.test(trimmed)) {
    return { value: trimmed.toLowerCase() === 'true', formula: '', impliedFormat: null };
  }
  const number = parseNumber(trimmed);
  if (number !== null) return { value: number, formula: '', impliedFormat: null };
  const percent = PERCENT_PATTERN.exec(trimmed);
  const percentValue = percent?.[1] === undefined ? null : parseNumber(percent[1]);
  if (percentValue !== null) {
    const decimals = percent?.[1]?.includes('.') ? '0.00%' : '0%';
    return { value: percentValue / 100, formula: '', impliedFormat: decimals };
  }
  const currency = CURRENCY_PATTERN.exec(trimmed);
  const currencyValue = currency?.[2] === undefined ? null : parseNumber(currency[2]);
  if (currencyValue !== null) {
    const signed = currency?.[1] === '-' ? -currencyValue : currencyValue;
    return { value: signed, formula: '', impliedFormat: '"$"#,##0.00' };
  }
  return (
    parseDateTime(trimmed, timeZone) ??
    parseTime(trimmed, timeZone) ?? { value: text, formula: '', impliedFormat: null }
  );
}

/** What setValue/setValues stores for one JavaScript value, given the cell's current number format. */
export function interpretWrittenValue(raw: unknown, numberFormat: string, timeZone: string): Interpreted {
  if (raw === null || raw === undefined) return { value: '', formula: '', impliedFormat: null };
  if (isDateValue(raw)) {
    const impliedFormat = numberFormat === AUTOMATIC_FORMAT ? 'M/d/yyyy H:mm:ss' : null;
    return { value: new Date(raw.getTime()), formula: '', impliedFormat };
  }
  if (typeof raw === 'number') {
    return Number.isFinite(raw)
      ? { value: raw, formula: '', impliedFormat: null }
      : { value: String(raw), formula: '', impliedFormat: null };
  }
  if (typeof raw === 'boolean') return { value: raw, formula: '', impliedFormat: null };
  const text = String(raw);
  if (numberFormat === TEXT_FORMAT) return { value: text, formula: '', impliedFormat: null };
  return interpretTypedText(text, timeZone);
}

// ---- reading back ----------------------------------------------------------------------------------------

export function isDateFormat(format: string): boolean {
  const unquoted = format.replace(/"[^"]*"/g, '').replace(/\\./g, '');
  return /[ydhs]/i.test(unquoted) || /am\/pm/i.test(unquoted);
}

function isPlainNumberFormat(format: string): boolean {
  return (
    format !== AUTOMATIC_FORMAT && format !== TEXT_FORMAT && !isDateFormat(format) && /[0#]/.test(format)
  );
}

/** The serial number Sheets stores a date as, counted in the spreadsheet's time zone. */
function serialFromDate(date: Date, timeZone: string): number {
  const local = instantFromZoned({ year: 1899, month: 12, day: 30 }, timeZone).getTime();
  return (date.getTime() - local) / 86_400_000;
}

function dateFromSerial(serial: number, timeZone: string): Date {
  const local = instantFromZoned({ year: 1899, month: 12, day: 30 }, timeZone).getTime();
  return new Date(local + Math.round(serial * 86_400_000));
}

/** getValue(): numbers in a date-formatted cell come back as Dates and dates in a number format as numbers. */
export function readValue(value: CellValue, numberFormat: string, timeZone: string): CellValue {
  if (typeof value === 'number' && isDateFormat(numberFormat)) return dateFromSerial(value, timeZone);
  if (isDateValue(value) && isPlainNumberFormat(numberFormat)) return serialFromDate(value, timeZone);
  if (isDateValue(value)) return new Date(value.getTime());
  return value;
}

function formatAutomaticNumber(value: number): string {
  const magnitude = Math.abs(value);
  if (magnitude !== 0 && (magnitude >= 1e15 || magnitude < 1e-9)) return value.toExponential(2).toUpperCase();
  return String(Number(value.toPrecision(15)));
}

function formatPatternNumber(value: number, format: string): string {
  const sections = format.split(';');
  const useNegativeSection = value < 0 && sections.length > 1;
  const section = (useNegativeSection ? sections[1] : sections[0]) ?? '';
  const percent = section.includes('%');
  const scaled = Math.abs(percent ? value * 100 : value);
  const literal = (text: string) => text.replace(/"([^"]*)"/g, '$1').replace(/\\(.)/g, '$1');
  const numberPart = /[#0,.]+/.exec(section.replace(/"[^"]*"/g, (quoted) => ' '.repeat(quoted.length)));
  if (!numberPart) return literal(section);
  const pattern = numberPart[0];
  const prefix = literal(section.slice(0, numberPart.index));
  const suffix = literal(section.slice(numberPart.index + pattern.length));
  const [integerPattern = '', fractionPattern = ''] = pattern.split('.');
  const minDecimals = (fractionPattern.match(/0/g) ?? []).length;
  const maxDecimals = (fractionPattern.match(/[0#]/g) ?? []).length;
  let [integerDigits = '0', fractionDigits = ''] = scaled.toFixed(maxDecimals).split('.');
  while (fractionDigits.length > minDecimals && fractionDigits.endsWith('0')) {
    fractionDigits = fractionDigits.slice(0, -1);
  }
  const minIntegerDigits = (integerPattern.match(/0/g) ?? []).length;
  if (integerDigits === '0' && minIntegerDigits === 0) integerDigits = '';
  integerDigits = integerDigits.padStart(minIntegerDigits, '0');
  if (integerPattern.includes(',')) integerDigits = integerDigits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const sign = value < 0 && !useNegativeSection ? '-' : '';
  const digits = fractionDigits ? `${integerDigits}.${fractionDigits}` : integerDigits;
  return `${sign}${prefix}${digits}${suffix}`;
}

/** getDisplayValue(): the text Sheets shows for the value under its number format. */
export function displayValue(value: CellValue, numberFormat: string, timeZone: string): string {
  const shown = readValue(value, numberFormat, timeZone);
  if (shown === '') return '';
  if (typeof shown === 'boolean') return shown ? 'TRUE' : 'FALSE';
  if (typeof shown === 'string') return shown;
  if (isDateValue(shown)) {
    const pattern = isDateFormat(numberFormat) ? numberFormat : 'M/d/yyyy H:mm:ss';
    return formatSheetsDate(shown, timeZone, pattern);
  }
  if (numberFormat === AUTOMATIC_FORMAT || numberFormat === TEXT_FORMAT || numberFormat === 'General') {
    return formatAutomaticNumber(shown);
  }
  return formatPatternNumber(shown, numberFormat);
}
