// Plays the demo's story (seed-story.ts) into the local stack on first run: three members (admin, editor,
// viewer), the 2026-Q4 cycle and four objectives with weekly check-ins. Everything goes through the real
// deciders with a simulated clock, so each check-in is recorded on the day it is effective (no late
// check-ins) and "as of" any past week shows what the board showed then.
import { localSubjectOf } from '@okr-ledger/api';
import {
  loadOrganization,
  runCycleCommand,
  runObjectiveCommand,
  runOrganizationCommand,
  type Writer,
} from '@okr-ledger/command-handling';
import type { EventStore } from '@okr-ledger/event-store';
import {
  type CycleState,
  type ObjectiveCommandInput,
  ObjectiveCommandSchema,
  type Role,
} from '@okr-ledger/okr-domain';
import { appendToObjective, DEMO_ALIGNMENT, seedCarryOver, seedTeamsAndYear } from './seed-alignment.js';
import {
  DAY_MS,
  DEMO,
  DEMO_OBJECTIVES,
  FAILING_LINK,
  FIRST_CHECK_IN,
  MID_CYCLE_CHANGE,
  WEEKS,
} from './seed-story.js';

export { DEMO } from './seed-story.js';

const roleOf = (email: string): Role =>
  email === DEMO.admin ? 'admin' : email === DEMO.viewer ? 'viewer' : 'editor';

export interface SeedResult {
  commands: number;
  weeksOfCheckIns: number;
}

export const isDemoSeeded = async (store: EventStore): Promise<boolean> =>
  (await loadOrganization(store, DEMO.org)) !== null;

/**
 * Seeds the demo organization. `now` bounds the simulated clock: weeks that have not happened yet get no
 * check-ins, so nothing is recorded in the future.
 */
