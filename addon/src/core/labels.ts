// Owns the words the sheet shows for the domain's enums ("in progress" for in_progress) and the reverse
// maps that read them back, so dropdowns, parsing and reports agree on one spelling.
import type {
  Confidence,
  InitiativeStatus,
  KeyResultType,
  ObjectiveKind,
  ProgressMode,
  ProgressSource,
} from '@okr-ledger/okr-domain';
import {
  CONFIDENCES as VOCABULARY_CONFIDENCES,
  INITIATIVE_STATUSES as VOCABULARY_INITIATIVE_STATUSES,
  KEY_RESULT_TYPES as VOCABULARY_KEY_RESULT_TYPES,
  OBJECTIVE_KINDS as VOCABULARY_OBJECTIVE_KINDS,
  PROGRESS_MODES as VOCABULARY_PROGRESS_MODES,
  PROGRESS_SOURCES as VOCABULARY_PROGRESS_SOURCES,
} from '@okr-ledger/okr-domain/vocabulary';
import { normalizeWord } from './cells.js';

export type RowKind = 'objective' | 'key_result' | 'initiative';

/** What the "Type / status" column can ask for besides a type: archiving and removing are explicit. */
export const ARCHIVE_WORD = 'archived';
export const REMOVE_WORD = 'removed';

export function label(value: string): string {
  return value.replace(/_/g, ' ');
}

function choices<T extends string>(values: readonly T[], aliases: Record<string, T> = {}): Map<string, T> {
  const map = new Map<string, T>();
  for (const value of values) map.set(normalizeWord(value), value);
  for (const [alias, value] of Object.entries(aliases)) map.set(normalizeWord(alias), value);
  return map;
}

export const ROW_KIND_LABELS: Record<RowKind, string> = {
  objective: 'Objective',
  key_result: 'Key result',
  initiative: 'Initiative',
};
export const ROW_KINDS: readonly RowKind[] = ['objective', 'key_result', 'initiative'];
export const ROW_KIND_CHOICES = choices(ROW_KINDS, { kr: 'key_result', obj: 'objective', o: 'objective' });

export const OBJECTIVE_KINDS: readonly ObjectiveKind[] = VOCABULARY_OBJECTIVE_KINDS;
export const OBJECTIVE_KIND_CHOICES = choices<ObjectiveKind | typeof ARCHIVE_WORD>([
  ...OBJECTIVE_KINDS,
  ARCHIVE_WORD,
]);

export const KEY_RESULT_TYPES: readonly KeyResultType[] = VOCABULARY_KEY_RESULT_TYPES;
export const KEY_RESULT_TYPE_CHOICES = choices<KeyResultType | typeof REMOVE_WORD>([
  ...KEY_RESULT_TYPES,
  REMOVE_WORD,
]);

export const INITIATIVE_STATUSES: readonly InitiativeStatus[] = VOCABULARY_INITIATIVE_STATUSES;
export const INITIATIVE_STATUS_CHOICES = choices(INITIATIVE_STATUSES);

export const CONFIDENCES: readonly Confidence[] = VOCABULARY_CONFIDENCES;
export const CONFIDENCE_CHOICES = choices(CONFIDENCES);

/** "Progress from" on an objective row: its KRs, its initiatives, or a blend of both. */
export const PROGRESS_MODES: readonly ProgressMode[] = VOCABULARY_PROGRESS_MODES;
export const PROGRESS_MODE_CHOICES = choices(PROGRESS_MODES, { krs: 'key_results', blend: 'blended' });
/** "Progress from" on a KR row: its check-ins or its initiatives. */
export const PROGRESS_SOURCES: readonly ProgressSource[] = VOCABULARY_PROGRESS_SOURCES;
export const PROGRESS_SOURCE_CHOICES = choices(PROGRESS_SOURCES, { checkins: 'check_ins' });

/** The dropdown of the "Type / status" column for each row kind. */
export function typeColumnWords(kind: RowKind): string[] {
  switch (kind) {
    case 'objective':
      return [...OBJECTIVE_KINDS, ARCHIVE_WORD].map(label);
    case 'key_result':
      return [...KEY_RESULT_TYPES, REMOVE_WORD].map(label);
    case 'initiative':
      return INITIATIVE_STATUSES.map(label);
    default: {
      const unknownKind: never = kind;
      throw new Error(`unknown row kind ${String(unknownKind)}`);
    }
  }
}

const NUMERIC_TYPES: ReadonlySet<KeyResultType> = new Set([
  'increase',
  'decrease',
  'stay_above',
  'stay_below',
]);

/** Types measured by a number (the others by a done flag or by milestones). */
export function isNumericType(type: KeyResultType): boolean {
  return NUMERIC_TYPES.has(type);
}

export function rowKindOfId(id: string): RowKind | null {
  if (id.startsWith('obj_')) return 'objective';
  if (id.startsWith('kr_')) return 'key_result';
  if (id.startsWith('ini_')) return 'initiative';
  return null;
}
