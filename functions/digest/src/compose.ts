// Composing one organization's weekly digest, pure: from the attention lists, boards, objective states and
// mid-cycle changes of its active cycles, the email each member gets (their KRs needing a check-in, and a
// week's summary of the objectives they own) and the team summary for the webhook. Who gets nothing, and
// why, is part of the answer. See docs/digests.md.
import type {
  AttentionItem,
  AttentionResponse,
  AuditEntry,
  Board,
  KeyResultView,
  ObjectiveView,
} from '@okr-ledger/api-contract';
import {
  currentMeasurement,
  type DigestSettings,
  hasOptedOut,
  type KeyResultState,
  type Measurement,
  type ObjectiveState,
  type OrganizationState,
} from '@okr-ledger/okr-domain';

/** What one active cycle contributes to the digest. */
export interface CycleDigestInput {
  board: Board;
  attention: AttentionResponse;
  /** Current states, whose check-ins say what moved over the week. */
  objectives: ObjectiveState[];
  /** The cycle's audit entries recorded in the week (any kind; only mid-cycle changes are reported). */
  changes: AuditEntry[];
}

export interface DigestInput {
  organization: OrganizationState;
  settings: DigestSettings;
  week: string;
  now: string;
  /** The start of the week summarised: what moved is measured from here to `now`. */
  since: string;
  cycles: CycleDigestInput[];
  /** The link to the team's sheet; null when the organization named no spreadsheet. */
  sheetUrl: string | null;
}

export interface DigestEmail {
  to: string;
  subject: string;
  text: string;
}

export type SkipReason = 'not_a_member' | 'opted_out' | 'email_off';

export interface ComposedDigest {
  emails: DigestEmail[];
  /** The team summary for the webhook; null when the organization has none. */
  teamSummary: string | null;
  /** Owners who get no email, and why. */
  skipped: { recipient: string; reason: SkipReason }[];
}

const MID_CYCLE_KINDS: ReadonlySet<AuditEntry['kind']> = new Set([
  'definition_change',
  'key_result_added',
  'key_result_removed',
  'objective_archived',
]);

interface Moved {
  title: string;
  before: string;
  after: string;
}

interface ObjectiveSummary {
  cycleId: string;
  objective: ObjectiveView;
  moved: Moved[];
  atRisk: { title: string; why: string[] }[];
  changes: AuditEntry[];
}

const percent = (share: number) => `${Math.round(share * 100)} %`;

function measured(kr: KeyResultState, measurement: Measurement): string {
  const { type, unit, milestones } = kr.definition;
  if (measurement.lastCheckIn === null) return '—';
  if (type === 'binary') return measurement.done ? 'done' : 'not done';
  if (type === 'milestone') return `${measurement.milestonesDone.length}/${milestones.length} milestones`;
  if (measurement.value === null) return '—';
  return unit === '' ? String(measurement.value) : `${measurement.value} ${unit}`;
}

function movedOver(state: ObjectiveState, since: string, now: string): Moved[] {
  return state.keyResults
    .filter((kr) => !kr.removed)
    .flatMap((kr) => {
      const before = measured(kr, currentMeasurement(kr, { effectiveAtOrBefore: since }));
      const after = measured(kr, currentMeasurement(kr, { effectiveAtOrBefore: now }));
      return before === after ? [] : [{ title: kr.definition.title, before, after }];
    });
}

const REASON_WORDS: Record<AttentionItem['reasons'][number], string> = {
  due: 'due',
  behind_pace: 'behind pace',
  off_track: 'off track',
};

function riskOf(kr: KeyResultView, item: AttentionItem | undefined): string[] {
  const why = (item?.reasons ?? [])
    .filter((reason) => reason !== 'due')
    .map((reason) => REASON_WORDS[reason]);
  if (kr.confidenceSource === 'set' && kr.confidence === 'at_risk') why.push('at risk');
  return why;
}

