// One digest run across organizations: for each organization with an active cycle whose digest is due now
// (its weekday, at or after its local hour) and whose week is not taken, read what the digest says, claim
// the week through the command handler, send, and record the outcome. Reads come before the claim, so a
// read that fails leaves the week open for the next hourly run; once claimed, every delivery either goes
// out or is recorded as failed. One organization's failure never stops the others'.
import {
  CommandRejectedError,
  loadCycle,
  loadOrganization,
  runOrganizationCommand,
  SNAPSHOT_SCHEMA_VERSION,
  type Writer,
} from '@okr-ledger/command-handling';
import type { EventStore, StreamTip } from '@okr-ledger/event-store';
import {
  type Actor,
  type CycleState,
  digestSettingsOf,
  digestSlotAt,
  digestTimeZone,
  LIMITS,
  type OrganizationState,
  streamIdOf,
} from '@okr-ledger/okr-domain';
import { attentionList, toBoard, type ViewsReader } from '@okr-ledger/projections';
import { type ComposedDigest, type CycleDigestInput, composeDigest, type DigestEmail } from './compose.js';
import type { Deliverer } from './deliver.js';

/** The digest writes its claims and records as this actor (an admin's rights on the organization stream). */
export const DIGEST_ACTOR: Actor = { sub: 'system:digest', email: 'digest@okr-ledger.invalid' };

const WEEK_MS = 7 * 86_400_000;

export interface DigestDependencies {
  store: EventStore;
  views: ViewsReader;
  deliver: Deliverer;
  clock: () => Date;
  /** Deploy-time base of the link to a sheet: the organization's spreadsheet id is appended. */
  sheetUrlBase: string;
  /** Every failed delivery and every failed organization is reported here too (log, metric). */
  onFailure?: (failure: { org: string; channel: string; recipient: string; error: string }) => void;
  /** How many organizations are handled at once. */
  concurrency?: number;
}

export interface RunOptions {
  /** Only these organizations; default: every organization with objectives. */
  orgs?: string[];
  /** Compose, send nothing, claim and record nothing, whatever the hour. */
  dryRun?: boolean;
}

export type OrganizationStatus =
  | 'sent'
  | 'dry_run'
  | 'not_due'
  | 'already_claimed'
  | 'no_active_cycle'
  | 'not_found'
  | 'failed';

export interface OrganizationOutcome {
  org: string;
  status: OrganizationStatus;
  week?: string;
  timeZone?: string;
  sent: number;
  failures: { channel: 'email' | 'webhook'; recipient: string; error: string }[];
  /** Dry runs: what would have gone out. */
  digest?: ComposedDigest;
  error?: string;
}

export interface DigestReport {
  at: string;
  organizations: OrganizationOutcome[];
}

/** The organization's state and its cycles' states, in one batch read of their tips. */
async function readStates(
  store: EventStore,
  org: string,
  cycleIds: string[],
): Promise<{ organization: OrganizationState | null; cycles: CycleState[] }> {
  const organizationStream = streamIdOf.organization();
  const { tips } = await store.readHeads(org, {
    streamIds: [organizationStream, ...cycleIds.map((id) => streamIdOf.cycle(id))],
    commandIds: [],
  });
  // A tip of an older state shape is folded again from its events, as the command handler would.
  const current = <S>(tip: StreamTip<unknown> | undefined, reload: () => Promise<S | null>) =>
    tip === undefined
      ? Promise.resolve(null)
      : tip.snapshotSchemaVersion === SNAPSHOT_SCHEMA_VERSION
        ? Promise.resolve(tip.snapshot as S)
        : reload();
  const organization = await current(tips.get(organizationStream), () => loadOrganization(store, org));
  const cycles = await Promise.all(
    cycleIds.map((id) => current(tips.get(streamIdOf.cycle(id)), () => loadCycle(store, org, id))),
  );
  return { organization, cycles: cycles.filter((cycle): cycle is CycleState => cycle !== null) };
}

async function gatherCycle(
  views: ViewsReader,
  organization: OrganizationState,
  cycle: CycleState,
  since: string,
  now: string,
): Promise<CycleDigestInput> {
  const [states, changes] = await Promise.all([
    views.objectiveStates(organization.id, cycle.id),
    views.changes(organization.id, cycle.id, { from: since, to: now }),
  ]);
  const objectives = states.map((state) => state.current);
  const board = toBoard(organization.id, cycle, objectives, now);
  return {
    board,
    attention: attentionList(board, now, organization.checkInCadenceDays),
    objectives,
    changes,
  };
}

function isAlreadyClaimed(error: unknown): boolean {
  return error instanceof CommandRejectedError && error.error.code === 'digest_already_claimed';
}

