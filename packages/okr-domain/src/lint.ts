// OKR lint: coaching findings on how objectives and KRs are written (outcomes, not outputs; 3–5 KRs;
// qualitative objectives; baselines; owners). Findings never block saving; they are shown where people
// write OKRs. Heuristics read titles only; whether a KR is an output is decided in lint-output.ts.
import { outputFinding, outputVerdict } from './lint-output.js';
import { MEASURABLE_STATE_WORDS, TIME_REFERENCE, TITLE_PREFIX } from './lint-vocabulary.js';
import type { KeyResultState, ObjectiveState } from './model.js';
import { liveKeyResults } from './progress.js';

export type LintRule =
  | 'kr-is-output'
  | 'kr-not-measurable'
  | 'kr-no-baseline'
  | 'objective-kr-count'
  | 'cycle-objective-count'
  | 'objective-has-number'
  | 'objective-all-outputs'
  | 'kr-no-owner';

export type LintSeverity = 'error' | 'warning' | 'info';

export interface LintFinding {
  rule: LintRule;
  severity: LintSeverity;
  targetType: 'cycle' | 'objective' | 'key_result';
  targetId: string;
  message: string;
  hint: string;
}

export const MIN_KEY_RESULTS = 3;
export const MAX_KEY_RESULTS = 5;
export const MAX_OBJECTIVES_PER_OWNER = 5;

const normalisedTitle = (title: string): string =>
  title.trim().replace(TITLE_PREFIX, '').replace(/\s+/g, ' ').toLowerCase();

/** Why a KR title reads as work rather than change, or null when it reads as an outcome. */
export const outputReason = (title: string): string | null => outputVerdict(title)?.reason ?? null;

export const isOutputTitle = (title: string): boolean => outputReason(title) !== null;

const hasFigure = (text: string): boolean => /\d/.test(text);

function statesMeasurableState(title: string): boolean {
  const text = normalisedTitle(title);
  return MEASURABLE_STATE_WORDS.some((word) => new RegExp(`\\b${word}\\b`).test(text));
}

/** "from 24 days", "from $1.2M", "from 8.1": the title itself names the starting point. */
const statesBaseline = (title: string): boolean => /\bfrom\s+[^\s\d]{0,3}-?\d/i.test(title);

function keyResultFindings(kr: KeyResultState): LintFinding[] {
  const { title, type, start, owner } = kr.definition;
  const about = { targetType: 'key_result' as const, targetId: kr.id };
  const findings: LintFinding[] = [];

  const output = outputFinding(title);
  if (output !== null) {
    findings.push({ rule: 'kr-is-output', severity: 'warning', ...about, ...output });
  }
  if ((type === 'binary' || type === 'milestone') && !hasFigure(title) && !statesMeasurableState(title)) {
    findings.push({
      rule: 'kr-not-measurable',
      severity: 'warning',
      ...about,
      message: `"${title}" is a ${type} Key Result with no number and no checkable state in its title.`,
      hint: 'Say how anyone can tell it is done: a number, a threshold or a state that can be checked ("live for all customers", "signed by 3 partners").',
    });
  }
  if ((type === 'increase' || type === 'decrease') && start === null && !statesBaseline(title)) {
    findings.push({
      rule: 'kr-no-baseline',
      severity: 'info',
      ...about,
      message: `"${title}" has no baseline: its start was left empty and the title names no "from X".`,
      hint: 'Measure where you are today and set it as the start ("from 41% to 75%"), so progress means something.',
    });
  }
  if (owner === null || owner.trim() === '') {
    findings.push({
      rule: 'kr-no-owner',
      severity: 'info',
      ...about,
      message: `"${title}" has no owner.`,
      hint: 'Name one person who reports on this Key Result.',
    });
  }
  return findings;
}