function summaries(input: DigestInput): ObjectiveSummary[] {
  return input.cycles.flatMap(({ board, attention, objectives, changes }) => {
    const states = new Map(objectives.map((state) => [state.id, state]));
    const items = new Map(attention.keyResults.map((item) => [item.keyResultId, item]));
    return board.objectives
      .filter((objective) => !objective.archived)
      .map((objective) => {
        const state = states.get(objective.id);
        return {
          cycleId: board.cycle.id,
          objective,
          moved: state === undefined ? [] : movedOver(state, input.since, input.now),
          atRisk: objective.keyResults
            .filter((kr) => !kr.removed)
            .map((kr) => ({ title: kr.title, why: riskOf(kr, items.get(kr.id)) }))
            .filter((risk) => risk.why.length > 0),
          changes: changes.filter(
            (entry) => entry.objectiveId === objective.id && MID_CYCLE_KINDS.has(entry.kind),
          ),
        };
      });
  });
}

const show = (value: unknown): string =>
  value === null || value === undefined
    ? '—'
    : typeof value === 'object'
      ? JSON.stringify(value)
      : String(value);

function changeLine(entry: AuditEntry): string {
  const what = entry.keyResultTitle ?? entry.objectiveTitle ?? '';
  const field =
    entry.field === null
      ? entry.kind.replaceAll('_', ' ')
      : `${entry.field} ${show(entry.before)} → ${show(entry.after)}`;
  const reason = entry.reason === null ? '' : ` — "${entry.reason}"`;
  return `${what}: ${field}${reason} (${entry.at.slice(0, 10)})`;
}

function objectiveBlock(summary: ObjectiveSummary, indent: string): string[] {
  const { objective } = summary;
  const lines = [`${objective.title} (${summary.cycleId}) — ${percent(objective.score)}`];
  const quiet = summary.moved.length + summary.atRisk.length + summary.changes.length === 0;
  if (quiet) lines.push(`${indent}Nothing moved, nothing at risk, no changes this week.`);
  for (const moved of summary.moved)
    lines.push(`${indent}Moved: ${moved.title}: ${moved.before} → ${moved.after}`);
  for (const risk of summary.atRisk) lines.push(`${indent}At risk: ${risk.title} (${risk.why.join(', ')})`);
  for (const entry of summary.changes) lines.push(`${indent}Changed: ${changeLine(entry)}`);
  return lines;
}

function checkInLine(item: AttentionItem): string {
  const reasons = item.reasons.map((reason) => REASON_WORDS[reason]).join(', ');
  const last =
    item.lastCheckInAt === null ? 'no check-in yet' : `last check-in ${item.daysSinceCheckIn} days ago`;
  const value = item.current === null ? '' : `, at ${item.current}${item.unit === '' ? '' : ` ${item.unit}`}`;
  return `- ${item.title} (${item.objectiveTitle}): ${reasons}; ${last}${value}, score ${percent(item.score)}`;
}

const ownerOf = (owner: string | null) => (owner === null ? null : owner.trim().toLowerCase());

function emailFor(
  input: DigestInput,
  checkIns: AttentionItem[],
  failingLinks: { title: string; message: string }[],
  owned: ObjectiveSummary[],
): Omit<DigestEmail, 'to'> {
  const name = input.organization.name;
  const lines: string[] = [`Your OKR digest for ${name}, week ${input.week}.`, ''];
  if (checkIns.length > 0 || failingLinks.length > 0) {
    lines.push('Needs your check-in', ...checkIns.map(checkInLine));
    if (failingLinks.length > 0) {
      lines.push('', 'Linked values that could not be read');
      for (const link of failingLinks) lines.push(`- ${link.title}: ${link.message}`);
    }
    lines.push('');
  }
  if (owned.length > 0) {
    lines.push('Your objectives this week');
    for (const summary of owned) lines.push(...objectiveBlock(summary, '  '), '');
  }
  lines.push(
    input.sheetUrl === null
      ? 'Check in from the OKR sheet: Extensions → OKR Ledger → Check in…'
      : `Open the sheet and check in: ${input.sheetUrl}`,
    '',
    `You get this as a member of ${name}. To stop it, unsubscribe in the OKR Ledger settings ` +
      `(PUT /v1/orgs/${input.organization.id}/settings/digest-subscription {"subscribed": false}).`,
  );
  const due = checkIns.filter((item) => item.due).length;
  const behind = checkIns.filter((item) => item.behindPace).length;
  const counts = [
    ...(due > 0 ? [`${due} due`] : []),
    ...(behind > 0 ? [`${behind} behind pace`] : []),
    ...(failingLinks.length > 0
      ? [`${failingLinks.length} link${failingLinks.length > 1 ? 's' : ''} failing`]
      : []),
  ];
  const subject = `OKR digest ${input.week} · ${name}${counts.length > 0 ? `: ${counts.join(', ')}` : ''}`;
  return { subject, text: `${lines.join('\n')}\n` };
}

