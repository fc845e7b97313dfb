// Whether a KR definition makes sense for its type: which numbers each type needs, which it must not carry,
// and whether the numbers agree with the direction. The zod schema checks shapes and limits; this checks
// meaning, and runs on the merged definition of an edit so a change of type is judged as a whole.
import type { DomainError } from './errors.js';
import type { KeyResultDefinition, KeyResultField, KeyResultType } from './model.js';

type NumericField = 'start' | 'target' | 'threshold';

/** The optional fields each type uses; the others must stay null / empty. */
const FIELDS_OF_TYPE: Record<KeyResultType, ReadonlySet<NumericField | 'milestones'>> = {
  increase: new Set(['start', 'target']),
  decrease: new Set(['start', 'target']),
  stay_above: new Set(['threshold']),
  stay_below: new Set(['threshold']),
  milestone: new Set(['milestones']),
  binary: new Set(),
};

const invalid = (field: KeyResultField | (string | number)[], message: string): DomainError => ({
  code: 'invalid_definition',
  message,
  path: Array.isArray(field) ? field : [field],
});

/** Returns the first problem, with a path relative to the definition (e.g. ['target']), or null. */
export function validateKeyResultDefinition(def: KeyResultDefinition): DomainError | null {
  const used = FIELDS_OF_TYPE[def.type];
  for (const field of ['start', 'target', 'threshold'] as const) {
    const value = def[field];
    if (value === null) continue;
    if (!used.has(field)) return invalid(field, `${field} does not apply to a ${def.type} key result`);
    if (!Number.isFinite(value)) return invalid(field, `${field} must be a finite number`);
  }
  if (def.milestones.length > 0 && !used.has('milestones')) {
    return invalid('milestones', `milestones do not apply to a ${def.type} key result`);
  }
  if (!Number.isFinite(def.weight) || def.weight < 0) {
    return invalid('weight', 'weight must be a number ≥ 0');
  }
  // A cell gives a number: milestones and done-or-not are checked in by a person.
  if ((def.valueSource ?? null) !== null && (def.type === 'milestone' || def.type === 'binary')) {
    return invalid(
      'valueSource',
      `a ${def.type} key result cannot be linked to a cell: only increase, decrease, stay above and stay below key results take a value`,
    );
  }

  switch (def.type) {
    case 'increase':
    case 'decrease':
      return validateDirection(def.type, def.start, def.target);
    case 'stay_above':
    case 'stay_below':
      return def.threshold === null
        ? invalid('threshold', `a ${def.type} key result needs a threshold`)
        : null;
    case 'milestone':
      return validateMilestones(def);
    case 'binary':
      return null;
    default: {
      const unknownType: never = def.type;
      return invalid('type', `unknown key result type ${String(unknownType)}`);
    }
  }
}

function validateDirection(
  type: 'increase' | 'decrease',
  start: number | null,
  target: number | null,
): DomainError | null {
  if (target === null) return invalid('target', `a ${type} key result needs a target`);
  // A start left empty counts as 0; the lint reminds people to state the baseline.
  const from = start ?? 0;
  if (target === from) {
    return { code: 'start_equals_target', message: 'start and target must differ', path: ['target'] };
  }
  if (type === 'increase' && target < from) {
    return {
      code: 'direction_contradicts_numbers',
      message: 'the numbers go down, so the type is decrease',
      path: ['type'],
    };
  }
  if (type === 'decrease' && target > from) {
    return {
      code: 'direction_contradicts_numbers',
      message: 'the numbers go up, so the type is increase',
      path: ['type'],
    };
  }
  return null;
}

function validateMilestones(def: KeyResultDefinition): DomainError | null {
  if (def.milestones.length === 0) {
    return invalid('milestones', 'a milestone key result needs at least one milestone');
  }
  const seen = new Set<string>();
  let totalWeight = 0;
  for (const [index, milestone] of def.milestones.entries()) {
    if (seen.has(milestone.id)) {
      return invalid(['milestones', index, 'id'], `milestone id ${milestone.id} is used twice`);
    }
    seen.add(milestone.id);
    if (!Number.isFinite(milestone.weight) || milestone.weight < 0) {
      return invalid(['milestones', index, 'weight'], 'a milestone weight must be a number ≥ 0');
    }
    totalWeight += milestone.weight;
  }
  if (totalWeight <= 0) {
    return invalid('milestones', 'the milestones must weigh more than 0 in total');
  }
  return null;
}