function keyResultCountFinding(objective: ObjectiveState, count: number): LintFinding | null {
  const about = { targetType: 'objective' as const, targetId: objective.id };
  const title = objective.definition.title;
  if (count === 0) {
    return {
      rule: 'objective-kr-count',
      severity: 'error',
      ...about,
      message: `"${title}" has no Key Results: nothing shows whether it is reached.`,
      hint: `Add ${MIN_KEY_RESULTS}–${MAX_KEY_RESULTS} Key Results that measure the change this objective is after.`,
    };
  }
  if (count < MIN_KEY_RESULTS || count > MAX_KEY_RESULTS) {
    return {
      rule: 'objective-kr-count',
      severity: 'warning',
      ...about,
      message: `"${title}" has ${count} Key Result${count === 1 ? '' : 's'}; ${MIN_KEY_RESULTS}–${MAX_KEY_RESULTS} work best.`,
      hint:
        count < MIN_KEY_RESULTS
          ? 'Fewer than 3 rarely prove an objective: ask whether reaching them all would really mean it is achieved.'
          : 'More than 5 spread the focus: keep the ones that are necessary and together sufficient.',
    };
  }
  return null;
}

/** Findings on one objective and its live KRs. Archived objectives are not coached. */
export function lintObjective(objective: ObjectiveState): LintFinding[] {
  if (objective.archived) return [];
  const { title } = objective.definition;
  const about = { targetType: 'objective' as const, targetId: objective.id };
  const keyResults = liveKeyResults(objective);
  const keyResultLint = keyResults.map(keyResultFindings);
  const findings: LintFinding[] = [];

  const countFinding = keyResultCountFinding(objective, keyResults.length);
  if (countFinding !== null) findings.push(countFinding);

  if (/[\d%]/.test(title.replace(TIME_REFERENCE, ''))) {
    findings.push({
      rule: 'objective-has-number',
      severity: 'info',
      ...about,
      message: `"${title}" contains figures: objectives are qualitative.`,
      hint: 'Keep the objective as the destination in words and move the numbers into its Key Results.',
    });
  }

  const allOutputs =
    keyResultLint.length > 0 &&
    keyResultLint.every((krFindings) => krFindings.some((finding) => finding.rule === 'kr-is-output'));
  if (allOutputs) {
    findings.push({
      rule: 'objective-all-outputs',
      severity: 'warning',
      ...about,
      message: `Every Key Result of "${title}" describes work: no outcome measures this objective.`,
      hint: 'Ask "if all this work is done, what will be different?" and make that the Key Results; keep the work as Initiatives.',
    });
  }
  return [...findings, ...keyResultLint.flat()];
}

/**
 * Cycle-wide findings only (an owner or a team with more than 5 live objectives in a cycle); per-objective
 * findings come from `lintObjective`, so a board can show each where it belongs.
 */
export function lintCycle(objectives: ObjectiveState[]): LintFinding[] {
  const counts = new Map<string, { cycleId: string; who: 'owner' | 'team'; name: string; count: number }>();
  for (const objective of objectives) {
    if (objective.archived) continue;
    const { owner, team } = objective.definition;
    for (const [who, name] of [
      ['owner', owner],
      ['team', team],
    ] as const) {
      if (name === null || name.trim() === '') continue;
      const key = JSON.stringify([objective.cycleId, who, name]);
      const entry = counts.get(key) ?? { cycleId: objective.cycleId, who, name, count: 0 };
      entry.count += 1;
      counts.set(key, entry);
    }
  }
  return [...counts.values()]
    .filter((entry) => entry.count > MAX_OBJECTIVES_PER_OWNER)
    .map((entry) => ({
      rule: 'cycle-objective-count' as const,
      severity: 'warning' as const,
      targetType: 'cycle' as const,
      targetId: entry.cycleId,
      message: `The ${entry.who} "${entry.name}" has ${entry.count} objectives in cycle ${entry.cycleId}; at most ${MAX_OBJECTIVES_PER_OWNER} keep focus.`,
      hint: 'Pick the objectives that matter most this cycle and drop or defer the others.',
    }));
}

/** Everything at once: the cycle-wide findings, then each objective's. */
export const lintAll = (objectives: ObjectiveState[]): LintFinding[] => [
  ...lintCycle(objectives),
  ...objectives.flatMap(lintObjective),
];
