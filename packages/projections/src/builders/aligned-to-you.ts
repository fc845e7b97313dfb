// "Aligned to you" (docs/alignment.md): when an objective is created with a parent, or its parent is changed
// to another objective, the PARENT's cycle's audit gets an `aligned_to_you` entry about the parent (so its
// owner finds it filtering by owner), naming the child, its owner, cycle and contribution weight. Nothing is
// written to the parent's stream, whose cycle may be another (an enclosing year) or closed: the projector
// that applies the child's event writes the entry into the parent's cycle's audit as well.
import type { AuditEntry } from '@okr-ledger/api-contract';
import type { ObjectiveEvent, ObjectiveState, RecordedEvent } from '@okr-ledger/okr-domain';

/** The parent an event links its objective to: set at creation, or changed to another objective. */
export function parentLinkedBy(event: RecordedEvent<ObjectiveEvent>): string | null {
  if (event.type === 'ObjectiveCreated') return event.data.definition.parentObjectiveId;
  if (event.type === 'ObjectiveChanged') {
    const change = event.data.changes.find((candidate) => candidate.field === 'parentObjectiveId');
    return typeof change?.after === 'string' && change.after !== change.before ? change.after : null;
  }
  return null;
}

/** What the parent's owner reads about the child that now aligns to them. */
export interface AlignedChild {
  objectiveId: string;
  objectiveTitle: string;
  owner: string | null;
  team: string | null;
  cycleId: string;
  /** The link's contribution weight: the child objective's weight. */
  weight: number;
}

/**
 * The entry for `parent`'s cycle, `child` being the child objective after the event. `index` follows the
 * child's own audit entries of the same event, so ids (and the views' sort keys) never collide.
 */
export function alignedToYouEntry(
  event: RecordedEvent<ObjectiveEvent>,
  child: ObjectiveState,
  parent: ObjectiveState,
  index: number,
): AuditEntry {
  const after: AlignedChild = {
    objectiveId: child.id,
    objectiveTitle: child.definition.title,
    owner: child.definition.owner,
    team: child.definition.team,
    cycleId: child.cycleId,
    weight: child.definition.weight,
  };
  return {
    id: `${event.streamId}#${event.version}#${index}`,
    kind: 'aligned_to_you',
    at: event.metadata.recordedAt,
    by: { sub: event.metadata.actor.sub, email: event.metadata.actor.email },
    objectiveId: parent.id,
    objectiveTitle: parent.definition.title,
    keyResultId: null,
    keyResultTitle: null,
    team: parent.definition.team,
    owner: parent.definition.owner,
    field: 'parentObjectiveId',
    before: null,
    after,
    reason: event.type === 'ObjectiveChanged' ? event.data.reason : null,
  };
}
