// "Aligned to you" (docs/alignment.md): an objective created with a parent, or whose parent is changed to
// another objective, gives the PARENT an `aligned_to_you` audit entry (the parent's title, team and owner,
// so the owner's filter finds it; the child's id, title, owner, cycle and weight; who, when, the reason).
// A change that clears the parent, or leaves it as it was, gives none.
import {
  evolveObjective,
  type ObjectiveDefinition,
  type ObjectiveEvent,
  type ObjectiveState,
  type RecordedEvent,
} from '@okr-ledger/okr-domain';
import { alignedToYouEntry, parentLinkedBy } from '@okr-ledger/projections';
import { describe, expect, it } from 'vitest';
import { objectiveDefinition } from '../domain/builders.js';

const definition = (overrides: Partial<ObjectiveDefinition> = {}): ObjectiveDefinition =>
  objectiveDefinition({
    title: 'Become the easiest B2B tool to start with',
    owner: 'ceo@acme.test',
    team: 'team_company',
    ...overrides,
  });

const recorded = (
  objectiveId: string,
  version: number,
  event: ObjectiveEvent,
  recordedAt = '2026-10-05T09:00:00.000Z',
): RecordedEvent<ObjectiveEvent> => ({
  ...event,
  streamId: `objective-${objectiveId}`,
  version,
  metadata: {
    actor: { sub: 'sub-lea', email: 'lea@acme.test' },
    commandId: `cmd-${objectiveId}-${version}`,
    recordedAt,
    schemaVersion: 1,
  },
});

const created = (objectiveId: string, cycleId: string, def: ObjectiveDefinition) =>
  recorded(objectiveId, 1, { type: 'ObjectiveCreated', data: { objectiveId, cycleId, definition: def } });

const stateOf = (events: RecordedEvent<ObjectiveEvent>[]): ObjectiveState => {
  const state = events.reduce<ObjectiveState | null>(evolveObjective, null);
  if (state === null) throw new Error('no state');
  return state;
};

const parent = stateOf([created('obj_year', '2026', definition())]);

describe('aligned to you', () => {
  it('an objective created with a parent: an entry about the parent, naming the child', () => {
    const event = created(
      'obj_data',
      '2026-Q4',
      definition({
        title: 'Build the data foundation',
        owner: 'dana@acme.test',
        team: 'team_data',
        parentObjectiveId: 'obj_year',
        weight: 2,
      }),
    );
    expect(parentLinkedBy(event)).toBe('obj_year');

    const entry = alignedToYouEntry(event, stateOf([event]), parent, 0);

    expect(entry).toEqual({
      id: 'objective-obj_data#1#0',
      kind: 'aligned_to_you',
      at: '2026-10-05T09:00:00.000Z',
      by: { sub: 'sub-lea', email: 'lea@acme.test' },
      objectiveId: 'obj_year',
      objectiveTitle: 'Become the easiest B2B tool to start with',
      keyResultId: null,
      keyResultTitle: null,
      team: 'team_company',
      owner: 'ceo@acme.test',
      field: 'parentObjectiveId',
      before: null,
      after: {
        objectiveId: 'obj_data',
        objectiveTitle: 'Build the data foundation',
        owner: 'dana@acme.test',
        team: 'team_data',
        cycleId: '2026-Q4',
        weight: 2,
      },
      reason: null,
    });
  });

  it('a parent changed mid-cycle: the entry carries the reason and follows the child’s own entries', () => {
    const first = created('obj_data', '2026-Q4', definition({ title: 'Build the data foundation' }));
    const change = recorded(
      'obj_data',
      2,
      {
        type: 'ObjectiveChanged',
        data: {
          objectiveId: 'obj_data',
          changes: [
            { field: 'parentObjectiveId', before: null, after: 'obj_year' },
            { field: 'weight', before: 1, after: 0 },
          ],
          midCycle: true,
          reason: 'It serves the company objective',
        },
      },
      '2026-11-02T10:00:00.000Z',
    );
    expect(parentLinkedBy(change)).toBe('obj_year');

    const entry = alignedToYouEntry(change, stateOf([first, change]), parent, 2);

    expect(entry).toMatchObject({
      id: 'objective-obj_data#2#2',
      at: '2026-11-02T10:00:00.000Z',
      objectiveId: 'obj_year',
      owner: 'ceo@acme.test',
      reason: 'It serves the company objective',
      after: { objectiveId: 'obj_data', weight: 0, cycleId: '2026-Q4' },
    });
  });

  it('no entry when the parent is cleared, unchanged, never set, or the event is not about the definition', () => {
    const change = (before: string | null, after: string | null) =>
      recorded('obj_data', 2, {
        type: 'ObjectiveChanged',
        data: {
          objectiveId: 'obj_data',
          changes: [{ field: 'parentObjectiveId', before, after }],
          midCycle: false,
          reason: null,
        },
      });
    expect(parentLinkedBy(change('obj_year', null))).toBeNull();
    expect(parentLinkedBy(change('obj_year', 'obj_year'))).toBeNull();
    expect(parentLinkedBy(change('obj_old', 'obj_year'))).toBe('obj_year');
    expect(parentLinkedBy(created('obj_root', '2026', definition()))).toBeNull();
    expect(
      parentLinkedBy(
        recorded('obj_data', 3, {
          type: 'ObjectiveArchived',
          data: { objectiveId: 'obj_data', midCycle: false, reason: null },
        }),
      ),
    ).toBeNull();
  });
});
