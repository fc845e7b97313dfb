// Rebuilds a stream's state from its recorded events, optionally as of an instant: the heart of "as of".
// Also names the streams, so every caller derives the same stream id from an entity id.
import type { CycleEvent, DomainEvent, ObjectiveEvent, OrganizationEvent, RecordedEvent } from './events.js';
import { evolveCycle } from './evolve-cycle.js';
import { evolveOrganization } from './evolve-organization.js';
import type { CycleState, ObjectiveState, OrganizationState } from './model.js';
import { foldObjectiveDraft } from './objective-draft.js';

export const streamIdOf = {
  objective: (id: string) => `objective-${id}`,
  cycle: (id: string) => `cycle-${id}`,
  organization: () => 'organization',
};

/**
 * Events in recording order, cut before the first one recorded after `asOf`. Instants are compared as
 * instants (`Date.parse`), so `asOf` may use any offset.
 */
function eventsUpTo<E extends DomainEvent>(events: RecordedEvent<E>[], asOf?: string): RecordedEvent<E>[] {
  if (asOf === undefined) return events;
  const limit = Date.parse(asOf);
  if (Number.isNaN(limit)) throw new RangeError(`asOf is not an ISO 8601 instant: ${asOf}`);
  const cut = events.findIndex((event) => Date.parse(event.metadata.recordedAt) > limit);
  return cut === -1 ? events : events.slice(0, cut);
}

function foldWith<S, E extends DomainEvent>(
  evolve: (state: S | null, event: RecordedEvent<E>) => S,
  events: RecordedEvent<E>[],
  asOf?: string,
): S | null {
  let state: S | null = null;
  for (const event of eventsUpTo(events, asOf)) state = evolve(state, event);
  return state;
}

/**
 * Fold recorded events in order; with asOf, stop before the first event whose metadata.recordedAt > asOf.
 * The same state as reducing with `evolveObjective`, built in one private draft (see objective-draft.ts):
 * replays, rebuilds and as-of queries fold whole streams, and copying per event made them quadratic.
 */
export function foldObjective(events: RecordedEvent<ObjectiveEvent>[], asOf?: string): ObjectiveState | null {
  return foldObjectiveDraft(eventsUpTo(events, asOf));
}

export function foldCycle(events: RecordedEvent<CycleEvent>[], asOf?: string): CycleState | null {
  return foldWith(evolveCycle, events, asOf);
}

export function foldOrganization(
  events: RecordedEvent<OrganizationEvent>[],
  asOf?: string,
): OrganizationState | null {
  return foldWith(evolveOrganization, events, asOf);
}
