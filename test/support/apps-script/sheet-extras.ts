// Owns what a person does to a sheet beyond typing, and what the add-on leans on to survive it: developer
// metadata on whole columns and whole rows (it moves with its column or row, dies with it, and a row's
// follows the row when a sort moves it), Range.sort (whole cells move,
// relative row references in the moved formulas follow their row) and one basic filter per sheet (rows it
// hides report isRowHiddenByFilter; values are still read and written as usual).
import type { CellValue } from './cell-values.js';
import type { Execution } from './execution.js';
import { AnchoredArea } from './grid.js';
import type { FakeRange } from './range.js';
import type { FakeSheet } from './sheet.js';

// ---- developer metadata ---------------------------------------------------------------------------------

export type MetadataLocationType = 'ROW' | 'COLUMN';

export class FakeDeveloperMetadata {
  removed = false;
  constructor(
    private readonly sheet: FakeSheet,
    readonly locationType: MetadataLocationType,
    readonly area: AnchoredArea,
    readonly id: number,
    private key: string,
    private value: string | null,
  ) {}
  getId(): number {
    return this.id;
  }
  getKey(): string {
    return this.key;
  }
  getValue(): string | null {
    return this.value;
  }
  setKey(key: string): this {
    this.key = key;
    return this;
  }
  setValue(value: string): this {
    this.value = value;
    return this;
  }
  getVisibility(): string {
    return 'DOCUMENT';
  }
  getLocation() {
    const { sheet, area, locationType } = this;
    return {
      getLocationType: () => locationType,
      getSheet: () => sheet,
      getColumn: () =>
        locationType === 'COLUMN'
          ? sheet.rangeOfArea(new AnchoredArea(1, area.column, sheet.getMaxRows(), 1))
          : null,
      getRow: () =>
        locationType === 'ROW'
          ? sheet.rangeOfArea(new AnchoredArea(area.row, 1, 1, sheet.getMaxColumns()))
          : null,
      getSpreadsheet: () => null,
    };
  }
  remove(): void {
    this.removed = true;
    this.area.valid = false;
  }
  /** Alive while its column or row is: deleting it deletes the metadata, as in Sheets. */
  alive(): boolean {
    return !this.removed && this.area.valid;
  }
}

const metadataOf = new WeakMap<FakeSheet, FakeDeveloperMetadata[]>();
let nextMetadataId = 1;

/** The whole-row or whole-column location a range stands for, or null for any other range. */
export function metadataLocationOf(sheet: FakeSheet, range: FakeRange): MetadataLocationType | null {
  if (range.row === 1 && range.numRows === sheet.getMaxRows() && range.numColumns === 1) return 'COLUMN';
  if (range.column === 1 && range.numColumns === sheet.getMaxColumns() && range.numRows === 1) return 'ROW';
  return null;
}

/** Range.addDeveloperMetadata: Sheets takes only whole rows or columns. */
export function addRangeMetadata(
  execution: Execution,
  sheet: FakeSheet,
  range: FakeRange,
  key: string,
  value: string | null,
): void {
  execution.refuseInCustomFunction('addDeveloperMetadata');
  const locationType = metadataLocationOf(sheet, range);
  if (locationType === null) {
    throw execution.exception(
      'Adding developer metadata to arbitrary ranges is not currently supported. Developer metadata may only be added to a top-level sheet or an entire row or column.',
    );
  }
  const area = sheet.anchor(range);
  const list = metadataOf.get(sheet) ?? [];
  list.push(new FakeDeveloperMetadata(sheet, locationType, area, nextMetadataId++, key, value));
  metadataOf.set(sheet, list);
}

export function columnMetadata(sheet: FakeSheet, column?: number): FakeDeveloperMetadata[] {
  return (metadataOf.get(sheet) ?? []).filter(
    (metadata) =>
      metadata.alive() &&
      metadata.locationType === 'COLUMN' &&
      (column === undefined || metadata.area.column === column),
  );
}

export function rowMetadata(sheet: FakeSheet, row?: number): FakeDeveloperMetadata[] {
  return (metadataOf.get(sheet) ?? []).filter(
    (metadata) =>
      metadata.alive() && metadata.locationType === 'ROW' && (row === undefined || metadata.area.row === row),
  );
}

function allMetadata(sheet: FakeSheet): FakeDeveloperMetadata[] {
  return (metadataOf.get(sheet) ?? []).filter((metadata) => metadata.alive());
}

/** Sheet.createDeveloperMetadataFinder(): withKey / withValue / withLocationType, then find(). */
export function metadataFinder(execution: Execution, sheet: FakeSheet) {
  const tests: ((metadata: FakeDeveloperMetadata) => boolean)[] = [];
  const finder = {
    withKey(key: string) {
      tests.push((metadata) => metadata.getKey() === key);
      return finder;
    },
    withValue(value: string) {
      tests.push((metadata) => metadata.getValue() === value);
      return finder;
    },
    withLocationType(type: unknown) {
      tests.push((metadata) => String(type) === metadata.locationType);
      return finder;
    },
    find: () =>
      execution.bridge.array(allMetadata(sheet).filter((metadata) => tests.every((test) => test(metadata)))),
  };
  return finder;
}

// ---- sort -----------------------------------------------------------------------------------------------

type SortSpec = number | { column: number; ascending?: boolean };

function compareValues(a: CellValue, b: CellValue): number {
  // Sheets puts blank cells last whatever the direction; numbers before text.
  const rank = (value: CellValue) => (typeof value === 'number' || value instanceof Date ? 0 : 1);
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), 'en', { sensitivity: 'base' });
}

