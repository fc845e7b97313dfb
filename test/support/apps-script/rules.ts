// Owns data validation rules and conditional format rules: their builders (SpreadsheetApp.newDataValidation,
// SpreadsheetApp.newConditionalFormatRule), the immutable rule objects Apps Script returns, and — for tests
// only — evaluating a rule against a cell value.
import type { CellValue } from './cell-values.js';
import type { Execution } from './execution.js';
import type { AnchoredArea } from './grid.js';
import { isDateValue } from './realm.js';
import type { FakeRange } from './range.js';
import type { FakeSheet } from './sheet.js';

// ---- data validation ------------------------------------------------------------------------------------

export class FakeDataValidation {
  constructor(
    private readonly execution: Execution,
    readonly criteriaType: string,
    readonly criteriaValues: readonly unknown[],
    readonly allowInvalid: boolean,
    readonly helpText: string,
  ) {}

  getCriteriaType(): string {
    return this.criteriaType;
  }

  getCriteriaValues(): unknown[] {
    return this.execution.bridge.array(this.criteriaValues);
  }

  getAllowInvalid(): boolean {
    return this.allowInvalid;
  }

  getHelpText(): string {
    return this.helpText;
  }

  copy(): FakeDataValidationBuilder {
    return new FakeDataValidationBuilder(this.execution, this);
  }

  /** Test helper (not Apps Script): would Sheets accept this value when a person types it? */
  accepts(value: CellValue): boolean {
    const [first, second] = this.criteriaValues;
    const number = typeof value === 'number' ? value : Number.NaN;
    switch (this.criteriaType) {
      case 'VALUE_IN_LIST':
        return value === '' || (Array.isArray(first) && first.map(String).includes(String(value)));
      case 'NUMBER_BETWEEN':
        return number >= Number(first) && number <= Number(second);
      case 'NUMBER_NOT_BETWEEN':
        return number < Number(first) || number > Number(second);
      case 'NUMBER_GREATER_THAN':
        return number > Number(first);
      case 'NUMBER_GREATER_THAN_OR_EQUAL_TO':
        return number >= Number(first);
      case 'NUMBER_LESS_THAN':
        return number < Number(first);
      case 'NUMBER_LESS_THAN_OR_EQUAL_TO':
        return number <= Number(first);
      case 'NUMBER_EQUAL_TO':
        return number === Number(first);
      case 'NUMBER_NOT_EQUAL_TO':
        return typeof value === 'number' && number !== Number(first);
      case 'CHECKBOX':
        return first === undefined ? typeof value === 'boolean' : value === first || value === second;
      case 'DATE_IS_VALID_DATE':
        return isDateValue(value);
      case 'TEXT_IS_VALID_EMAIL':
        return typeof value === 'string' && /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value);
      case 'TEXT_CONTAINS':
        return String(value).includes(String(first));
      default:
        return true;
    }
  }
}

export class FakeDataValidationBuilder {
  private criteriaType: string | null = null;
  private criteriaValues: unknown[] = [];
  private allowInvalid = true;
  private helpText = '';

  constructor(
    private readonly execution: Execution,
    from?: FakeDataValidation,
  ) {
    if (from) {
      this.criteriaType = from.criteriaType;
      this.criteriaValues = [...from.criteriaValues];
      this.allowInvalid = from.allowInvalid;
      this.helpText = from.helpText;
    }
  }

  private criteria(type: string, values: unknown[]): this {
    this.criteriaType = type;
    this.criteriaValues = values;
    return this;
  }

