// Owns the one-cell spelling of a milestone KR's milestones: "Design approved; Pilot built; Pilot live ×2"
// (titles in order, separated by ";", an optional ×N / xN weight). Pull writes it with done ones marked
// "✓", which is display only: completion is a check-in from the sidebar, so push ignores the mark. Push
// keeps the ids of milestones whose titles are unchanged, because check-ins name milestones by id.
import type { Milestone } from '@okr-ledger/okr-domain';
import type { Parsed } from './cells.js';
import { MILESTONES_MAX, TITLE_MAX, WEIGHT_MAX } from './limits.js';

/** A milestone as the cell states it: no id yet, no completion. */
export interface MilestoneSpec {
  title: string;
  weight: number;
}

const SEPARATOR = /[;\n]/;
const DONE_MARK = /^[✓✔○]\s*/;
/** "×2", "× 1.5" (the × sign may carry anything, to be refused clearly) or "x2"/"X2" (digits only). */
const TIMES_SUFFIX = /(?:^|\s+)×\s*(\S+)$/;
const X_SUFFIX = /(?:^|\s+)[xX]([+-]?(?:\d+\.?\d*|\.\d+))$/;
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)$/;

function formatWeight(weight: number): string {
  return weight === 1 ? '' : ` ×${weight}`;
}

/** The cell a pull writes: done milestones marked "✓". */
export function formatMilestones(
  milestones: readonly { title: string; weight: number; done: boolean }[],
): string {
  return milestones
    .map((milestone) => `${milestone.done ? '✓ ' : ''}${milestone.title}${formatWeight(milestone.weight)}`)
    .join('; ');
}

function parseOne(segment: string, position: number): Parsed<MilestoneSpec> {
  const text = segment.trim().replace(DONE_MARK, '');
  const suffix = TIMES_SUFFIX.exec(text) ?? X_SUFFIX.exec(text);
  const title = (suffix === null ? text : text.slice(0, suffix.index)).trim();
  if (title === '') return { ok: false, message: `Milestones: milestone ${position} has no title` };
  if (title.length > TITLE_MAX) {
    return {
      ok: false,
      message: `Milestones: milestone ${position} must be at most ${TITLE_MAX} characters (it has ${title.length})`,
    };
  }
  if (suffix === null) return { ok: true, value: { title, weight: 1 } };
  const weightText = suffix[1] ?? '';
  const weight = NUMBER.test(weightText) ? Number(weightText) : Number.NaN;
  if (!(weight > 0) || weight > WEIGHT_MAX) {
    return {
      ok: false,
      message: `Milestones: the weight of "${title}" must be a number greater than 0 and at most ${WEIGHT_MAX}, got "${weightText}"`,
    };
  }
  return { ok: true, value: { title, weight } };
}

/** The milestones a cell states, in order; blank segments (a trailing ";") are skipped. */
export function parseMilestones(cell: string): Parsed<MilestoneSpec[]> {
  const segments = cell.split(SEPARATOR).filter((segment) => segment.trim() !== '');
  if (segments.length > MILESTONES_MAX) {
    return {
      ok: false,
      message: `Milestones: at most ${MILESTONES_MAX} milestones, got ${segments.length}`,
    };
  }
  const specs: MilestoneSpec[] = [];
  for (const [index, segment] of segments.entries()) {
    const parsed = parseOne(segment, index + 1);
    if (!parsed.ok) return parsed;
    specs.push(parsed.value);
  }
  return { ok: true, value: specs };
}

/** Whether the cell states exactly the milestones the KR has (titles and weights, in order). */
export function sameMilestones(specs: readonly MilestoneSpec[], current: readonly MilestoneSpec[]): boolean {
  return (
    specs.length === current.length &&
    specs.every(
      (spec, index) => spec.title === current[index]?.title && spec.weight === current[index]?.weight,
    )
  );
}

/**
 * Milestones with ids: a title that is still there keeps its id (titles matched in order, each old
 * milestone used once), so its completion survives the edit; every other title gets `mintId(position)`.
 */
export function withMilestoneIds(
  specs: readonly MilestoneSpec[],
  current: readonly Milestone[],
  mintId: (position: number, title: string) => string,
): Milestone[] {
  const unused = [...current];
  return specs.map((spec, index) => {
    const match = unused.findIndex((milestone) => milestone.title === spec.title);
    const kept = match === -1 ? undefined : unused.splice(match, 1)[0];
    return { id: kept?.id ?? mintId(index, spec.title), title: spec.title, weight: spec.weight };
  });
}
