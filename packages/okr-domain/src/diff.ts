// Field-level comparison of two states of one objective (typically the same stream folded as of two
// instants): which objective fields, KRs, check-ins, initiatives and grade overrides differ. Also owns the
// structural equality that decide uses to tell a real change from a no-op edit.
import type { FieldChange } from './events.js';
import type {
  CheckIn,
  GradeOverride,
  Initiative,
  KeyResultDefinition,
  KeyResultField,
  KeyResultState,
  ObjectiveDefinition,
  ObjectiveField,
  ObjectiveState,
} from './model.js';

export type InitiativeField = 'title' | 'owner' | 'status' | 'percentComplete' | 'keyResultId';

export interface KeyResultSummary {
  keyResultId: string;
  title: string;
}

export interface ObjectiveDiff {
  /** Null only when both sides are null. */
  objectiveId: string | null;
  versionBefore: number;
  versionAfter: number;
  /** The objective did not exist at `before` but does at `after`. */
  created: boolean;
  /** Definition fields, plus `archived` when the objective was archived in between. */
  objective: FieldChange<ObjectiveField | 'archived'>[];
  keyResults: {
    added: KeyResultState[];
    removed: KeyResultSummary[];
    changed: (KeyResultSummary & { changes: FieldChange<KeyResultField>[] })[];
  };
  /** Check-ins stored at `after` but not at `before`, corrections included (they carry `corrects`). */
  checkInsAdded: CheckIn[];
  initiatives: {
    added: Initiative[];
    changed: { initiativeId: string; title: string; changes: FieldChange<InitiativeField>[] }[];
  };
  overrides: { targetId: string; before: GradeOverride | null; after: GradeOverride }[];
}

/** Structural equality for the plain data definitions hold (numbers, strings, null, arrays, objects). */
export function valuesEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, index) => valuesEqual(item, b[index]));
  }
  const aRecord = a as Record<string, unknown>;
  const bRecord = b as Record<string, unknown>;
  const aKeys = Object.keys(aRecord).filter((key) => aRecord[key] !== undefined);
  const bKeys = Object.keys(bRecord).filter((key) => bRecord[key] !== undefined);
  return aKeys.length === bKeys.length && aKeys.every((key) => valuesEqual(aRecord[key], bRecord[key]));
}

/**
 * The changes that `proposed` would make to `current`: one FieldChange per field that really differs.
 * Fields absent from `proposed` (or undefined) are left alone.
 */
export function fieldChanges<T extends object, F extends keyof T & string>(
  current: T,
  proposed: Partial<Pick<T, F>>,
  fields: readonly F[],
): FieldChange<F>[] {
  const changes: FieldChange<F>[] = [];
  for (const field of fields) {
    if (!(field in proposed)) continue;
    const after = proposed[field];
    if (after === undefined) continue;
    const before = current[field];
    if (!valuesEqual(before, after)) changes.push({ field, before, after });
  }
  return changes;
}

export const OBJECTIVE_FIELDS: readonly ObjectiveField[] = [
  'title',
  'description',
  'owner',
  'team',
  'kind',
  'parentObjectiveId',
  'weight',
  'progressMode',
  'blendShare',
];

export const KEY_RESULT_FIELDS: readonly KeyResultField[] = [
  'title',
  'owner',
  'weight',
  'type',
  'start',
  'target',
  'threshold',
  'unit',
  'milestones',
  'progressSource',
  'valueSource',
];

export const INITIATIVE_FIELDS: readonly InitiativeField[] = [
  'title',
  'owner',
  'status',
  'percentComplete',
  'keyResultId',
];

export function diffObjective(before: ObjectiveState | null, after: ObjectiveState | null): ObjectiveDiff {
  return {
    objectiveId: after?.id ?? before?.id ?? null,
    versionBefore: before?.version ?? 0,
    versionAfter: after?.version ?? 0,
    created: before === null && after !== null,
    objective: diffObjectiveFields(before, after),
    keyResults: diffKeyResults(before?.keyResults ?? [], after?.keyResults ?? []),
    checkInsAdded: diffCheckIns(before?.keyResults ?? [], after?.keyResults ?? []),
    initiatives: diffInitiatives(before?.initiatives ?? [], after?.initiatives ?? []),
    overrides: diffOverrides(before?.overrides ?? {}, after?.overrides ?? {}),
  };
}

