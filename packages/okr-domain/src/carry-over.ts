// Carry-over (docs/alignment.md): what a KR becomes in the next cycle — the same definition, starting
// from its last value — and which KRs are unfinished (the ones the sheet pre-selects).
import type { Initiative, KeyResultDefinition, KeyResultState } from './model.js';
import { currentMeasurement, keyResultProgress } from './progress.js';

/** A KR is unfinished while its progress score is below 1. */
export const isUnfinished = (kr: KeyResultState, initiatives: Initiative[]): boolean =>
  keyResultProgress(kr, initiatives).score < 1;

/** The old KR's last value: its latest effective measured check-in, else its start (numeric types). */
export const lastValueOf = (kr: KeyResultState): number | null => currentMeasurement(kr).value;

/**
 * The definition the carried KR starts with: a moving KR (increase/decrease) starts at the old KR's last
 * value; every other type is copied as it is.
 */
export function carriedDefinition(kr: KeyResultState): KeyResultDefinition {
  const { definition } = kr;
  if (definition.type !== 'increase' && definition.type !== 'decrease') return { ...definition };
  return { ...definition, start: lastValueOf(kr) ?? definition.start };
}
