// Builders for boards and views as the API returns them, and a deterministic id source, shared by the
// add-on's unit tests.
import type {
  Board,
  CycleView,
  InitiativeView,
  KeyResultView,
  ObjectiveView,
} from '@okr-ledger/api-contract';
import type { Cell } from '../../../addon/src/core/cells.js';
import { defaultColumnMap } from '../../../addon/src/core/column-map.js';
import {
  COLUMN_COUNT,
  type ColumnKey,
  columnIndex,
  DATA_START_ROW,
} from '../../../addon/src/core/columns.js';
import { editingSheetPlan, pulledSources } from '../../../addon/src/core/editing-sheet.js';
import type { IdSource } from '../../../addon/src/core/ids.js';
import type { BlockPlan, SheetPlan } from '../../../addon/src/core/sheet-plan.js';
import type { EditingSheetState } from '../../../addon/src/core/sheet-sync.js';

export function cycleView(overrides: Partial<CycleView> = {}): CycleView {
  return {
    id: '2026-Q4',
    title: 'Q4 2026',
    startsOn: '2026-10-01',
    endsOn: '2026-12-31',
    timeZone: 'Europe/Berlin',
    status: 'active',
    activatedAt: '2026-10-01T08:00:00.000Z',
    closedAt: null,
    version: 2,
    ...overrides,
  };
}

export function keyResultView(
  id: string,
  objectiveId: string,
  overrides: Partial<KeyResultView> = {},
): KeyResultView {
  return {
    id,
    objectiveId,
    title: `Reach outcome ${id}`,
    owner: 'ana@example.com',
    weight: 1,
    type: 'increase',
    start: 41,
    target: 75,
    threshold: null,
    unit: '%',
    milestones: [],
    progressSource: 'check_ins',
    removed: false,
    current: 58,
    done: null,
    progress: 0.5,
    score: 0.5,
    confidence: 'on_track',
    confidenceSource: 'derived',
    lastCheckInAt: '2026-11-02T09:00:00.000Z',
    lastNote: 'steady',
    checkInCount: 1,
    valueSource: null,
    linkFailure: null,
    ...overrides,
  };
}

export function initiativeView(
  id: string,
  objectiveId: string,
  overrides: Partial<InitiativeView> = {},
): InitiativeView {
  return {
    id,
    objectiveId,
    keyResultId: null,
    title: `Work ${id}`,
    owner: 'ben@example.com',
    status: 'in_progress',
    percentComplete: 40,
    ...overrides,
  };
}

export function objectiveView(id: string, overrides: Partial<ObjectiveView> = {}): ObjectiveView {
  return {
    id,
    cycleId: '2026-Q4',
    title: `Delight customers ${id}`,
    description: '',
    owner: 'ana@example.com',
    team: 'Growth',
    kind: 'aspirational',
    parentObjectiveId: null,
    weight: 1,
    progressMode: 'key_results',
    blendShare: 0,
    archived: false,
    version: 7,
    progress: 0.5,
    score: 0.5,
    keyResults: [],
    initiatives: [],
    lint: [],
    ...overrides,
  };
}

export function board(objectives: ObjectiveView[], cycle: Partial<CycleView> = {}): Board {
  return {
    organizationId: 'acme',
    cycle: cycleView(cycle),
    asOf: '2026-11-20T10:00:00.000Z',
    objectives,
    lint: [],
  };
}

/** A board with one objective per entry of each type the sheet handles. */
export function sampleBoard(cycle: Partial<CycleView> = {}): Board {
  const objective = objectiveView('obj_growth001', {
    keyResults: [
      keyResultView('kr_adoption01', 'obj_growth001'),
      keyResultView('kr_onboard001', 'obj_growth001', {
        title: 'Cut median onboarding days',
        type: 'decrease',
        start: 24,
        target: 9,
        unit: 'days',
        current: 12,
        progress: 0.8,
        score: 0.8,
        confidence: 'at_risk',
        confidenceSource: 'set',
        owner: null,
      }),
      keyResultView('kr_support01', 'obj_growth001', {
        title: 'Keep first response under 12 hours',
        type: 'stay_below',
        start: null,
        target: null,
        threshold: 12,
        unit: 'hours',
        current: 12,
        progress: 1,
        score: 1,
      }),
      keyResultView('kr_launch001', 'obj_growth001', {
        title: 'Self-serve signup available to all',
        type: 'binary',
        start: null,
        target: null,
        unit: '',
        current: null,
        done: false,
        progress: 0,
        score: 0,
      }),
      keyResultView('kr_mstone001', 'obj_growth001', {
        title: 'Pricing page milestones',
        type: 'milestone',
        start: null,
        target: null,
        unit: '',
        current: null,
        milestones: [
          { id: 'ms_first0001', title: 'Draft', weight: 1, done: true },
          { id: 'ms_second001', title: 'Review', weight: 1, done: true },
          { id: 'ms_third0001', title: 'Ship', weight: 1, done: false },
        ],
        progress: 0.6667,
        score: 0.6667,
      }),
    ],
    initiatives: [
      initiativeView('ini_survey001', 'obj_growth001', { keyResultId: 'kr_adoption01' }),
      initiativeView('ini_docs0001', 'obj_growth001', { status: 'planned', percentComplete: 0 }),
    ],
    lint: [
      {
        rule: 'kr-no-owner',
        severity: 'info',
        targetType: 'key_result',
        targetId: 'kr_onboard001',
        message: 'This key result has no owner',
        hint: 'Name the person who answers for it',
      },
    ],
  });
  const second = objectiveView('obj_quality01', {
    title: 'Be the most reliable option',
    kind: 'committed',
    team: null,
    version: 3,
    keyResults: [
      keyResultView('kr_uptime001', 'obj_quality01', { title: 'Raise uptime', start: 99, target: 99.9 }),
    ],
  });
  return board([objective, second], cycle);
}

