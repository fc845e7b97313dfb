// The organization the load and fault tests work in, set up through the API itself: members, an active
// cycle around today (so check-ins dated now are inside it whatever day the suite runs), and objectives
// with increase KRs that check-ins and edits can target.
import type { Role } from '@okr-ledger/okr-domain';
import { createOrganization, type LoadApi } from './api-harness.js';

export interface SeededObjective {
  objectiveId: string;
  keyResultIds: string[];
}

export interface Seeded {
  org: string;
  cycleId: string;
  admin: string;
  editors: string[];
  objectives: SeededObjective[];
}

export interface SeedOptions {
  org: string;
  editors: number;
  objectives: number;
  keyResultsPerObjective: number;
  cycleId?: string;
  /** More people and their roles, besides the admin and the editors. */
  extraMembers?: Record<string, Role>;
}

const DAY_MS = 86_400_000;
const isoDay = (instant: number) => new Date(instant).toISOString().slice(0, 10);

/** A quarter-long cycle that started a month ago. */
export const cycleDatesAroundNow = (now = Date.now()) => ({
  startsOn: isoDay(now - 30 * DAY_MS),
  endsOn: isoDay(now + 60 * DAY_MS),
});

export const editorEmail = (org: string, index: number) => `editor${index}@${org}.test`;

export async function seedOrganization(api: LoadApi, options: SeedOptions): Promise<Seeded> {
  const { org } = options;
  const cycleId = options.cycleId ?? 'load-q';
  const admin = `admin@${org}.test`;
  const editors = Array.from({ length: options.editors }, (_, index) => editorEmail(org, index));
  const members: Record<string, Role> = { [admin]: 'admin' };
  for (const editor of editors) members[editor] = 'editor';
  Object.assign(members, options.extraMembers);
  await createOrganization(api.store, org, members);

  const created = await api.request('POST', `/v1/orgs/${org}/cycles`, {
    as: admin,
    body: { cycleId, title: 'Load quarter', ...cycleDatesAroundNow(), timeZone: 'Europe/Berlin' },
  });
  expectStatus(created.status, 201, created.text);

  const objectives: SeededObjective[] = Array.from({ length: options.objectives }, (_, index) => ({
    objectiveId: `obj_${org.replace(/[^a-z0-9]/g, '')}shared${index}`,
    keyResultIds: Array.from(
      { length: options.keyResultsPerObjective },
      (_, kr) => `kr_${org.replace(/[^a-z0-9]/g, '')}o${index}k${kr}`,
    ),
  }));
  const commands = objectives.flatMap(({ objectiveId, keyResultIds }, index) => [
    {
      type: 'CreateObjective',
      commandId: `seed-${objectiveId}`,
      objectiveId,
      definition: { title: `Customers adopt the product faster (${index})`, owner: admin, team: 'load' },
    },
    ...keyResultIds.map((keyResultId, kr) => ({
      type: 'AddKeyResult',
      commandId: `seed-${keyResultId}`,
      objectiveId,
      keyResultId,
      definition: {
        title: `Raise weekly active teams from 10 to ${100 + kr}`,
        type: 'increase',
        start: 10,
        target: 100 + kr,
        unit: 'teams',
      },
    })),
  ]);
  const pushed = await api.request('POST', `/v1/orgs/${org}/cycles/${cycleId}/commands`, {
    as: admin,
    body: { commands },
  });
  expectStatus(pushed.status, 200, pushed.text);
  const summary = (pushed.body as { summary?: { applied?: number } }).summary;
  if (summary?.applied !== commands.length) throw new Error(`seeding the objectives failed: ${pushed.text}`);

  const activated = await api.request('POST', `/v1/orgs/${org}/cycles/${cycleId}/activate`, { as: admin });
  expectStatus(activated.status, 200, activated.text);
  // The first request of each person binds their Google subject (an organization write): done here, so
  // the tests measure commands rather than first sign-ins, and no later answer includes such a write.
  for (const person of Object.keys(members)) {
    const me = await api.request('GET', `/v1/orgs/${org}/me`, { as: person });
    expectStatus(me.status, 200, me.text);
  }
  return { org, cycleId, admin, editors, objectives };
}

function expectStatus(actual: number, expected: number, text: string): void {
  if (actual !== expected) throw new Error(`expected ${expected}, got ${actual}: ${text}`);
}
