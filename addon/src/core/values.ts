// Owns turning API values into cells: ISO instants into dates the sheet formats, free-form audit values
// (before → after) into something a person reads.
import type { Cell } from './cells.js';

/** An ISO instant as a Date cell (the sheet shows it in the spreadsheet's time zone); '' when absent. */
export function instantCell(iso: string | null | undefined): Cell {
  if (iso === null || iso === undefined || iso === '') return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date;
}

/** A value of unknown shape (an audit's before/after) as one readable cell. */
export function looseCell(value: unknown): Cell {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

export function nullableCell(value: string | number | null | undefined): Cell {
  return value === null || value === undefined ? '' : value;
}