async function runOrganization(
  deps: DigestDependencies,
  org: string,
  cycleIds: string[],
  options: RunOptions,
): Promise<OrganizationOutcome> {
  const now = deps.clock().toISOString();
  const outcome = (status: OrganizationStatus, extra: Partial<OrganizationOutcome> = {}) => ({
    org,
    status,
    sent: 0,
    failures: [],
    ...extra,
  });
  const { organization, cycles } = await readStates(deps.store, org, cycleIds);
  if (organization === null) return outcome('not_found');
  const active = cycles.filter((cycle) => cycle.status === 'active').sort((a, b) => a.id.localeCompare(b.id));
  if (active.length === 0) return outcome('no_active_cycle');
  const settings = digestSettingsOf(organization);
  const timeZone = digestTimeZone(settings, active[0]?.timeZone ?? null, organization.timeZone);
  const slot = digestSlotAt(settings, timeZone, now);
  const where = { week: slot.week, timeZone };
  if (!options.dryRun) {
    if (!slot.due) return outcome('not_due', where);
    if (organization.lastDigest?.week === slot.week) return outcome('already_claimed', where);
  }

  const since = new Date(Date.parse(now) - WEEK_MS).toISOString();
  const inputs = await Promise.all(
    active.map((cycle) => gatherCycle(deps.views, organization, cycle, since, now)),
  );
  const digest = composeDigest({
    organization,
    settings,
    week: slot.week,
    now,
    since,
    cycles: inputs,
    sheetUrl: settings.spreadsheetId === null ? null : `${deps.sheetUrlBase}${settings.spreadsheetId}`,
  });
  if (options.dryRun) return outcome('dry_run', { ...where, digest });

  const writer: Writer = { store: deps.store, org, actor: DIGEST_ACTOR, role: 'admin', clock: deps.clock };
  try {
    const claim = await runOrganizationCommand(writer, {
      type: 'ClaimDigest',
      commandId: `digest-claim-${slot.week}`,
      week: slot.week,
    });
    // A replay is a duplicated invocation finding the first one's claim: that one sends.
    if (claim.replayed) return outcome('already_claimed', where);
  } catch (error) {
    if (isAlreadyClaimed(error)) return outcome('already_claimed', where);
    throw error;
  }

  const { sent, failures } = await send(deps, digest, settings.webhookUrl);
  for (const failure of failures) deps.onFailure?.({ org, ...failure });
  await runOrganizationCommand(writer, {
    type: 'RecordDigest',
    commandId: `digest-record-${slot.week}`,
    week: slot.week,
    sent,
    failures: failures.slice(0, LIMITS.batchCommandsMax),
  });
  return outcome('sent', { ...where, sent, failures });
}

async function send(
  deps: DigestDependencies,
  digest: ComposedDigest,
  webhookUrl: string | null,
): Promise<Pick<OrganizationOutcome, 'sent' | 'failures'>> {
  let sent = 0;
  const failures: OrganizationOutcome['failures'] = [];
  const record = (
    channel: 'email' | 'webhook',
    recipient: string,
    result: { ok: boolean; error?: string },
  ) => {
    if (result.ok) sent += 1;
    else failures.push({ channel, recipient, error: (result.error ?? 'failed').slice(0, LIMITS.reasonMax) });
  };
  // One email at a time: SES's sending rate is per second, and the retries back off within it.
  for (const email of digest.emails satisfies DigestEmail[])
    record('email', email.to, await deps.deliver.email(email));
  if (webhookUrl !== null && digest.teamSummary !== null) {
    // The recipient is recorded by host only: a webhook URL carries its secret in the path.
    record('webhook', new URL(webhookUrl).host, await deps.deliver.webhook(webhookUrl, digest.teamSummary));
  }
  return { sent, failures };
}

/** Every organization's digest that is due now; failures are reported per organization, never thrown. */
export async function runDigests(deps: DigestDependencies, options: RunOptions = {}): Promise<DigestReport> {
  const at = deps.clock().toISOString();
  const cyclesByOrg = new Map<string, string[]>();
  for (const { org, cycleId } of await deps.store.listCyclesWithObjectives()) {
    if (options.orgs !== undefined && !options.orgs.includes(org)) continue;
    cyclesByOrg.set(org, [...(cyclesByOrg.get(org) ?? []), cycleId]);
  }
  for (const org of options.orgs ?? []) if (!cyclesByOrg.has(org)) cyclesByOrg.set(org, []);

  const queue = [...cyclesByOrg.keys()].sort();
  const organizations: OrganizationOutcome[] = [];
  const worker = async () => {
    for (let org = queue.shift(); org !== undefined; org = queue.shift()) {
      try {
        organizations.push(await runOrganization(deps, org, cyclesByOrg.get(org) ?? [], options));
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        deps.onFailure?.({ org, channel: 'run', recipient: '', error: message });
        organizations.push({ org, status: 'failed', sent: 0, failures: [], error: message });
      }
    }
  };
  await Promise.all(Array.from({ length: deps.concurrency ?? 4 }, worker));
  organizations.sort((a, b) => a.org.localeCompare(b.org));
  return { at, organizations };
}
