// The demo's teams, alignment and carry-over (docs/alignment.md): teams for the names the quarter's
// objectives use (under a Go-to-market parent), an editor scoped to Go-to-market, the annual cycle 2026
// with a company objective that two Q4 team objectives align to, and a closed 2026-Q3 whose unfinished
// KRs are carried over into Q4. Through the real command path with a simulated clock, like the rest.
import {
  carryOver,
  loadCycle,
  loadObjective,
  runCycleCommand,
  runObjectiveCommand,
  runObjectiveCommands,
  runOrganizationCommand,
  type Writer,
} from '@okr-ledger/command-handling';
import type { EventStore } from '@okr-ledger/event-store';
import { type CycleState, type ObjectiveCommandInput, ObjectiveCommandSchema } from '@okr-ledger/okr-domain';

export const DEMO_YEAR = '2026';
export const DEMO_PREVIOUS_QUARTER = '2026-Q3';
export const COMPANY_OBJECTIVE = 'obj_company_2026';
export const SCOPED_EDITOR = 'gtm-lead@example.com';

/** The Q4 objectives aligned to the company objective for the year (and their contribution weights). */
export const DEMO_ALIGNMENT: Record<string, string> = {
  obj_onboarding_speed: COMPANY_OBJECTIVE,
  obj_customer_churn: COMPANY_OBJECTIVE,
};

const TEAMS = [
  { teamId: 'team_gtm', name: 'Go-to-market', parentTeamId: null },
  { teamId: 'team_customer-success', name: 'Customer Success', parentTeamId: 'team_gtm' },
  { teamId: 'team_support', name: 'Support', parentTeamId: 'team_gtm' },
  { teamId: 'team_data', name: 'Data', parentTeamId: null },
  { teamId: 'team_strategy', name: 'Strategy', parentTeamId: null },
] as const;

type WriterAt = (email: string, at: string | number) => Writer;

interface Plan {
  writer: WriterAt;
  admin: string;
  owner: string;
  now: Date;
}

async function objective(writer: Writer, cycle: CycleState, input: ObjectiveCommandInput) {
  await runObjectiveCommand(writer, ObjectiveCommandSchema.parse(input), { cycle });
}

/** Several commands of one objective in one append; each must apply (the demo seed's plans and weeks too). */
export async function appendToObjective(
  writer: Writer,
  cycle: CycleState,
  objectiveId: string,
  inputs: ObjectiveCommandInput[],
) {
  const parsed = inputs.map((input) => ObjectiveCommandSchema.parse(input));
  const handled = await runObjectiveCommands(writer, cycle, objectiveId, parsed);
  const refused = handled.verdicts.find((verdict) => verdict.status !== 'applied');
  if (refused !== undefined)
    throw new Error(`seed: ${objectiveId} refused a command: ${JSON.stringify(refused)}`);
}

/** Teams, the scoped editor, the year with its company objective, and the closed previous quarter. */
export async function seedTeamsAndYear(plan: Plan): Promise<number> {
  const { writer, admin, owner, now } = plan;
  let commands = 0;
  for (const [index, team] of TEAMS.entries()) {
    await runOrganizationCommand(writer(admin, Date.parse('2026-09-14T08:10:00Z') + index * 60_000), {
      type: 'CreateTeam',
      commandId: `seed-demo-${team.teamId}`,
      ...team,
      leads: team.teamId === 'team_gtm' ? [SCOPED_EDITOR] : [],
      members: [],
    });
    commands += 1;
  }
  await runOrganizationCommand(writer(admin, '2026-09-14T08:20:00Z'), {
    type: 'PutMember',
    commandId: 'seed-demo-member-scoped',
    email: SCOPED_EDITOR,
    role: 'editor',
    teams: ['team_gtm'],
  });

  const year = await cycle(
    writer(admin, '2026-09-14T09:00:00Z'),
    DEMO_YEAR,
    'Company 2026',
    '2026-01-01',
    '2026-12-31',
  );
  await objective(writer(admin, '2026-09-14T09:10:00Z'), year, {
    type: 'CreateObjective',
    commandId: 'seed-obj_company_2026',
    objectiveId: COMPANY_OBJECTIVE,
    definition: {
      title: 'Become the easiest B2B tool to start with',
      description: 'The company objective for 2026 that team objectives align to.',
      owner: admin,
      team: null,
    },
  });
  await objective(writer(admin, '2026-09-14T09:11:00Z'), year, {
    type: 'AddKeyResult',
    commandId: 'seed-kr_company_nrr',
    objectiveId: COMPANY_OBJECTIVE,
    keyResultId: 'kr_company_nrr',
    reason: 'The annual plan, approved in September',
    definition: {
      title: 'Grow net revenue retention from 98% to 110%',
      type: 'increase',
      start: 98,
      target: 110,
      unit: '%',
      owner: admin,
    },
  });
  commands += 4;
  for (const [month, value] of [
    ['2026-09-14T09:12:00Z', 101],
    ['2026-10-01T09:00:00Z', 102],
    ['2026-11-02T09:00:00Z', 104],
    ['2026-12-01T09:00:00Z', 105],
  ] as const) {
    if (Date.parse(month) > now.getTime()) break;
    await objective(writer(admin, month), year, {
      type: 'RecordCheckIn',
      commandId: `seed-kr_company_nrr-${month.slice(0, 10)}`,
      objectiveId: COMPANY_OBJECTIVE,
      keyResultId: 'kr_company_nrr',
      checkInId: `chk_company_nrr_${month.slice(0, 10)}`,
      value,
      note: 'Monthly finance report',
      effectiveAt: month,
    });
    commands += 1;
  }
  return commands + (await seedPreviousQuarter(writer, admin, owner));
}

