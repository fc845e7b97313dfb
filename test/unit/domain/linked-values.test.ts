// Given/when/then specifications of linked values in the objective decider: linking is a definition
// change (a reason mid-cycle; only value-measured KRs), a failure report records an event only when it
// changes the KR's flag, and a value read from the link, a restored report or a new link clears it. Both
// folds (evolve and the draft) agree on the flag and on definitions recorded before links existed.
import {
  evolveObjective,
  foldObjective,
  type ObjectiveEvent,
  type ObjectiveState,
  streamIdOf,
} from '@okr-ledger/okr-domain';
import { describe, expect, it } from 'vitest';
import {
  checkInRecorded,
  givenObjective,
  keyResultAdded,
  keyResultDefinition,
  OBJECTIVE_ID,
  objectiveCreated,
  objectiveCtx,
  recordAll,
} from './specification.js';

const KR = 'kr_adoption01';
const LINK = { kind: 'cell', spreadsheetId: '1MetricsSheet0000', sheetName: 'Metrics', a1: 'B7' } as const;
const linked = [objectiveCreated(), keyResultAdded(KR, keyResultDefinition({ valueSource: LINK }))];
const failed = (problem: 'error' | 'text' | 'empty', detail: string): ObjectiveEvent => ({
  type: 'LinkedValueFailed',
  data: { objectiveId: OBJECTIVE_ID, keyResultId: KR, problem, detail, valueSource: LINK },
});
const report = (problem: 'error' | 'text' | 'empty', detail: string) =>
  ({
    type: 'ReportLinkedValueFailure',
    objectiveId: OBJECTIVE_ID,
    keyResultId: KR,
    problem,
    detail,
  }) as const;
const linkedCheckIn = (checkInId: string, value: number): ObjectiveEvent => {
  const event = checkInRecorded(KR, checkInId, { value });
  if (event.type !== 'CheckInRecorded') throw new Error('not a check-in');
  return {
    ...event,
    data: {
      ...event.data,
      source: { kind: 'linked_cell', spreadsheetId: LINK.spreadsheetId, sheetName: 'Metrics', a1: 'B7' },
    },
  };
};
const flagOf = (state: ObjectiveState | null) => state?.keyResults[0]?.linkFailure ?? null;

describe('linking a KR to a cell', () => {
  it('needs a reason while the cycle is active, and records it as a definition change', () => {
    const edit = {
      type: 'EditKeyResult',
      objectiveId: OBJECTIVE_ID,
      keyResultId: KR,
      changes: { valueSource: LINK },
    } as const;
    givenObjective([objectiveCreated(), keyResultAdded(KR)])
      .when(edit, objectiveCtx('active'))
      .thenRejects('reason_required');
    const state = givenObjective([objectiveCreated(), keyResultAdded(KR)])
      .when({ ...edit, reason: 'from the metrics tab' }, objectiveCtx('active'))
      .thenEmits([
        {
          type: 'KeyResultChanged',
          data: {
            objectiveId: OBJECTIVE_ID,
            keyResultId: KR,
            changes: [{ field: 'valueSource', before: null, after: LINK }],
            midCycle: true,
            reason: 'from the metrics tab',
          },
        },
      ]);
    expect(state?.keyResults[0]?.definition.valueSource).toEqual(LINK);
  });

  it('refuses a link on a milestone or binary KR', () => {
    givenObjective([
      objectiveCreated(),
      keyResultAdded(KR, keyResultDefinition({ type: 'binary', start: null, target: null })),
    ])
      .when(
        { type: 'EditKeyResult', objectiveId: OBJECTIVE_ID, keyResultId: KR, changes: { valueSource: LINK } },
        objectiveCtx('planning'),
      )
      .thenRejects('invalid_definition', ['changes', 'valueSource']);
  });

  it('reads a definition recorded before links as unlinked, in both folds', () => {
    const recorded = recordAll(streamIdOf.objective(OBJECTIVE_ID), [objectiveCreated(), keyResultAdded(KR)]);
    const { valueSource: _none, ...old } = (
      recorded[1] as unknown as { data: { definition: Record<string, unknown> } }
    ).data.definition;
    (recorded[1] as unknown as { data: { definition: Record<string, unknown> } }).data.definition = old;
    const evolved = recorded.reduce<ObjectiveState | null>(
      (state, event) => evolveObjective(state, event as never),
      null,
    );
    expect(evolved?.keyResults[0]?.definition.valueSource).toBeNull();
    expect(JSON.stringify(foldObjective(recorded as never))).toBe(JSON.stringify(evolved));
  });
});

