// Owns where each field of an objective command lives in the editing sheet: the columns a changed field
// is read from when a push builds its edits, and the column a server error on a field is shown in.
import type { KeyResultDefinition, ObjectiveDefinition } from '@okr-ledger/okr-domain';
import type { ColumnKey } from './columns.js';

export const OBJECTIVE_FIELD_COLUMNS = {
  title: 'title',
  owner: 'owner',
  team: 'team',
  kind: 'type',
  weight: 'weight',
} as const satisfies Partial<Record<keyof ObjectiveDefinition, ColumnKey>>;

export const KEY_RESULT_FIELD_COLUMNS = {
  title: 'title',
  owner: 'owner',
  weight: 'weight',
  type: 'type',
  start: 'start',
  target: 'target',
  threshold: 'threshold',
  unit: 'unit',
} as const satisfies Partial<Record<keyof KeyResultDefinition, ColumnKey>>;

export const INITIATIVE_FIELD_COLUMNS = {
  title: 'title',
  owner: 'owner',
  status: 'type',
  percentComplete: 'current',
} as const;

/** The column a field of a command lives in, for placing server errors ("definition.target" → Target). */
export const FIELD_COLUMNS: Record<string, ColumnKey> = {
  ...OBJECTIVE_FIELD_COLUMNS,
  ...KEY_RESULT_FIELD_COLUMNS,
  ...INITIATIVE_FIELD_COLUMNS,
  milestones: 'milestones',
  keyResultId: 'servesKr',
  value: 'current',
  done: 'current',
  milestonesDone: 'current',
  confidence: 'confidence',
  note: 'note',
  reason: 'reason',
  effectiveAt: 'effectiveDate',
  progressMode: 'progressFrom',
  progressSource: 'progressFrom',
  blendShare: 'blendShare',
};

export function changedFields<F extends string, V extends Record<F, unknown>>(
  fields: Record<F, ColumnKey>,
  before: Record<NoInfer<F>, unknown>,
  after: V,
): { changes: Partial<Pick<V, F>>; columns: ColumnKey[] } {
  const changes: Partial<Pick<V, F>> = {};
  const columns: ColumnKey[] = [];
  for (const field of Object.keys(fields) as F[]) {
    if (before[field] !== after[field]) {
      changes[field] = after[field];
      columns.push(fields[field]);
    }
  }
  return { changes, columns };
}
