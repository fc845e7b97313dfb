// The API under test, in process, over real DynamoDB Local tables: the event store, the views kept current
// by the projector's local poller, and tokens from a local issuer that go through the real verifier.
// `useApi()` wires it for one test file; the helpers below give the files a common cast and cycle.
import { randomUUID } from 'node:crypto';
import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import { EventStore } from '@okr-ledger/event-store';
import type { ObjectiveCommandInput, Role } from '@okr-ledger/okr-domain';
import { type LocalPoller, startLocalPoller } from '@okr-ledger/projector';
import { afterAll, beforeAll, expect } from 'vitest';
import type { ApiApp } from '../../../functions/api/src/app.js';
import type { LocalIssuer } from '../../../functions/api/src/auth/local-issuer.js';
import {
  buildTestApp,
  createOrganization,
  type LogLine,
  type Reply,
  type RequestOptions,
  readReply,
  requestInit,
} from '../../support/api-app.js';
import { type TestTables, useTestTables } from '../../support/dynamo.js';

export type { LogLine, Reply } from '../../support/api-app.js';
/** The options of `ApiHarness.call`; `as` defaults to the acme admin. */
export type CallOptions = RequestOptions;

export interface ApiHarness {
  readonly app: ApiApp;
  readonly store: EventStore;
  readonly issuer: LocalIssuer;
  readonly tables: TestTables;
  readonly logs: LogLine[];
  call<T = Record<string, unknown>>(method: string, path: string, options?: CallOptions): Promise<Reply<T>>;
  /** Waits until the views reflect every event written so far. */
  drain(): Promise<void>;
  /** Creates an organization with members, the way `npm run create-org` bootstraps one. */
  createOrganization(org: string, members: Record<string, Role>): Promise<void>;
}

export function useApi(): ApiHarness {
  const tables = useTestTables();
  const logs: LogLine[] = [];
  let app: ApiApp | undefined;
  let issuer: LocalIssuer | undefined;
  let poller: LocalPoller | undefined;
  const store = new EventStore({ client: tables.doc, tableName: tables.eventsTableName });

  beforeAll(async () => {
    ({ app, issuer } = await buildTestApp({
      store,
      doc: tables.doc,
      viewsTableName: tables.viewsTableName,
      logs,
    }));
    poller = startLocalPoller({
      endpoint: tables.endpoint,
      eventsTableName: tables.eventsTableName,
      viewsTableName: tables.viewsTableName,
      intervalMs: 50,
      logger: silentPowertoolsLogger(),
    });
  });
  afterAll(async () => {
    await poller?.stop();
  });

  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is only ready inside tests (after beforeAll)`);
    return value;
  };
  const authorization = async (email: string) => `Bearer ${await ready(issuer, 'the issuer').sign(email)}`;

  return {
    get app() {
      return ready(app, 'the app');
    },
    get issuer() {
      return ready(issuer, 'the issuer');
    },
    store,
    tables,
    logs,
    async call<T>(method: string, path: string, options: CallOptions = {}): Promise<Reply<T>> {
      const init = await requestInit(method, options, authorization, 'admin@acme.test');
      return readReply<T>(await ready(app, 'the app').request(path, init));
    },
    drain: () => ready(poller, 'poller').drain(),
    createOrganization: (org, members) => createOrganization(store, org, members),
  };
}

/** The poller logs through Powertools; its routine lines would drown the test output. */
const silentPowertoolsLogger = () => new PowertoolsLogger({ logLevel: 'SILENT' });

// ---------------------------------------------------------------------------------------------------------
// A common cast: organization `acme` with one person per role, and the cycle most files work in.

export const ACME = {
  org: 'acme',
  admin: 'admin@acme.test',
  editor: 'editor@acme.test',
  viewer: 'viewer@acme.test',
  cycle: '2026-Q4',
} as const;

export async function createAcme(api: ApiHarness): Promise<void> {
  await api.createOrganization(ACME.org, {
    [ACME.admin]: 'admin',
    [ACME.editor]: 'editor',
    [ACME.viewer]: 'viewer',
  });
}

/** A cycle through the API (admin), optionally activated. */
export async function createCycle(
  api: ApiHarness,
  cycleId: string,
  options: { activate?: boolean; org?: string; as?: string } = {},
): Promise<void> {
  const org = options.org ?? ACME.org;
  const as = options.as ?? ACME.admin;
  const created = await api.call('POST', `/v1/orgs/${org}/cycles`, {
    as,
    body: { cycleId, startsOn: '2026-10-01', endsOn: '2026-12-31', timeZone: 'Europe/Berlin' },
  });
  expect(created.status, created.text).toBe(201);
  if (options.activate) {
    const activated = await api.call('POST', `/v1/orgs/${org}/cycles/${cycleId}/activate`, { as });
    expect(activated.status, activated.text).toBe(200);
  }
}

let sequence = 0;
/** A fresh command id per call, readable in failures. */
export const commandId = (label = 'cmd') => {
  sequence += 1;
  return `${label}-${sequence}-${randomUUID().slice(0, 8)}`;
};

/** The worked example of DOMAIN.md: onboarding, three KRs (decrease 24→9, increase 41→75, increase 8.1→9.0). */
export function onboardingObjective(objectiveId: string, prefix: string): ObjectiveCommandInput[] {
  const kr = (suffix: string) => `kr_${prefix}_${suffix}`;
  return [
    {
      type: 'CreateObjective',
      commandId: commandId('create'),
      objectiveId,
      definition: {
        title: 'Make customer onboarding dramatically faster and more predictable',
        owner: ACME.editor,
        team: 'Customer Success',
      },
    },
    {
      type: 'AddKeyResult',
      commandId: commandId('kr'),
      objectiveId,
      keyResultId: kr('days'),
      definition: {
        title: 'Reduce median onboarding time from 24 days to 9 days',
        type: 'decrease',
        start: 24,
        target: 9,
        unit: 'days',
      },
    },
    {
      type: 'AddKeyResult',
      commandId: commandId('kr'),
      objectiveId,
      keyResultId: kr('adoption'),
      definition: {
        title: 'Increase week-2 product adoption from 41% to 75%',
        type: 'increase',
        start: 41,
        target: 75,
        unit: '%',
      },
    },
    {
      type: 'AddKeyResult',
      commandId: commandId('kr'),
      objectiveId,
      keyResultId: kr('csat'),
      definition: {
        title: 'Raise onboarding satisfaction from 8.1 to 9.0',
        type: 'increase',
        start: 8.1,
        target: 9.0,
        unit: '/10',
      },
    },
  ];
}

export interface BatchReply {
  results: { status: string; commandId: string; objectiveId: string | null; [key: string]: unknown }[];
  objectives: {
    id: string;
    title: string;
    version: number;
    keyResults: { id: string; current: number | null; progress: number }[];
  }[];
  summary: { applied: number; conflicts: number; invalid: number };
}

export async function push(
  api: ApiHarness,
  commands: unknown[],
  options: { cycle?: string; org?: string; as?: string } = {},
): Promise<Reply<BatchReply>> {
  return api.call<BatchReply>(
    'POST',
    `/v1/orgs/${options.org ?? ACME.org}/cycles/${options.cycle ?? ACME.cycle}/commands`,
    { as: options.as ?? ACME.editor, body: { commands } },
  );
}
