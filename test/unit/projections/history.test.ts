// KR history built from the quarter's real events: every event touching the KR oldest first, worded
// summaries with before → after, effective and recorded dates, and corrections linked both ways.
import {
  decideObjective,
  evolveObjective,
  type ObjectiveEvent,
  ObjectiveCommandSchema,
  type ObjectiveCommandInput,
  type ObjectiveState,
  type RecordedEvent,
} from '@okr-ledger/okr-domain';
import { historyEntries, historyEntriesForEvent, linkCorrections, withSource } from '@okr-ledger/projections';
import { describe, expect, it } from 'vitest';
import { admin, ada, KR, OBJ, playInMemory } from './fixtures/quarter.js';

const quarter = playInMemory();
const eventsOf = (objectiveId: string): RecordedEvent<ObjectiveEvent>[] =>
  quarter.objectiveEvents.get(objectiveId) ?? [];

/** One more command on top of a recorded objective stream, decided by the real decider. */
function extend(
  events: RecordedEvent<ObjectiveEvent>[],
  input: ObjectiveCommandInput,
  at: string,
): RecordedEvent<ObjectiveEvent>[] {
  const state = events.reduce<ObjectiveState | null>(evolveObjective, null);
  const cycle = { ...quarter.cycle, status: 'active' as const, closedAt: null };
  const decision = decideObjective(ObjectiveCommandSchema.parse(input), state, {
    now: at,
    actor: admin,
    role: 'admin',
    cycle,
  });
  if (!decision.ok) throw new Error(decision.error.message);
  const metadata = { actor: admin, commandId: input.commandId, recordedAt: at, schemaVersion: 1 };
  return [
    ...events,
    ...decision.events.map((event, index) => ({
      ...event,
      streamId: events[0]?.streamId ?? '',
      version: events.length + 1 + index,
      metadata,
    })),
  ];
}

