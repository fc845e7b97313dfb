// Owns reading one data row of a cycle's editing sheet into the editing model: an objective, a KR or an
// initiative, cell by cell, with an issue for every cell a person must fix and for cells that do not
// apply to the row's kind. The sheet as a whole (which rows, which objective a row joins) is read-sheet's.
import type { KeyResultType } from '@okr-ledger/okr-domain';
import { readParentCell } from './alignment-cells.js';
import {
  type Cell,
  describeCell,
  isBlank,
  isDateCell,
  type Parsed,
  readBoolean,
  readChoice,
  readNumber,
  readOptionalText,
  readText,
} from './cells.js';
import { type CellIssue, type ColumnKey, columnHeader, columnIndex } from './columns.js';
import {
  ARCHIVE_WORD,
  CONFIDENCE_CHOICES,
  CONFIDENCES,
  INITIATIVE_STATUS_CHOICES,
  INITIATIVE_STATUSES,
  KEY_RESULT_TYPE_CHOICES,
  KEY_RESULT_TYPES,
  label,
  OBJECTIVE_KIND_CHOICES,
  OBJECTIVE_KINDS,
  PROGRESS_MODE_CHOICES,
  PROGRESS_MODES,
  PROGRESS_SOURCE_CHOICES,
  PROGRESS_SOURCES,
  REMOVE_WORD,
  ROW_KIND_LABELS,
  type RowKind,
} from './labels.js';
import { NOTE_MAX, REASON_MAX, TITLE_MAX, UNIT_MAX, WEIGHT_MAX } from './limits.js';
import { type MilestoneSpec, parseMilestones } from './milestones.js';
import type { InitiativeRow, KeyResultRow, ObjectiveRow } from './model.js';

const NOT_FOR: Record<RowKind, ColumnKey[]> = {
  objective: [
    'effectiveDate',
    'start',
    'target',
    'threshold',
    'unit',
    'milestones',
    'servesKr',
    'current',
    'confidence',
    'note',
  ],
  key_result: ['team', 'parentObjective', 'servesKr', 'blendShare'],
  initiative: [
    'effectiveDate',
    'team',
    'parentObjective',
    'start',
    'target',
    'threshold',
    'unit',
    'milestones',
    'weight',
    'progressFrom',
    'blendShare',
    'confidence',
    'note',
    'reason',
  ],
};

/** Reads one row's cells, collecting issues instead of stopping at the first. */
export class RowReader {
  readonly issues: CellIssue[] = [];

  constructor(
    readonly row: number,
    readonly cells: Cell[],
  ) {}

  cell(key: ColumnKey): Cell {
    return this.cells[columnIndex(key)] ?? '';
  }

  issue(column: ColumnKey, message: string): void {
    this.issues.push({ row: this.row, column, message });
  }

  take<T>(column: ColumnKey, parsed: Parsed<T>, fallback: T): T {
    if (parsed.ok) return parsed.value;
    this.issue(column, parsed.message);
    return fallback;
  }

  text(column: ColumnKey, max?: number): string {
    const text = readText(this.cell(column));
    if (max !== undefined && text.length > max) {
      this.issue(column, `${columnHeader(column)} must be at most ${max} characters (it has ${text.length})`);
    }
    return text;
  }

  title(): string {
    const title = this.text('title', TITLE_MAX);
    if (title === '') this.issue('title', 'Title must not be empty');
    return title;
  }

  optionalText(column: ColumnKey): string | null {
    return readOptionalText(this.cell(column));
  }

  number(column: ColumnKey): number | null {
    return this.take(column, readNumber(this.cell(column), columnHeader(column)), null);
  }

  weight(): number {
    const weight = this.number('weight') ?? 1;
    if (weight < 0 || weight > WEIGHT_MAX) this.issue('weight', `Weight must be between 0 and ${WEIGHT_MAX}`);
    return weight;
  }

  reason(): string {
    return this.text('reason', REASON_MAX);
  }

  /** A share typed as 40% or 0.4; null when blank. */
  blendShare(): number | null {
    const share = this.number('blendShare');
    if (share !== null && (share < 0 || share > 1))
      this.issue('blendShare', 'Blend share must be between 0% and 100%');
    return share;
  }

  /** Noon of the day typed (getValues hands a date cell back as midnight in the sheet's time zone). */
  effectiveAt(): string | null {
    const cell = this.cell('effectiveDate');
    if (isBlank(cell)) return null;
    if (isDateCell(cell)) return new Date(cell.getTime() + 12 * 3_600_000).toISOString();
    const text = readText(cell);
    if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return `${text}T12:00:00Z`;
    this.issue('effectiveDate', `Effective date must be a date like 2026-11-20, got ${describeCell(cell)}`);
    return null;
  }