/** Ids that say where they came from: obj_test0001, kr_test0002, … */
export function sequentialIds(): IdSource & { count: () => number } {
  let counter = 0;
  return {
    next(prefix) {
      counter += 1;
      return `${prefix}_test${String(counter).padStart(4, '0')}`;
    },
    count: () => counter,
  };
}

/**
 * The sheet's grids indexed by sheet row - 1. A layout plan has them in its first block; an in-place
 * update has them in its data blocks (from DATA_START_ROW), which are put together here.
 */
export function firstBlock(plan: SheetPlan): BlockPlan {
  if (plan.mode === 'update') {
    const data = plan.blocks.filter((b) => b.row >= DATA_START_ROW && b.skipValues !== true);
    const top = Array.from({ length: DATA_START_ROW - 1 }, () =>
      Array.from({ length: COLUMN_COUNT }, () => ''),
    );
    const join = <T>(pick: (b: BlockPlan) => T[][] | undefined, fill: T): T[][] => [
      ...top.map((row) => row.map(() => fill)),
      ...data.flatMap((b) => pick(b) ?? b.values.map((row) => row.map(() => fill))),
    ];
    return {
      row: 1,
      column: 1,
      values: join((b) => b.values, '' as Cell),
      notes: join((b) => b.notes, ''),
      backgrounds: join<string | null>((b) => b.backgrounds, null),
      validations: join((b) => b.validations, null),
    };
  }
  const block = plan.blocks[0];
  if (block === undefined) throw new Error(`plan ${plan.name} has no block`);
  return block;
}

/** An editing sheet in the default layout holding `values` (its data rows), as the adapter reads it. */
export function sheetState(values: Cell[][]): EditingSheetState {
  return { columns: defaultColumnMap(), unanchored: [], values, formulas: [], notes: [], backgrounds: [] };
}

/** The data rows (from DATA_START_ROW) of a pulled editing sheet, as getValues would return them. */
export function pulledGrid(source: Board): Cell[][] {
  return dataRows(editingSheetPlan(source, pulledSources(source)));
}

export function dataRows(plan: SheetPlan): Cell[][] {
  return firstBlock(plan)
    .values.slice(DATA_START_ROW - 1)
    .map((row) => [...row]);
}

/** A cell of the data grid by sheet row number and column key. */
export function cellAt(values: Cell[][], sheetRow: number, column: ColumnKey): Cell {
  const row = values[sheetRow - DATA_START_ROW];
  if (row === undefined) throw new Error(`no row ${sheetRow}`);
  return row[columnIndex(column)] ?? '';
}

export function setCell(values: Cell[][], sheetRow: number, column: ColumnKey, value: Cell): void {
  const row = values[sheetRow - DATA_START_ROW];
  if (row === undefined) throw new Error(`no row ${sheetRow}`);
  row[columnIndex(column)] = value;
}

/** The sheet row number of the row whose hidden id is `id`. */
export function rowOf(values: Cell[][], id: string): number {
  const index = values.findIndex((row) => row[columnIndex('id')] === id);
  if (index === -1) throw new Error(`no row for ${id}`);
  return DATA_START_ROW + index;
}

/** Writes a new row (only the given cells) at the sheet row `sheetRow`, shifting nothing. */
export function newRow(cells: Partial<Record<ColumnKey, Cell>>): Cell[] {
  const row: Cell[] = Array.from({ length: COLUMN_COUNT }, () => '');
  for (const [key, value] of Object.entries(cells) as [ColumnKey, Cell][]) row[columnIndex(key)] = value;
  return row;
}