describe('historyEntries', () => {
  it('lists every event of the KR oldest first, the planning edit included and not marked mid-cycle', () => {
    // Act
    const entries = historyEntries(eventsOf(OBJ.onboarding), KR.weekTwoAdoption);

    // Assess
    expect(entries.map((entry) => [entry.version, entry.eventType, entry.midCycle])).toEqual([
      [3, 'KeyResultAdded', false],
      [5, 'KeyResultChanged', false],
      [8, 'CheckInRecorded', false],
    ]);
    expect(entries[0]?.summary).toBe('added "Raise week-2 adoption from 41 % to 70 %": increase 41 % → 75 %');
    expect(entries[1]).toMatchObject({
      summary: 'title "Raise week-2 adoption from 41 % to 70 %" → "Raise week-2 adoption from 41 % to 75 %"',
      changes: [
        {
          field: 'title',
          before: 'Raise week-2 adoption from 41 % to 70 %',
          after: 'Raise week-2 adoption from 41 % to 75 %',
        },
      ],
      recordedBy: { email: ada.email, sub: ada.sub },
    });
    expect(entries[2]).toMatchObject({
      summary: 'check-in 58 %',
      value: 58,
      effectiveAt: '2026-12-01T09:00:00.000Z',
      recordedAt: '2026-12-01T09:00:00.000Z',
      checkInId: 'chk_adoption0001',
    });
  });

  it('words a mid-cycle definition change as before → after with its reason', () => {
    // Act
    const entries = historyEntries(eventsOf(OBJ.adoption), KR.trialConversion);

    // Assess
    expect(entries[1]).toMatchObject({
      eventType: 'KeyResultChanged',
      summary: 'target 20 → 15',
      changes: [{ field: 'target', before: 20, after: 15 }],
      midCycle: true,
      reason: 'The market shrank after the price change',
    });
  });

  it('keeps a corrected check-in beside its correction, linked both ways, and records a late one with both dates', () => {
    // Act
    const teams = historyEntries(eventsOf(OBJ.support), KR.activeTeams);
    const accounts = historyEntries(eventsOf(OBJ.adoption), KR.activatedAccounts);

    // Assess
    expect(teams.slice(1, 3)).toEqual([
      expect.objectContaining({
        checkInId: 'chk_teams0000001',
        value: 30,
        corrects: null,
        correctedBy: 'chk_teams0000002',
      }),
      expect.objectContaining({
        eventType: 'CheckInCorrected',
        checkInId: 'chk_teams0000002',
        value: 35,
        corrects: 'chk_teams0000001',
        correctedBy: null,
        reason: 'Typo: the dashboard said 35',
        summary: 'correction of chk_teams0000001: 30 teams → 35 teams',
        changes: [{ field: 'value', before: 30, after: 35 }],
      }),
    ]);
    expect(teams[3]).toMatchObject({ eventType: 'GradeOverridden', summary: 'grade overridden none → 0.3' });
    expect(accounts.at(-1)).toMatchObject({
      effectiveAt: '2026-11-01T09:00:00.000Z',
      recordedAt: '2026-11-20T09:00:00.000Z',
      summary: 'check-in 150 accounts',
    });
  });

  it('words milestone and binary check-ins in the KR’s own terms', () => {
    // Act
    const certification = historyEntries(eventsOf(OBJ.support), KR.certification);
    const soc2 = historyEntries(eventsOf(OBJ.support), KR.soc2);

    // Assess
    expect(certification.at(-1)?.summary).toBe('check-in 3 of 4 milestones done');
    expect(soc2.at(-1)).toMatchObject({ summary: 'check-in done', done: true, value: null });
  });

  it('records an archived objective, a removal and linked initiatives in the KR’s history', () => {
    // Prepare
    const withInitiative = extend(
      eventsOf(OBJ.onboarding),
      {
        type: 'AddInitiative',
        commandId: 'cmd-history-0001',
        objectiveId: OBJ.onboarding,
        initiativeId: 'ini_guidedsetup1',
        keyResultId: KR.onboardingDays,
        title: 'Guided setup wizard',
        status: 'in_progress',
      },
      '2026-12-20T09:00:00.000Z',
    );
    const withRemoval = extend(
      withInitiative,
      {
        type: 'RemoveKeyResult',
        commandId: 'cmd-history-0002',
        objectiveId: OBJ.onboarding,
        keyResultId: KR.satisfaction,
        reason: 'Survey discontinued',
      },
      '2026-12-21T09:00:00.000Z',
    );
    const archived = extend(
      withRemoval,
      {
        type: 'ArchiveObjective',
        commandId: 'cmd-history-0003',
        objectiveId: OBJ.onboarding,
        reason: 'Merged',
      },
      '2026-12-22T09:00:00.000Z',
    );

    // Act
    const days = historyEntries(archived, KR.onboardingDays);
    const satisfaction = historyEntries(archived, KR.satisfaction);

    // Assess
    expect(days.slice(-2).map((entry) => entry.summary)).toEqual([
      'initiative "Guided setup wizard" added (in progress)',
      'objective archived',
    ]);
    expect(satisfaction.slice(-1)).toEqual([
      expect.objectContaining({ summary: 'removed', midCycle: true, reason: 'Survey discontinued' }),
    ]);
    // A KR removed before the archive is not touched by it.
    expect(satisfaction.map((entry) => entry.eventType)).not.toContain('ObjectiveArchived');
  });

  it('gives the same entries one event at a time as over the whole stream', () => {
    // Prepare
    const events = eventsOf(OBJ.support);

    // Act
    let state: ObjectiveState | null = null;
    const incremental = [];
    for (const event of events) {
      incremental.push(
        ...historyEntriesForEvent(event, state)
          .filter((touched) => touched.keyResultId === KR.activeTeams)
          .map((touched) => touched.entry),
      );
      state = evolveObjective(state, event);
    }

    // Assess
    expect(linkCorrections(incremental)).toEqual(historyEntries(events, KR.activeTeams));
    expect(incremental.every((entry) => entry.correctedBy === null)).toBe(true);
  });
});

describe('entries stored before check-ins had a source', () => {
  it('reads a check-in entry without one as manual, and gives other entries none', () => {
    // Prepare: entries as a view projected before sources existed holds them
    const entries = historyEntries(eventsOf(OBJ.support), KR.activeTeams).map((entry) => {
      const { source: _dropped, ...stored } = entry;
      return stored as typeof entry;
    });

    // Act
    const read = entries.map(withSource);

    // Assess
    expect(read.filter((entry) => entry.checkInId !== null).length).toBeGreaterThan(0);
    for (const entry of read) {
      expect(entry.source).toEqual(entry.checkInId === null ? null : { kind: 'manual' });
    }
  });
});