describe('failing links', () => {
  it('records a failure once: the same problem again records nothing, another problem keeps its start', () => {
    const first = givenObjective(linked)
      .when(report('error', '#REF!'), objectiveCtx('active'))
      .thenEmits([failed('error', '#REF!')]);
    expect(flagOf(first)).toMatchObject({ problem: 'error', detail: '#REF!' });
    givenObjective([...linked, failed('error', '#REF!')])
      .when(report('error', '#REF!'), objectiveCtx('active'))
      .thenEmits([]);
    const failing = givenObjective([...linked, failed('error', '#REF!')]);
    const changed = failing
      .when(report('text', 'n/a'), objectiveCtx('active'))
      .thenEmits([failed('text', 'n/a')]);
    expect(flagOf(changed)).toMatchObject({ problem: 'text', since: flagOf(failing.state)?.since });
    expect(flagOf(changed)?.reportedAt).not.toBe(flagOf(failing.state)?.since);
  });

  it('refuses a report on a KR that is not linked, and from a viewer', () => {
    givenObjective([objectiveCreated(), keyResultAdded(KR)])
      .when(report('empty', ''), objectiveCtx('active'))
      .thenRejects('not_linked');
    givenObjective(linked)
      .when(report('empty', ''), objectiveCtx('active', { role: 'viewer' }))
      .thenRejects('forbidden');
  });

  it('is cleared by a value read from the link, by a restored report, or by a new link — not by a typed value', () => {
    const history = [...linked, failed('error', '#REF!')];
    const typed = givenObjective([...history, checkInRecorded(KR, 'chk_typed0001', { value: 60 })]).state;
    expect(flagOf(typed)).not.toBeNull();
    expect(flagOf(givenObjective([...history, linkedCheckIn('chk_linked001', 60)]).state)).toBeNull();
    const restored = givenObjective(history)
      .when(
        { type: 'ReportLinkedValueRestored', objectiveId: OBJECTIVE_ID, keyResultId: KR },
        objectiveCtx('active'),
      )
      .thenEmits([{ type: 'LinkedValueRestored', data: { objectiveId: OBJECTIVE_ID, keyResultId: KR } }]);
    expect(flagOf(restored)).toBeNull();
    const relinked = givenObjective(history)
      .when(
        {
          type: 'EditKeyResult',
          objectiveId: OBJECTIVE_ID,
          keyResultId: KR,
          changes: { valueSource: null },
          reason: 'typed again',
        },
        objectiveCtx('active'),
      )
      .thenEmits([
        {
          type: 'KeyResultChanged',
          data: {
            objectiveId: OBJECTIVE_ID,
            keyResultId: KR,
            changes: [{ field: 'valueSource', before: LINK, after: null }],
            midCycle: true,
            reason: 'typed again',
          },
        },
      ]);
    expect(flagOf(relinked)).toBeNull();
  });

  it('folds the same state with the draft as with evolve over failures and clears', () => {
    const events = [
      ...linked,
      failed('error', '#REF!'),
      failed('text', 'n/a'),
      linkedCheckIn('chk_linked001', 60),
      failed('empty', ''),
      { type: 'LinkedValueRestored', data: { objectiveId: OBJECTIVE_ID, keyResultId: KR } } as ObjectiveEvent,
      failed('error', '#N/A'),
    ];
    const recorded = recordAll(streamIdOf.objective(OBJECTIVE_ID), events);
    const evolved = recorded.reduce<ObjectiveState | null>(
      (state, event) => evolveObjective(state, event),
      null,
    );
    expect(JSON.stringify(foldObjective(recorded))).toBe(JSON.stringify(evolved));
    expect(flagOf(evolved)).toMatchObject({ problem: 'error', detail: '#N/A' });
  });
});