function teamSummaryOf(input: DigestInput, all: ObjectiveSummary[]): string {
  const items = input.cycles.flatMap((cycle) => cycle.attention.keyResults);
  const due = items.filter((item) => item.due).length;
  const behind = items.filter((item) => item.behindPace).length;
  const cycles = input.cycles
    .map(({ attention }) => `${attention.cycleId}, ${percent(attention.expectedProgress)} elapsed`)
    .join('; ');
  const lines = [
    `OKR digest ${input.week} · ${input.organization.name} (${cycles})`,
    `${due} key result${due === 1 ? '' : 's'} due for a check-in, ${behind} behind pace.`,
    '',
  ];
  for (const summary of all)
    lines.push(...objectiveBlock(summary, '    ').map((line, i) => (i === 0 ? `• ${line}` : line)));
  if (input.sheetUrl !== null) lines.push('', input.sheetUrl);
  return lines.join('\n');
}

export function composeDigest(input: DigestInput): ComposedDigest {
  const all = summaries(input);
  const checkIns = new Map<string, AttentionItem[]>();
  const failing = new Map<string, { title: string; message: string }[]>();
  const owners = new Set<string>();
  for (const { board, attention } of input.cycles) {
    for (const item of attention.keyResults) {
      const owner = ownerOf(item.owner);
      if (owner === null) continue;
      owners.add(owner);
      checkIns.set(owner, [...(checkIns.get(owner) ?? []), item]);
    }
    // Failing links come from the attention list, whose builder owns them: each goes to the KR's owner.
    const krs = new Map(
      board.objectives.flatMap((objective) =>
        objective.keyResults.map(
          (kr) => [kr.id, { kr, owner: ownerOf(kr.owner ?? objective.owner) }] as const,
        ),
      ),
    );
    for (const link of attention.failingLinks) {
      const found = krs.get(link.keyResultId);
      if (found?.owner == null) continue;
      owners.add(found.owner);
      failing.set(found.owner, [
        ...(failing.get(found.owner) ?? []),
        { title: found.kr.title, message: link.message },
      ]);
    }
  }
  const ownedBy = new Map<string, ObjectiveSummary[]>();
  for (const summary of all) {
    const owner = ownerOf(summary.objective.owner);
    if (owner === null) continue;
    owners.add(owner);
    ownedBy.set(owner, [...(ownedBy.get(owner) ?? []), summary]);
  }

  const emails: DigestEmail[] = [];
  const skipped: ComposedDigest['skipped'] = [];
  for (const owner of [...owners].sort()) {
    // Only members get email: an address typed into a sheet is not consent to be written to.
    if (input.organization.members[owner] === undefined)
      skipped.push({ recipient: owner, reason: 'not_a_member' });
    else if (!input.settings.email) skipped.push({ recipient: owner, reason: 'email_off' });
    else if (hasOptedOut(input.organization, owner)) skipped.push({ recipient: owner, reason: 'opted_out' });
    else {
      const email = emailFor(
        input,
        checkIns.get(owner) ?? [],
        failing.get(owner) ?? [],
        ownedBy.get(owner) ?? [],
      );
      emails.push({ to: owner, ...email });
    }
  }
  return {
    emails,
    teamSummary: input.settings.webhookUrl === null ? null : teamSummaryOf(input, all),
    skipped,
  };
}