  requireValueInList(values: unknown[], showDropdown = true): this {
    return this.criteria('VALUE_IN_LIST', [[...values], showDropdown]);
  }
  requireValueInRange(range: FakeRange, showDropdown = true): this {
    return this.criteria('VALUE_IN_RANGE', [range, showDropdown]);
  }
  requireNumberBetween(start: number, end: number): this {
    return this.criteria('NUMBER_BETWEEN', [start, end]);
  }
  requireNumberNotBetween(start: number, end: number): this {
    return this.criteria('NUMBER_NOT_BETWEEN', [start, end]);
  }
  requireNumberGreaterThan(number: number): this {
    return this.criteria('NUMBER_GREATER_THAN', [number]);
  }
  requireNumberGreaterThanOrEqualTo(number: number): this {
    return this.criteria('NUMBER_GREATER_THAN_OR_EQUAL_TO', [number]);
  }
  requireNumberLessThan(number: number): this {
    return this.criteria('NUMBER_LESS_THAN', [number]);
  }
  requireNumberLessThanOrEqualTo(number: number): this {
    return this.criteria('NUMBER_LESS_THAN_OR_EQUAL_TO', [number]);
  }
  requireNumberEqualTo(number: number): this {
    return this.criteria('NUMBER_EQUAL_TO', [number]);
  }
  requireNumberNotEqualTo(number: number): this {
    return this.criteria('NUMBER_NOT_EQUAL_TO', [number]);
  }
  requireCheckbox(checkedValue?: unknown, uncheckedValue?: unknown): this {
    const values =
      checkedValue === undefined
        ? []
        : uncheckedValue === undefined
          ? [checkedValue]
          : [checkedValue, uncheckedValue];
    return this.criteria('CHECKBOX', values);
  }
  requireDate(): this {
    return this.criteria('DATE_IS_VALID_DATE', []);
  }
  requireTextIsEmail(): this {
    return this.criteria('TEXT_IS_VALID_EMAIL', []);
  }
  requireTextIsUrl(): this {
    return this.criteria('TEXT_IS_VALID_URL', []);
  }
  requireTextContains(text: string): this {
    return this.criteria('TEXT_CONTAINS', [text]);
  }
  requireTextEqualTo(text: string): this {
    return this.criteria('TEXT_EQUAL_TO', [text]);
  }
  requireFormulaSatisfied(formula: string): this {
    return this.criteria('CUSTOM_FORMULA', [formula]);
  }
  withCriteria(criteria: string, args: unknown[]): this {
    return this.criteria(String(criteria), [...args]);
  }
  setAllowInvalid(allowInvalidData: boolean): this {
    this.allowInvalid = allowInvalidData;
    return this;
  }
  setHelpText(helpText: string): this {
    this.helpText = helpText;
    return this;
  }
  getCriteriaType(): string | null {
    return this.criteriaType;
  }
  getCriteriaValues(): unknown[] {
    return this.execution.bridge.array(this.criteriaValues);
  }
  getAllowInvalid(): boolean {
    return this.allowInvalid;
  }
  getHelpText(): string | null {
    return this.helpText || null;
  }
  copy(): FakeDataValidationBuilder {
    return new FakeDataValidationBuilder(this.execution, this.build());
  }

  build(): FakeDataValidation {
    if (this.criteriaType === null)
      throw this.execution.exception('The data validation rule has no criteria.');
    return new FakeDataValidation(
      this.execution,
      this.criteriaType,
      this.criteriaValues,
      this.allowInvalid,
      this.helpText,
    );
  }
}

// ---- conditional formatting -----------------------------------------------------------------------------

export interface ConditionStyle {
  background: string | null;
  fontColor: string | null;
  bold: boolean | null;
  italic: boolean | null;
  strikethrough: boolean | null;
  underline: boolean | null;
}

export class FakeBooleanCondition {
  constructor(
    private readonly execution: Execution,
    readonly criteriaType: string,
    readonly criteriaValues: readonly unknown[],
    readonly style: ConditionStyle,
  ) {}

  getCriteriaType(): string {
    return this.criteriaType;
  }
  getCriteriaValues(): unknown[] {
    return this.execution.bridge.array(this.criteriaValues);
  }
  getBackground(): string | null {
    return this.style.background;
  }
  getFontColor(): string | null {
    return this.style.fontColor;
  }
  getBold(): boolean | null {
    return this.style.bold;
  }
  getItalic(): boolean | null {
    return this.style.italic;
  }
  getStrikethrough(): boolean | null {
    return this.style.strikethrough;
  }
  getUnderline(): boolean | null {
    return this.style.underline;
  }

