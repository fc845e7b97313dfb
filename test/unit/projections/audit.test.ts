// The audit entries each recorded event adds: definition changes only when made mid-cycle, late check-ins
// past 14 days, corrections, overrides, close and reopen; and how a mid-cycle change is worded for grades.
import type { AuditEntry } from '@okr-ledger/api-contract';
import {
  type CycleEvent,
  evolveCycle,
  evolveObjective,
  type ObjectiveEvent,
  type ObjectiveState,
  type RecordedEvent,
} from '@okr-ledger/okr-domain';
import {
  auditEntriesFor,
  describeAuditEntry,
  LATE_CHECK_IN_MS,
  midCycleChangeNotes,
} from '@okr-ledger/projections';
import { describe, expect, it } from 'vitest';
import { KR, OBJ, playInMemory } from './fixtures/quarter.js';

const quarter = playInMemory();

/** Audit entries of a whole objective stream, each event judged against the state before it. */
function auditOf(events: RecordedEvent<ObjectiveEvent>[]): AuditEntry[] {
  const entries: AuditEntry[] = [];
  let state: ObjectiveState | null = null;
  for (const event of events) {
    const next = evolveObjective(state, event);
    entries.push(...auditEntriesFor(event, state, next));
    state = next;
  }
  return entries;
}

const eventsOf = (objectiveId: string) => quarter.objectiveEvents.get(objectiveId) ?? [];

/** A check-in event of the onboarding objective recorded `lateByMs` after the instant it is true for. */
function lateCheckIn(lateByMs: number): { event: RecordedEvent<ObjectiveEvent>; before: ObjectiveState } {
  const events = eventsOf(OBJ.onboarding);
  const before = events.reduce<ObjectiveState | null>(evolveObjective, null);
  if (before === null) throw new Error('the onboarding objective exists');
  const effectiveAt = '2026-11-01T09:00:00.000Z';
  const event: RecordedEvent<ObjectiveEvent> = {
    type: 'CheckInRecorded',
    data: {
      objectiveId: OBJ.onboarding,
      keyResultId: KR.onboardingDays,
      checkInId: 'chk_late00000001',
      value: 15,
      milestonesDone: null,
      done: null,
      confidence: null,
      note: '',
      effectiveAt,
    },
    streamId: events[0]?.streamId ?? '',
    version: events.length + 1,
    metadata: {
      actor: { sub: 's', email: 'e@acme.test' },
      commandId: 'cmd-late-0001',
      recordedAt: new Date(Date.parse(effectiveAt) + lateByMs).toISOString(),
      schemaVersion: 1,
    },
  };
  return { event, before };
}

describe('auditEntriesFor', () => {
  it('lists definition changes made while the cycle was active, and none made in planning', () => {
    // Act
    const onboarding = auditOf(eventsOf(OBJ.onboarding));
    const adoption = auditOf(eventsOf(OBJ.adoption));

    // Assess: the onboarding objective was only edited in planning.
    expect(onboarding).toEqual([]);
    expect(
      adoption.map((entry) => [entry.kind, entry.keyResultId, entry.field, entry.before, entry.after]),
    ).toEqual([
      ['definition_change', KR.trialConversion, 'target', 20, 15],
      ['key_result_added', KR.retention, null, null, expect.objectContaining({ target: 60 })],
      ['late_check_in', KR.activatedAccounts, 'effectiveAt', null, expect.objectContaining({ value: 150 })],
    ]);
    expect(adoption[0]).toMatchObject({
      id: `objective-${OBJ.adoption}#5#0`,
      at: '2026-11-02T10:00:00.000Z',
      by: { email: 'cy@acme.test' },
      objectiveTitle: 'Make the product easier to adopt',
      keyResultTitle: 'Increase trial conversion from 10 % to 20 %',
      team: 'growth',
      owner: 'cy@acme.test',
      reason: 'The market shrank after the price change',
    });
  });

  it('flags a check-in as late only when recorded more than 14 days after its effective instant', () => {
    // Prepare
    const onTime = lateCheckIn(LATE_CHECK_IN_MS);
    const late = lateCheckIn(LATE_CHECK_IN_MS + 1);

    // Act
    const onTimeEntries = auditEntriesFor(
      onTime.event,
      onTime.before,
      evolveObjective(onTime.before, onTime.event),
    );
    const lateEntries = auditEntriesFor(late.event, late.before, evolveObjective(late.before, late.event));

    // Assess
    expect(onTimeEntries).toEqual([]);
    expect(lateEntries).toEqual([
      expect.objectContaining({ kind: 'late_check_in', keyResultId: KR.onboardingDays }),
    ]);
  });

  it('shows a correction with what it replaced, and an override with the grade before', () => {
    // Act
    const support = auditOf(eventsOf(OBJ.support));

    // Assess
    const correction = support.find((entry) => entry.kind === 'correction');
    expect(correction).toMatchObject({
      keyResultId: KR.activeTeams,
      before: expect.objectContaining({ checkInId: 'chk_teams0000001', value: 30 }),
      after: expect.objectContaining({ checkInId: 'chk_teams0000002', value: 35 }),
      reason: 'Typo: the dashboard said 35',
    });
    expect(support.find((entry) => entry.kind === 'grade_override')).toMatchObject({
      keyResultId: KR.activeTeams,
      field: 'grade',
      before: null,
      after: 0.3,
      by: { email: 'admin@acme.test' },
    });
  });

  it('records closing and reopening the cycle', () => {
    // Act
    const entries: AuditEntry[] = [];
    let state = null;
    for (const event of quarter.cycleEvents as RecordedEvent<CycleEvent>[]) {
      const next = evolveCycle(state, event);
      entries.push(...auditEntriesFor(event, state, next));
      state = next;
    }

    // Assess
    expect(entries.map((entry) => [entry.kind, entry.before, entry.after, entry.reason])).toEqual([
      ['close', 'active', 'closed', null],
      ['reopen', 'closed', 'active', 'Late finance data'],
      ['close', 'active', 'closed', null],
    ]);
  });
});

describe('mid-cycle change notes for the grades report', () => {
  it('keeps the definition changes only, worded with what, when, who and why', () => {
    // Prepare
    const entries = [...auditOf(eventsOf(OBJ.adoption)), ...auditOf(eventsOf(OBJ.support))];

    // Act
    const notes = midCycleChangeNotes(entries);

    // Assess
    expect(notes).toEqual([
      {
        objectiveId: OBJ.adoption,
        keyResultId: KR.trialConversion,
        description:
          'key result "Increase trial conversion from 10 % to 20 %": target 20 → 15 (2026-11-02, cy@acme.test) — The market shrank after the price change',
      },
      {
        objectiveId: OBJ.adoption,
        keyResultId: KR.retention,
        description:
          'key result "Lift 30-day retention from 50 % to 60 %" added (2026-11-03, cy@acme.test) — Adoption without retention is not adoption',
      },
      {
        objectiveId: OBJ.support,
        keyResultId: null,
        description: expect.stringMatching(
          /^objective "Delight customers with dependable, fast support": title /,
        ),
      },
    ]);
    const override = entries.find((entry) => entry.kind === 'grade_override');
    if (override === undefined) throw new Error('the support objective has an override');
    expect(describeAuditEntry(override)).toBe(
      'key result "Grow weekly active teams from 40 to 60": grade none → 0.3 (2027-01-03, admin@acme.test) — Two large teams churned in the last week',
    );
  });
});