  /** Milestone KRs need at least one; other types must leave the cell empty. */
  milestones(type: KeyResultType | null): MilestoneSpec[] {
    const text = readText(this.cell('milestones'));
    if (type !== 'milestone') {
      if (text !== '' && type !== null) {
        this.issue(
          'milestones',
          `Milestones apply to milestone key results only; leave it empty for ${label(type)}`,
        );
      }
      return [];
    }
    const specs = this.take('milestones', parseMilestones(text), []);
    if (specs.length === 0 && this.issues.every((issue) => issue.column !== 'milestones')) {
      this.issue(
        'milestones',
        'Milestones: a milestone key result needs at least one milestone, e.g. "Design approved; Pilot built ×2"',
      );
    }
    return specs;
  }

  rejectCellsNotFor(kind: RowKind): void {
    for (const column of NOT_FOR[kind]) {
      if (!isBlank(this.cell(column))) {
        this.issue(
          column,
          `${columnHeader(column)} does not apply to ${ROW_KIND_LABELS[kind].toLowerCase()} rows; leave it empty`,
        );
      }
    }
  }
}

export function readObjective(reader: RowReader, id: string | null): ObjectiveRow {
  const title = reader.title();
  const word = reader.take(
    'type',
    readChoice(reader.cell('type'), 'Type', OBJECTIVE_KIND_CHOICES, [...OBJECTIVE_KINDS, ARCHIVE_WORD]),
    null,
  );
  const row: ObjectiveRow = {
    kind: 'objective',
    row: reader.row,
    id,
    title,
    owner: reader.optionalText('owner'),
    team: reader.optionalText('team'),
    parentObjectiveId: reader.take(
      'parentObjective',
      readParentCell(reader.cell('parentObjective')),
      undefined,
    ),
    objectiveKind: word === null || word === ARCHIVE_WORD ? 'aspirational' : word,
    archive: word === ARCHIVE_WORD,
    weight: reader.weight(),
    progressMode: reader.take(
      'progressFrom',
      readChoice(
        reader.cell('progressFrom'),
        'Progress from',
        PROGRESS_MODE_CHOICES,
        PROGRESS_MODES.map(label),
      ),
      null,
    ),
    blendShare: reader.blendShare(),
    reason: reader.reason(),
  };
  reader.rejectCellsNotFor('objective');
  return row;
}

export function readKeyResult(reader: RowReader, id: string | null): KeyResultRow {
  const title = reader.title();
  const word = reader.take(
    'type',
    readChoice(reader.cell('type'), 'Type', KEY_RESULT_TYPE_CHOICES, [
      ...KEY_RESULT_TYPES.map(label),
      REMOVE_WORD,
    ]),
    null,
  );
  if (word === null && reader.issues.every((issue) => issue.column !== 'type')) {
    reader.issue('type', `Type is required for a key result (${KEY_RESULT_TYPES.map(label).join(', ')})`);
  }
  const type = word === null || word === REMOVE_WORD ? 'increase' : word;
  const numeric = type !== 'milestone' && type !== 'binary';
  const row: KeyResultRow = {
    kind: 'key_result',
    row: reader.row,
    id,
    title,
    owner: reader.optionalText('owner'),
    weight: reader.weight(),
    type,
    remove: word === REMOVE_WORD,
    progressSource: reader.take(
      'progressFrom',
      readChoice(
        reader.cell('progressFrom'),
        'Progress from',
        PROGRESS_SOURCE_CHOICES,
        PROGRESS_SOURCES.map(label),
      ),
      null,
    ),
    start: reader.number('start'),
    target: reader.number('target'),
    threshold: reader.number('threshold'),
    unit: reader.text('unit', UNIT_MAX),
    current: numeric ? reader.number('current') : null,
    done:
      type === 'binary'
        ? reader.take('current', readBoolean(reader.cell('current'), 'Current value'), false)
        : null,
    milestonesText: type === 'milestone' ? readText(reader.cell('current')) : '',
    milestones: reader.milestones(word === REMOVE_WORD ? null : type),
    confidence: reader.take(
      'confidence',
      readChoice(reader.cell('confidence'), 'Confidence', CONFIDENCE_CHOICES, CONFIDENCES.map(label)),
      null,
    ),
    note: reader.text('note', NOTE_MAX),
    effectiveAt: reader.effectiveAt(),
    reason: reader.reason(),
  };
  reader.rejectCellsNotFor('key_result');
  return row;
}

export function readInitiative(reader: RowReader, id: string | null): InitiativeRow {
  const title = reader.title();
  const status = reader.take(
    'type',
    readChoice(reader.cell('type'), 'Status', INITIATIVE_STATUS_CHOICES, INITIATIVE_STATUSES.map(label)),
    null,
  );
  const percent = reader.number('current') ?? 0;
  if (percent < 0 || percent > 100) {
    reader.issue('current', 'Current value (percent complete) must be between 0 and 100');
  }
  const row: InitiativeRow = {
    kind: 'initiative',
    row: reader.row,
    id,
    title,
    owner: reader.optionalText('owner'),
    status: status ?? 'planned',
    percentComplete: percent,
    servesKr: reader.text('servesKr'),
  };
  reader.rejectCellsNotFor('initiative');
  return row;
}