  /** Test helper (not Apps Script): does a cell holding `value` get this condition's style? */
  matches(value: CellValue): boolean {
    const [first, second] = this.criteriaValues;
    const numeric = typeof value === 'number';
    const text = typeof value === 'string' ? value : String(value);
    switch (this.criteriaType) {
      case 'NUMBER_GREATER_THAN':
        return numeric && value > Number(first);
      case 'NUMBER_GREATER_THAN_OR_EQUAL_TO':
        return numeric && value >= Number(first);
      case 'NUMBER_LESS_THAN':
        return numeric && value < Number(first);
      case 'NUMBER_LESS_THAN_OR_EQUAL_TO':
        return numeric && value <= Number(first);
      case 'NUMBER_EQUAL_TO':
        return numeric && value === Number(first);
      case 'NUMBER_NOT_EQUAL_TO':
        return !numeric || value !== Number(first);
      case 'NUMBER_BETWEEN': {
        const low = Math.min(Number(first), Number(second));
        const high = Math.max(Number(first), Number(second));
        return numeric && value >= low && value <= high;
      }
      case 'NUMBER_NOT_BETWEEN': {
        const low = Math.min(Number(first), Number(second));
        const high = Math.max(Number(first), Number(second));
        return numeric && (value < low || value > high);
      }
      case 'TEXT_EQUAL_TO':
        return text.toLowerCase() === String(first).toLowerCase();
      case 'TEXT_CONTAINS':
        return text.toLowerCase().includes(String(first).toLowerCase());
      case 'TEXT_DOES_NOT_CONTAIN':
        return !text.toLowerCase().includes(String(first).toLowerCase());
      case 'TEXT_STARTS_WITH':
        return text.toLowerCase().startsWith(String(first).toLowerCase());
      case 'TEXT_ENDS_WITH':
        return text.toLowerCase().endsWith(String(first).toLowerCase());
      case 'CELL_EMPTY':
        return value === '';
      case 'CELL_NOT_EMPTY':
        return value !== '';
      default:
        return false;
    }
  }
}

export interface RuleTarget {
  sheet: FakeSheet;
  area: AnchoredArea;
}

export class FakeConditionalFormatRule {
  constructor(
    private readonly execution: Execution,
    readonly condition: FakeBooleanCondition,
    readonly targets: readonly RuleTarget[],
  ) {}

  getBooleanCondition(): FakeBooleanCondition {
    return this.condition;
  }
  getGradientCondition(): null {
    return null;
  }
  getRanges(): FakeRange[] {
    const live = this.targets.filter((target) => target.area.valid);
    return this.execution.bridge.array(live.map((target) => target.sheet.rangeOfArea(target.area)));
  }
  copy(): FakeConditionalFormatRuleBuilder {
    return new FakeConditionalFormatRuleBuilder(this.execution, this);
  }
}

export class FakeConditionalFormatRuleBuilder {
  private criteriaType: string | null = null;
  private criteriaValues: unknown[] = [];
  private style: ConditionStyle = {
    background: null,
    fontColor: null,
    bold: null,
    italic: null,
    strikethrough: null,
    underline: null,
  };
  private ranges: FakeRange[] = [];

  constructor(
    private readonly execution: Execution,
    from?: FakeConditionalFormatRule,
  ) {
    if (from) {
      this.criteriaType = from.condition.criteriaType;
      this.criteriaValues = [...from.condition.criteriaValues];
      this.style = { ...from.condition.style };
      this.ranges = from.getRanges();
    }
  }

  private when(type: string, values: unknown[]): this {
    this.criteriaType = type;
    this.criteriaValues = values;
    return this;
  }