/** True when the two states differ in nothing the diff reports. */
export function isEmptyDiff(diff: ObjectiveDiff): boolean {
  return (
    !diff.created &&
    diff.objective.length === 0 &&
    diff.keyResults.added.length === 0 &&
    diff.keyResults.removed.length === 0 &&
    diff.keyResults.changed.length === 0 &&
    diff.checkInsAdded.length === 0 &&
    diff.initiatives.added.length === 0 &&
    diff.initiatives.changed.length === 0 &&
    diff.overrides.length === 0
  );
}

function diffObjectiveFields(
  before: ObjectiveState | null,
  after: ObjectiveState | null,
): FieldChange<ObjectiveField | 'archived'>[] {
  // A side that does not exist compares as all-null, so a creation lists every field it set.
  const emptyDefinition = Object.fromEntries(OBJECTIVE_FIELDS.map((field) => [field, null]));
  const beforeFields = { ...(before?.definition ?? emptyDefinition), archived: before?.archived ?? false };
  const afterFields = { ...(after?.definition ?? emptyDefinition), archived: after?.archived ?? false };
  return fieldChanges<ObjectiveDefinition & { archived: boolean }, ObjectiveField | 'archived'>(
    beforeFields as ObjectiveDefinition & { archived: boolean },
    afterFields as ObjectiveDefinition & { archived: boolean },
    [...OBJECTIVE_FIELDS, 'archived'],
  );
}

function diffKeyResults(before: KeyResultState[], after: KeyResultState[]): ObjectiveDiff['keyResults'] {
  const liveBefore = new Map(before.filter((kr) => !kr.removed).map((kr) => [kr.id, kr]));
  const liveAfter = new Map(after.filter((kr) => !kr.removed).map((kr) => [kr.id, kr]));
  const added = [...liveAfter.values()].filter((kr) => !liveBefore.has(kr.id));
  const removed = [...liveBefore.values()]
    .filter((kr) => !liveAfter.has(kr.id))
    .map((kr) => ({ keyResultId: kr.id, title: kr.definition.title }));
  const changed: ObjectiveDiff['keyResults']['changed'] = [];
  for (const [id, was] of liveBefore) {
    const now = liveAfter.get(id);
    if (now === undefined) continue;
    const changes = fieldChanges<KeyResultDefinition, KeyResultField>(
      was.definition,
      now.definition,
      KEY_RESULT_FIELDS,
    );
    if (changes.length > 0) changed.push({ keyResultId: id, title: now.definition.title, changes });
  }
  return { added, removed, changed };
}

function diffCheckIns(before: KeyResultState[], after: KeyResultState[]): CheckIn[] {
  const known = new Set(before.flatMap((kr) => kr.checkIns.map((checkIn) => checkIn.id)));
  return after.flatMap((kr) => kr.checkIns.filter((checkIn) => !known.has(checkIn.id)));
}

function diffInitiatives(before: Initiative[], after: Initiative[]): ObjectiveDiff['initiatives'] {
  const byId = new Map(before.map((initiative) => [initiative.id, initiative]));
  const added: Initiative[] = [];
  const changed: ObjectiveDiff['initiatives']['changed'] = [];
  for (const now of after) {
    const was = byId.get(now.id);
    if (was === undefined) {
      added.push(now);
      continue;
    }
    const changes = fieldChanges<Initiative, InitiativeField>(was, now, INITIATIVE_FIELDS);
    if (changes.length > 0) changed.push({ initiativeId: now.id, title: now.title, changes });
  }
  return { added, changed };
}

function diffOverrides(
  before: Record<string, GradeOverride>,
  after: Record<string, GradeOverride>,
): ObjectiveDiff['overrides'] {
  return Object.entries(after)
    .filter(([targetId, override]) => !valuesEqual(before[targetId], override))
    .map(([targetId, override]) => ({ targetId, before: before[targetId] ?? null, after: override }));
}