/** Moves `formula`'s relative row references by `delta` rows, as Sheets does when it moves a cell. */
export function shiftRowReferences(formula: string, delta: number): string {
  if (delta === 0) return formula;
  return formula.replace(
    /("[^"]*")|(\$?[A-Z]{1,3})(\$?)(\d+)/g,
    (match, quoted: string | undefined, column: string, absolute: string, row: string) =>
      quoted !== undefined || absolute === '$' ? match : `${column}${Number(row) + delta}`,
  );
}

export function sortRange(execution: Execution, sheet: FakeSheet, range: FakeRange, specs: unknown): void {
  execution.refuseInCustomFunction('sort');
  const list = (Array.isArray(specs) ? specs : [specs]) as SortSpec[];
  const keys = list.map((spec) =>
    typeof spec === 'number' ? { column: spec, ascending: true } : { ascending: true, ...spec },
  );
  for (const { column } of keys) {
    if (column < range.column || column >= range.column + range.numColumns) {
      throw execution.exception('The column to sort by is outside the range.');
    }
  }
  const last = range.column + range.numColumns - 1;
  const rows = Array.from({ length: range.numRows }, (_, index) => range.row + index);
  const valueAt = (row: number, column: number): CellValue => sheet.grid.get(row, column)?.value ?? '';
  const order = [...rows].sort((a, b) => {
    for (const { column, ascending } of keys) {
      const left = valueAt(a, column);
      const right = valueAt(b, column);
      if (left === '' || right === '') {
        if (left !== right) return left === '' ? 1 : -1;
        continue;
      }
      const compared = compareValues(left, right);
      if (compared !== 0) return ascending ? compared : -compared;
    }
    return a - b;
  });
  order.forEach((source, index) => {
    const delta = range.row + index - source;
    for (let column = range.column; column <= last; column++) {
      const cell = sheet.grid.get(source, column);
      if (cell?.formula) cell.formula = shiftRowReferences(cell.formula, delta);
    }
  });
  sheet.grid.permuteRows(range.row, range.column, last, order);
  // Row metadata goes with its row's cells: a KR's row keeps what the add-on put on it.
  const moved = new Map(order.map((source, index) => [source, range.row + index]));
  for (const metadata of rowMetadata(sheet)) {
    const to = moved.get(metadata.area.row);
    if (to !== undefined) metadata.area.row = to;
  }
}

// ---- filter ---------------------------------------------------------------------------------------------

export class FakeFilterCriteria {
  constructor(
    readonly hiddenValues: string[],
    readonly visibleText: string | null,
  ) {}
  getHiddenValues(): string[] {
    return [...this.hiddenValues];
  }
  getCriteriaType(): string | null {
    return this.visibleText === null ? null : 'TEXT_EQUAL_TO';
  }
  getCriteriaValues(): string[] {
    return this.visibleText === null ? [] : [this.visibleText];
  }
  hides(value: CellValue): boolean {
    const text = String(value);
    if (this.hiddenValues.includes(text)) return true;
    return this.visibleText !== null && text !== this.visibleText;
  }
  copy() {
    return newFilterCriteria(this);
  }
}

export function newFilterCriteria(from?: FakeFilterCriteria) {
  let hidden = from?.hiddenValues ?? [];
  let visible = from?.visibleText ?? null;
  const builder = {
    setHiddenValues(values: string[]) {
      hidden = [...values];
      return builder;
    },
    whenTextEqualTo(text: string) {
      visible = text;
      return builder;
    },
    build: () => new FakeFilterCriteria(hidden, visible),
  };
  return builder;
}

export class FakeFilter {
  readonly criteria = new Map<number, FakeFilterCriteria>();
  constructor(
    private readonly execution: Execution,
    private readonly sheet: FakeSheet,
    readonly area: AnchoredArea,
  ) {}
  getRange(): FakeRange {
    return this.sheet.rangeOfArea(this.area);
  }
  setColumnFilterCriteria(columnPosition: number, criteria: FakeFilterCriteria | null): this {
    this.execution.refuseInCustomFunction('setColumnFilterCriteria');
    if (columnPosition < this.area.column || columnPosition >= this.area.column + this.area.numColumns) {
      throw this.execution.exception('The column position is outside the filter range.');
    }
    // Stored by offset, so the criteria stay on their column when columns are inserted before it.
    const offset = columnPosition - this.area.column;
    if (criteria === null) this.criteria.delete(offset);
    else this.criteria.set(offset, criteria);
    return this;
  }
  getColumnFilterCriteria(columnPosition: number): FakeFilterCriteria | null {
    return this.criteria.get(columnPosition - this.area.column) ?? null;
  }
  removeColumnFilterCriteria(columnPosition: number): this {
    return this.setColumnFilterCriteria(columnPosition, null);
  }
  remove(): void {
    this.execution.refuseInCustomFunction('remove');
    filterOf.delete(this.sheet);
    this.area.valid = false;
  }
  /** The header row of the filter range is never hidden. */
  hidesRow(row: number): boolean {
    if (!this.area.valid || row <= this.area.row || row >= this.area.row + this.area.numRows) return false;
    for (const [offset, criteria] of this.criteria) {
      const value = this.sheet.grid.get(row, this.area.column + offset)?.value ?? '';
      if (criteria.hides(value)) return true;
    }
    return false;
  }
}

const filterOf = new WeakMap<FakeSheet, FakeFilter>();

export function createFilter(execution: Execution, sheet: FakeSheet, range: FakeRange): FakeFilter {
  execution.refuseInCustomFunction('createFilter');
  if (filterOf.has(sheet)) {
    throw execution.exception("You can't create a filter in a sheet that already has a filter.");
  }
  const filter = new FakeFilter(execution, sheet, sheet.anchor(range));
  filterOf.set(sheet, filter);
  return filter;
}

export function filterOfSheet(sheet: FakeSheet): FakeFilter | null {
  return filterOf.get(sheet) ?? null;
}
