// Where a check-in goes and who sends it, in one batch read: the organization (membership), the KR's
// objective, its cycle and the command's record. The KR's objective comes from the request (the sidebar
// says), else a small per-container cache checked against the objective's tip, else the look-up written
// with the KR (one more read); never from the views.
import { keyResultLookupKey, loadOrganization } from '@okr-ledger/command-handling';
import type { CommandRecord, StreamTip } from '@okr-ledger/event-store';
import {
  BoundedMap,
  type CycleState,
  type ObjectiveState,
  type OrganizationState,
  streamIdOf,
} from '@okr-ledger/okr-domain';
import type { Context } from 'hono';
import { admitCaller } from '../auth/membership.js';
import type { ApiDependencies } from '../deps.js';
import { NotFoundError } from '../errors.js';
import type { ApiEnv, Caller } from '../http/env.js';

/** Where a KR lives: its objective and that objective's cycle. */
export interface Location {
  objectiveId: string;
  cycleId: string;
}

/**
 * KR → objective for this container, so a sidebar that does not say where its KR lives still costs one
 * read: an entry is only a hint, checked against the objective's tip read in the same batch, and a wrong
 * one is dropped. Bounded: the oldest entries go first.
 */
class LocationCache {
  private readonly entries = new BoundedMap<string, Location>(10_000);
  get(org: string, kr: string): Location | undefined {
    return this.entries.get(`${org}#${kr}`);
  }
  set(org: string, kr: string, location: Location): void {
    this.entries.set(`${org}#${kr}`, location);
  }
  delete(org: string, kr: string): void {
    this.entries.delete(`${org}#${kr}`);
  }
}

/** The look-up written with the KR's creation (consistent): one more read, when nothing else says. */
async function lookUp(deps: ApiDependencies, org: string, kr: string): Promise<Location | null> {
  const lookup = await deps.store.readLookup(org, keyResultLookupKey(kr));
  return typeof lookup?.objectiveId === 'string' && typeof lookup.cycleId === 'string'
    ? { objectiveId: lookup.objectiveId, cycleId: lookup.cycleId }
    : null;
}

/** Whether the objective's tip holds the KR, in the cycle the location names. */
const holds = (tip: StreamTip<ObjectiveState> | undefined, kr: string, location: Location): boolean =>
  tip !== undefined &&
  tip.snapshot.cycleId === location.cycleId &&
  tip.snapshot.keyResults.some((keyResult) => keyResult.id === kr);

export interface CheckInTarget {
  caller: Caller;
  objectiveId: string;
  cycle: CycleState;
  /** The objective's tip and the command's record, for the command handler's first round. */
  prefetched: { tip: StreamTip<ObjectiveState> | null; records: ReadonlyMap<string, CommandRecord> };
}

export class CheckInTargets {
  private readonly locations = new LocationCache();

  constructor(private readonly deps: ApiDependencies) {}

  async resolve(
    c: Context<ApiEnv>,
    request: {
      org: string;
      kr: string;
      stated: Location | undefined;
      commandId: string;
      /** False when the server minted the command id: no record can exist. */
      mayBeRecorded: boolean;
    },
  ): Promise<CheckInTarget> {
    const { deps } = this;
    const { org, kr, stated } = request;
    const readAt = async (location: Location) => {
      const objectiveStream = streamIdOf.objective(location.objectiveId);
      const heads = await deps.store.readHeads<unknown>(org, {
        streamIds: [streamIdOf.organization(), objectiveStream, streamIdOf.cycle(location.cycleId)],
        commandIds: request.mayBeRecorded ? [request.commandId] : [],
      });
      return {
        heads,
        objectiveTip: heads.tips.get(objectiveStream) as StreamTip<ObjectiveState> | undefined,
      };
    };
    let location = stated ?? this.locations.get(org, kr) ?? (await lookUp(deps, org, kr));
    let read = location ? await readAt(location) : null;
    if (location && read && !holds(read.objectiveTip, kr, location) && stated === undefined) {
      // A stale hint from the cache: ask the look-up once.
      this.locations.delete(org, kr);
      location = await lookUp(deps, org, kr);
      read = location ? await readAt(location) : null;
    }
    // Membership first, on the organization the batch read: a non-member learns nothing about the KR.
    const organizationTip = read?.heads.tips.get(streamIdOf.organization());
    const caller = await admitCaller(
      deps,
      c,
      (organizationTip?.snapshot as OrganizationState | undefined) ??
        (read ? null : await loadOrganization(deps.store, org)),
    );
    const cycleTip = location ? read?.heads.tips.get(streamIdOf.cycle(location.cycleId)) : undefined;
    if (!location || !read || !holds(read.objectiveTip, kr, location) || cycleTip === undefined) {
      throw new NotFoundError(
        `There is no key result '${kr}'${stated ? ` in objective '${stated.objectiveId}'` : ''}.`,
      );
    }
    this.locations.set(org, kr, location);
    return {
      caller,
      objectiveId: location.objectiveId,
      cycle: cycleTip.snapshot as CycleState,
      prefetched: { tip: read.objectiveTip ?? null, records: read.heads.records },
    };
  }
}