async function cycle(writer: Writer, cycleId: string, title: string, startsOn: string, endsOn: string) {
  await runCycleCommand(writer, {
    type: 'CreateCycle',
    commandId: `seed-demo-cycle-${cycleId}`,
    cycleId,
    title,
    startsOn,
    endsOn,
    timeZone: 'Europe/Berlin',
  });
  return (
    await runCycleCommand(writer, {
      type: 'ActivateCycle',
      commandId: `seed-demo-cycle-${cycleId}-activate`,
      cycleId,
    })
  ).state;
}

const Q3_OBJECTIVE = 'obj_q3_self_serve';
/** When the imported readings were true: the end of July, of August, and the last before the import. */
const Q3_READINGS = ['2026-07-27T08:00:00Z', '2026-08-24T08:00:00Z', '2026-09-11T08:00:00Z'];
const Q3_KEY_RESULTS = [
  {
    id: 'kr_q3_activation',
    title: 'Increase self-serve activation from 20% to 40%',
    start: 20,
    target: 40,
    unit: '%',
    values: [24, 29, 34],
  },
  {
    id: 'kr_q3_setup_tickets',
    title: 'Cut setup tickets per new account from 6 to 3',
    start: 6,
    target: 3,
    unit: 'tickets',
    values: [5, 4, 3],
  },
  {
    id: 'kr_q3_trial_to_paid',
    title: 'Raise trial-to-paid conversion from 8% to 12%',
    start: 8,
    target: 12,
    unit: '%',
    values: [8.5, 9.5, 10],
  },
];

/**
 * 2026-Q3, imported on the day the company started (so its check-ins are late in its audit, as an
 * import's are), aligned to the year and closed with its grades.
 */
async function seedPreviousQuarter(writer: WriterAt, admin: string, owner: string): Promise<number> {
  let at = Date.parse('2026-09-14T10:00:00Z');
  const next = () => {
    at += 60_000;
    return at;
  };
  const q3 = await cycle(writer(admin, next()), DEMO_PREVIOUS_QUARTER, 'Q3 2026', '2026-07-01', '2026-09-30');
  // The import is one push: the objective, its KRs and their readings in one append.
  const imported: ObjectiveCommandInput[] = [];
  imported.push({
    type: 'CreateObjective',
    commandId: `seed-${Q3_OBJECTIVE}`,
    objectiveId: Q3_OBJECTIVE,
    definition: {
      title: 'Let new customers get started on their own',
      owner,
      team: 'team_customer-success',
      parentObjectiveId: COMPANY_OBJECTIVE,
    },
  });
  let commands = 3;
  for (const kr of Q3_KEY_RESULTS) {
    imported.push({
      type: 'AddKeyResult',
      commandId: `seed-${kr.id}`,
      objectiveId: Q3_OBJECTIVE,
      keyResultId: kr.id,
      reason: 'Imported with the quarter',
      definition: {
        title: kr.title,
        type: kr.start < kr.target ? 'increase' : 'decrease',
        start: kr.start,
        target: kr.target,
        unit: kr.unit,
        owner,
      },
    });
    commands += 1;
    for (const [month, value] of kr.values.entries()) {
      const effectiveAt = Q3_READINGS[month] ?? '2026-09-11T08:00:00Z';
      imported.push({
        type: 'RecordCheckIn',
        commandId: `seed-${kr.id}-m${month + 1}`,
        objectiveId: Q3_OBJECTIVE,
        keyResultId: kr.id,
        checkInId: `chk_${kr.id.slice(3)}_m${month + 1}`,
        value,
        note: 'Imported from the Q3 spreadsheet',
        effectiveAt,
      });
      commands += 1;
    }
  }
  await appendToObjective(writer(owner, next()), q3, Q3_OBJECTIVE, imported);
  await runCycleCommand(writer(admin, '2026-10-01T06:00:00Z'), {
    type: 'CloseCycle',
    commandId: 'seed-demo-cycle-2026-Q3-close',
    cycleId: DEMO_PREVIOUS_QUARTER,
  });
  return commands + 1;
}

/** The first morning of Q4: the previous quarter's unfinished KRs carried over (progress below 1). */
export async function seedCarryOver(store: EventStore, writer: WriterAt, owner: string, target: CycleState) {
  const carrier = writer(owner, '2026-10-01T07:30:00Z');
  const source = await loadCycle(store, carrier.org, DEMO_PREVIOUS_QUARTER);
  const previous = await loadObjective(store, carrier.org, Q3_OBJECTIVE);
  if (!source || !previous) throw new Error('the demo previous quarter is missing');
  return carryOver(carrier, {
    source,
    target,
    sourceObjectives: [previous],
    objectiveIds: [Q3_OBJECTIVE],
    keyResultIds: [],
    commandId: 'seed-demo-carry-over',
  });
}
