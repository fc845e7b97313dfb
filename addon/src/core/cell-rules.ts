// Owns the rules on an editing sheet's cells: which dropdown or number check each column of a row offers,
// by row kind (objective, KR, initiative) and KR type, and who the Owner dropdown lists (the Team and
// Parent objective lists come from alignment-cells.ts).
import type { Board } from '@okr-ledger/api-contract';
import { type AlignmentChoices, NO_ALIGNMENT_CHOICES, NO_PARENT_WORD } from './alignment-cells.js';
import { COLUMN_COUNT, type ColumnKey, columnIndex } from './columns.js';
import {
  ARCHIVE_WORD,
  CONFIDENCES,
  INITIATIVE_STATUSES,
  KEY_RESULT_TYPES,
  label,
  OBJECTIVE_KINDS,
  REMOVE_WORD,
  ROW_KIND_LABELS,
  ROW_KINDS,
  type RowKind,
  typeColumnWords,
} from './labels.js';
import type { BoardEntry } from './model.js';
import { BLEND_SHARE_RULE, KEY_RESULT_MODE_RULE, OBJECTIVE_MODE_RULE } from './progress-modes.js';
import type { ValidationPlan } from './sheet-plan.js';

/** Who may own a row: the organization's members the pull saw, and everyone who owns something now. */
export function ownerChoices(board: Board, members: readonly string[]): string[] {
  const owners = board.objectives.flatMap((objective) => [
    objective.owner,
    ...objective.keyResults.map((kr) => kr.owner),
    ...objective.initiatives.map((initiative) => initiative.owner),
  ]);
  const all = [...members, ...owners].filter((owner): owner is string => owner !== null && owner !== '');
  return [...new Set(all)].sort((a, b) => a.localeCompare(b));
}

export function validationsFor(
  kind: RowKind | null,
  entry: BoardEntry | null,
  owners: readonly string[] = [],
  alignment: AlignmentChoices = NO_ALIGNMENT_CHOICES,
): (ValidationPlan | null)[] {
  const rules: (ValidationPlan | null)[] = Array.from({ length: COLUMN_COUNT }, () => null);
  const set = (key: ColumnKey, rule: ValidationPlan) => {
    rules[columnIndex(key)] = rule;
  };
  // Not strict: someone who is not listed (yet) may still own a row; the server checks.
  if (owners.length > 0) set('owner', { type: 'list', values: [...owners], strict: false });
  const numberRule: ValidationPlan = { type: 'number', strict: false, helpText: 'Enter a number' };
  set('kind', { type: 'list', values: ROW_KINDS.map((k) => ROW_KIND_LABELS[k]), strict: true });
  // Not strict either: a team name typed before teams existed still reads as that team on the server.
  if (kind === null || kind === 'objective') {
    if (alignment.teams.length > 0)
      set('team', { type: 'list', values: alignment.teams.map((team) => team.label), strict: false });
    if (alignment.parents.length > 0)
      set('parentObjective', {
        type: 'list',
        values: [NO_PARENT_WORD, ...alignment.parents.map((parent) => parent.label)],
        strict: false,
      });
  }
  if (kind === null) {
    const anyWord = [
      ...OBJECTIVE_KINDS,
      ARCHIVE_WORD,
      ...KEY_RESULT_TYPES,
      REMOVE_WORD,
      ...INITIATIVE_STATUSES,
    ].map(label);
    set('type', { type: 'list', values: anyWord, strict: false });
    return rules;
  }
  set('type', { type: 'list', values: typeColumnWords(kind), strict: false });
  if (kind === 'objective') {
    set('weight', numberRule);
    set('progressFrom', OBJECTIVE_MODE_RULE);
    set('blendShare', BLEND_SHARE_RULE);
  } else if (kind === 'key_result') {
    for (const key of ['start', 'target', 'threshold', 'weight'] as const) set(key, numberRule);
    set('progressFrom', KEY_RESULT_MODE_RULE);
    set('confidence', { type: 'list', values: CONFIDENCES.map(label), strict: false });
    set('effectiveDate', { type: 'date', helpText: 'The day the value is true for; blank = now' });
    const type = entry?.kind === 'key_result' ? entry.keyResult.type : null;
    if (type === 'binary') set('current', { type: 'checkbox' });
    else if (type !== 'milestone') set('current', numberRule);
  } else {
    set('current', { type: 'number', min: 0, max: 100, strict: false, helpText: 'Percent complete, 0–100' });
    const titles =
      entry === null ? [] : entry.objective.keyResults.filter((kr) => !kr.removed).map((kr) => kr.title);
    if (titles.length > 0) set('servesKr', { type: 'list', values: titles, strict: false });
  }
  return rules;
}