  whenNumberGreaterThan(number: number): this {
    return this.when('NUMBER_GREATER_THAN', [number]);
  }
  whenNumberGreaterThanOrEqualTo(number: number): this {
    return this.when('NUMBER_GREATER_THAN_OR_EQUAL_TO', [number]);
  }
  whenNumberLessThan(number: number): this {
    return this.when('NUMBER_LESS_THAN', [number]);
  }
  whenNumberLessThanOrEqualTo(number: number): this {
    return this.when('NUMBER_LESS_THAN_OR_EQUAL_TO', [number]);
  }
  whenNumberEqualTo(number: number): this {
    return this.when('NUMBER_EQUAL_TO', [number]);
  }
  whenNumberNotEqualTo(number: number): this {
    return this.when('NUMBER_NOT_EQUAL_TO', [number]);
  }
  whenNumberBetween(start: number, end: number): this {
    return this.when('NUMBER_BETWEEN', [start, end]);
  }
  whenNumberNotBetween(start: number, end: number): this {
    return this.when('NUMBER_NOT_BETWEEN', [start, end]);
  }
  whenTextEqualTo(text: string): this {
    return this.when('TEXT_EQUAL_TO', [text]);
  }
  whenTextContains(text: string): this {
    return this.when('TEXT_CONTAINS', [text]);
  }
  whenTextDoesNotContain(text: string): this {
    return this.when('TEXT_DOES_NOT_CONTAIN', [text]);
  }
  whenTextStartsWith(text: string): this {
    return this.when('TEXT_STARTS_WITH', [text]);
  }
  whenTextEndsWith(text: string): this {
    return this.when('TEXT_ENDS_WITH', [text]);
  }
  whenCellEmpty(): this {
    return this.when('CELL_EMPTY', []);
  }
  whenCellNotEmpty(): this {
    return this.when('CELL_NOT_EMPTY', []);
  }
  whenFormulaSatisfied(formula: string): this {
    return this.when('CUSTOM_FORMULA', [formula]);
  }
  setBackground(color: string | null): this {
    this.style.background = color === null ? null : normalizeColor(color);
    return this;
  }
  setFontColor(color: string | null): this {
    this.style.fontColor = color === null ? null : normalizeColor(color);
    return this;
  }
  setBold(bold: boolean | null): this {
    this.style.bold = bold;
    return this;
  }
  setItalic(italic: boolean | null): this {
    this.style.italic = italic;
    return this;
  }
  setStrikethrough(strikethrough: boolean | null): this {
    this.style.strikethrough = strikethrough;
    return this;
  }
  setUnderline(underline: boolean | null): this {
    this.style.underline = underline;
    return this;
  }
  setRanges(ranges: FakeRange[]): this {
    this.ranges = [...ranges];
    return this;
  }
  getRanges(): FakeRange[] {
    return this.execution.bridge.array(this.ranges);
  }

  build(): FakeConditionalFormatRule {
    if (this.criteriaType === null)
      throw this.execution.exception('The conditional format rule has no condition.');
    if (this.ranges.length === 0)
      throw this.execution.exception('The conditional format rule has no ranges.');
    const condition = new FakeBooleanCondition(this.execution, this.criteriaType, this.criteriaValues, {
      ...this.style,
    });
    const targets = this.ranges.map((range) => ({
      sheet: range.getSheet(),
      area: range.getSheet().anchor(range),
    }));
    return new FakeConditionalFormatRule(this.execution, condition, targets);
  }
}

// ---- colours --------------------------------------------------------------------------------------------

const NAMED_COLORS: Record<string, string> = {
  black: '#000000',
  white: '#ffffff',
  red: '#ff0000',
  green: '#008000',
  lime: '#00ff00',
  blue: '#0000ff',
  yellow: '#ffff00',
  orange: '#ffa500',
  gray: '#808080',
  grey: '#808080',
  silver: '#c0c0c0',
  purple: '#800080',
  cyan: '#00ffff',
  magenta: '#ff00ff',
};

/** Sheets reports colours as lower-case 6-digit hex, whatever CSS form was set. */
export function normalizeColor(color: string): string {
  const trimmed = color.trim().toLowerCase();
  const named = NAMED_COLORS[trimmed];
  if (named) return named;
  const short = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/.exec(trimmed);
  if (short) return `#${short[1]}${short[1]}${short[2]}${short[2]}${short[3]}${short[3]}`;
  return trimmed;
}
