// Human wording of values and field changes, shared by KR history summaries, audit descriptions and the
// "changed by" notes of the grades report, so the same change reads the same everywhere.
import {
  describeValueSource,
  type FieldChange,
  type KeyResultDefinition,
  type Milestone,
  ValueSourceSchema,
} from '@okr-ledger/okr-domain';

const isMilestoneList = (value: unknown): value is Milestone[] =>
  Array.isArray(value) &&
  value.every((entry) => typeof entry === 'object' && entry !== null && 'title' in entry && 'id' in entry);

/** A value as a person would write it in a sentence: numbers bare, text quoted, nothing as "none". */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'none';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return value === '' ? '""' : `"${value}"`;
  if (isMilestoneList(value)) return `[${value.map((milestone) => milestone.title).join(', ')}]`;
  const link = ValueSourceSchema.safeParse(value);
  if (link.success) return describeValueSource(link.data);
  return JSON.stringify(value);
}

/** "target 75 → 80"; several changes are joined with "; ". */
export function describeChanges(changes: FieldChange[]): string {
  return changes
    .map((change) => `${change.field} ${describeValue(change.before)} → ${describeValue(change.after)}`)
    .join('; ');
}

export function withUnit(value: number, unit: string): string {
  if (unit === '') return String(value);
  if (unit === '$') return `$${value}`;
  return `${value} ${unit}`;
}

/** What a KR aims at, e.g. "decrease 24 → 9 days", "stay below 12 hours", "4 milestones", "binary". */
export function describeAim(definition: KeyResultDefinition): string {
  const { type, start, target, threshold, unit, milestones } = definition;
  switch (type) {
    case 'increase':
    case 'decrease':
      return `${type} ${withUnit(start ?? 0, unit)} → ${target === null ? 'none' : withUnit(target, unit)}`;
    case 'stay_above':
    case 'stay_below':
      return `${type === 'stay_above' ? 'stay above' : 'stay below'} ${threshold === null ? 'none' : withUnit(threshold, unit)}`;
    case 'milestone':
      return `${milestones.length} milestone${milestones.length === 1 ? '' : 's'}`;
    case 'binary':
      return 'done or not done';
    default: {
      const unknownType: never = type;
      throw new Error(`unknown key result type: ${String(unknownType)}`);
    }
  }
}

export interface MeasurementFacts {
  value: number | null;
  milestonesDone: string[] | null;
  done: boolean | null;
}

/** What a check-in measured, in the KR's own terms: "58 %", "done", "3 of 4 milestones done". */
export function describeMeasurement(facts: MeasurementFacts, definition: KeyResultDefinition | null): string {
  if (facts.value !== null) return withUnit(facts.value, definition?.unit ?? '');
  if (facts.done !== null) return facts.done ? 'done' : 'not done';
  if (facts.milestonesDone !== null) {
    const total = definition?.milestones.length;
    const count = facts.milestonesDone.length;
    return total === undefined ? `${count} milestones done` : `${count} of ${total} milestones done`;
  }
  return 'no measurement';
}