export async function seedDemo(store: EventStore, now: Date = new Date()): Promise<SeedResult> {
  let commands = 0;
  const writer = (email: string, at: string | number): Writer => {
    const instant = new Date(at);
    return {
      store,
      org: DEMO.org,
      actor: { sub: localSubjectOf(email), email },
      role: roleOf(email),
      clock: () => instant,
    };
  };
  const objective = async (
    email: string,
    at: string | number,
    cycle: CycleState,
    input: ObjectiveCommandInput,
  ) => {
    commands += 1;
    await runObjectiveCommand(writer(email, at), ObjectiveCommandSchema.parse(input), { cycle });
  };
  /** Several commands of one objective, appended together; each must apply. */
  const objectives = async (
    email: string,
    at: string | number,
    cycle: CycleState,
    objectiveId: string,
    inputs: ObjectiveCommandInput[],
  ) => {
    if (inputs.length === 0) return;
    commands += inputs.length;
    await appendToObjective(writer(email, at), cycle, objectiveId, inputs);
  };

  // September: the organization, its members, the cycle in planning and its OKRs.
  await runOrganizationCommand(writer(DEMO.admin, '2026-09-14T08:00:00Z'), {
    type: 'CreateOrganization',
    commandId: 'seed-demo-organization',
    organizationId: DEMO.org,
    name: DEMO.name,
    timeZone: DEMO.timeZone,
    firstAdminEmail: DEMO.admin,
  });
  for (const [index, email] of [DEMO.editor, DEMO.viewer].entries()) {
    await runOrganizationCommand(writer(DEMO.admin, Date.parse('2026-09-14T08:05:00Z') + index * 60_000), {
      type: 'PutMember',
      commandId: `seed-demo-member-${index}`,
      email,
      role: roleOf(email),
    });
  }
  // The digest links to the team's sheet: a placeholder id until a real spreadsheet is connected.
  await runOrganizationCommand(writer(DEMO.admin, '2026-09-14T08:10:00Z'), {
    type: 'SetDigestSettings',
    commandId: 'seed-demo-digest-settings',
    digest: { spreadsheetId: 'your-spreadsheet-id' },
  });
  // Teams, the year with its company objective, the closed previous quarter (docs/alignment.md).
  commands += await seedTeamsAndYear({ writer, admin: DEMO.admin, owner: DEMO.editor, now });
  const planning = await runCycleCommand(writer(DEMO.admin, '2026-09-15T09:00:00Z'), {
    type: 'CreateCycle',
    commandId: 'seed-demo-cycle',
    cycleId: DEMO.cycleId,
    title: 'Q4 2026',
    startsOn: '2026-10-01',
    endsOn: '2026-12-31',
    timeZone: DEMO.timeZone,
  });
  commands += 5;

  for (const [objectiveIndex, seed] of DEMO_OBJECTIVES.entries()) {
    const at = Date.parse('2026-09-21T09:05:00Z') + objectiveIndex * DAY_MS;
    // The objective with its KRs and initiatives: one append, as a sheet push of the new rows makes it.
    const plan: ObjectiveCommandInput[] = [];
    plan.push({
      type: 'CreateObjective',
      commandId: `seed-${seed.id}`,
      objectiveId: seed.id,
      definition: {
        title: seed.title,
        description: seed.description,
        owner: seed.owner,
        team: seed.team,
        kind: seed.kind,
        parentObjectiveId: DEMO_ALIGNMENT[seed.id] ?? null,
        progressMode: seed.progressMode ?? 'key_results',
      },
    });
    for (const kr of seed.keyResults) {
      plan.push({
        type: 'AddKeyResult',
        commandId: `seed-${kr.id}`,
        objectiveId: seed.id,
        keyResultId: kr.id,
        definition: {
          title: kr.title,
          owner: kr.owner ?? seed.owner,
          type: kr.type,
          unit: kr.unit,
          start: kr.start ?? null,
          target: kr.target ?? null,
          threshold: kr.threshold ?? null,
          milestones: (kr.milestones ?? []).map((milestone) => ({ ...milestone, weight: 1 })),
        },
      });
    }
    for (const initiative of seed.initiatives) {
      plan.push({
        type: 'AddInitiative',
        commandId: `seed-${initiative.id}`,
        objectiveId: seed.id,
        initiativeId: initiative.id,
        keyResultId: initiative.keyResultId,
        title: initiative.title,
        owner: seed.owner,
      });
    }
    await objectives(seed.owner, at, planning.state, seed.id, plan);
  }

  // 1 October: the quarter starts.
  const active = await runCycleCommand(writer(DEMO.admin, '2026-10-01T07:00:00Z'), {
    type: 'ActivateCycle',
    commandId: 'seed-demo-cycle-activate',
    cycleId: DEMO.cycleId,
  });
  commands += 1;
  commands += (await seedCarryOver(store, writer, DEMO.editor, active.state)).length;

  // Every Monday until today: check-ins, initiative progress, and once a mid-cycle change.
  let weeksOfCheckIns = 0;
  for (let week = 0; week < WEEKS; week += 1) {
    const monday = FIRST_CHECK_IN + week * 7 * DAY_MS;
    if (monday > now.getTime()) break;
    weeksOfCheckIns += 1;
    if (Date.parse(MID_CYCLE_CHANGE.at) <= monday && Date.parse(MID_CYCLE_CHANGE.at) > monday - 7 * DAY_MS) {
      await objective(DEMO.admin, MID_CYCLE_CHANGE.at, active.state, {
        type: 'EditKeyResult',
        commandId: 'seed-mid-cycle-change',
        objectiveId: MID_CYCLE_CHANGE.objectiveId,
        keyResultId: MID_CYCLE_CHANGE.keyResultId,
        changes: MID_CYCLE_CHANGE.changes,
        reason: MID_CYCLE_CHANGE.reason,
      });
    }
    // Each owner's week goes in as one append per objective (the command handler takes many commands for
    // a stream): the same events as one command at a time, in a quarter of the requests.
    let minute = 0;
    for (const seed of DEMO_OBJECTIVES) {
      const inWeek: ObjectiveCommandInput[] = [];
      let at = monday;
      for (const kr of seed.keyResults) {
        const measurement = kr.weekly[week];
        if (!measurement) continue;
        at = monday + minute++ * 60_000;
        inWeek.push({
          type: 'RecordCheckIn',
          commandId: `seed-${kr.id}-w${week + 1}`,
          objectiveId: seed.id,
          keyResultId: kr.id,
          checkInId: `chk_${kr.id.slice(3)}_w${week + 1}`,
          ...measurement,
          confidence: kr.confidence?.[week] ?? null,
          note: week === 0 ? 'Baseline at the start of the quarter' : `Weekly check-in, week ${week + 1}`,
          effectiveAt: new Date(at).toISOString(),
        });
      }
      for (const initiative of seed.initiatives) {
        const update = initiative.updates[week];
        if (!update) continue;
        at = monday + minute++ * 60_000;
        inWeek.push({
          type: 'UpdateInitiative',
          commandId: `seed-${initiative.id}-w${week + 1}`,
          objectiveId: seed.id,
          initiativeId: initiative.id,
          changes: update,
        });
      }
      await objectives(seed.owner, at, active.state, seed.id, inWeek);
    }
  }
  // After the latest check-ins the docs-review share is linked; a sync an hour later finds #N/A there.
  if (weeksOfCheckIns > 0) {
    const lastMonday = FIRST_CHECK_IN + (weeksOfCheckIns - 1) * 7 * DAY_MS;
    const linkedAt = Math.min(lastMonday + 2 * 3_600_000, now.getTime());
    await objective(DEMO.editor, linkedAt, active.state, {
      type: 'EditKeyResult',
      commandId: 'seed-link-renewal-rate',
      objectiveId: FAILING_LINK.objectiveId,
      keyResultId: FAILING_LINK.keyResultId,
      changes: { valueSource: FAILING_LINK.valueSource },
      reason: FAILING_LINK.reason,
    });
    await objective(DEMO.editor, Math.min(linkedAt + 3_600_000, now.getTime()), active.state, {
      type: 'ReportLinkedValueFailure',
      commandId: 'seed-link-renewal-rate-failed',
      objectiveId: FAILING_LINK.objectiveId,
      keyResultId: FAILING_LINK.keyResultId,
      problem: FAILING_LINK.problem,
      detail: FAILING_LINK.detail,
    });
  }
  return { commands, weeksOfCheckIns };
}
