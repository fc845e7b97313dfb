// Turns an event item of the events table (from a stream record or a query) into an event the projection
// applies, refusing what it cannot read rather than guessing: an unknown event type is a poison record.
import { type EventItem, type StoredEvent, toStoredEvent } from '@okr-ledger/event-store';
import {
  CYCLE_EVENT_TYPES,
  type CycleEvent,
  OBJECTIVE_EVENT_TYPES,
  type ObjectiveEvent,
  type RecordedEvent,
} from '@okr-ledger/okr-domain';
import { UnreadableEventError } from '../errors.js';

export type ProjectedStreamKind = 'objective' | 'cycle';

export type ProjectableEvent =
  | { kind: 'objective'; org: string; event: RecordedEvent<ObjectiveEvent>; cycleId?: string }
  | { kind: 'cycle'; org: string; event: RecordedEvent<CycleEvent> };

const OBJECTIVE_EVENTS: ReadonlySet<string> = new Set(OBJECTIVE_EVENT_TYPES);

const CYCLE_EVENTS: ReadonlySet<string> = new Set(CYCLE_EVENT_TYPES);

/** The streams that have views; the organization stream (members) has none. */
export function streamKindOf(streamId: string): ProjectedStreamKind | null {
  if (streamId.startsWith('objective-')) return 'objective';
  if (streamId.startsWith('cycle-')) return 'cycle';
  return null;
}

/** A stored event of a projected stream, checked against the event types that stream can hold. */
export function toProjectable(
  org: string,
  stored: StoredEvent<{ type: string; data: unknown }>,
  cycleId?: string,
): ProjectableEvent | null {
  const kind = streamKindOf(stored.streamId);
  if (kind === null) return null;
  if (!Number.isInteger(stored.version) || stored.version < 1) {
    throw new UnreadableEventError(
      `${stored.streamId}: version ${String(stored.version)} is not a stream position`,
    );
  }
  const known = kind === 'objective' ? OBJECTIVE_EVENTS : CYCLE_EVENTS;
  if (!known.has(stored.type) || typeof stored.data !== 'object' || stored.data === null) {
    throw new UnreadableEventError(
      `${stored.streamId} v${stored.version}: unknown ${kind} event ${stored.type}`,
    );
  }
  // The type was checked against the union's names just above; the data was written by `decide` for it.
  const projectable: ProjectableEvent =
    kind === 'objective'
      ? {
          kind,
          org,
          event: stored as unknown as RecordedEvent<ObjectiveEvent>,
          ...(cycleId === undefined ? {} : { cycleId }),
        }
      : { kind, org, event: stored as unknown as RecordedEvent<CycleEvent> };
  return projectable;
}

/** An event item as read from the table or a stream record; null for streams without views. */
export function projectableFromItem(item: EventItem): ProjectableEvent | null {
  return toProjectable(item.org, toStoredEvent<{ type: string; data: unknown }>(item), item.cycleId);
}
