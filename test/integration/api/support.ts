// The API under test, in process, over real DynamoDB Local tables: the event store, the views kept current
// by the projector's local poller, and tokens from a local issuer that go through the real verifier.
// `useApi()` wires it for one test file; the helpers below give the files a common cast and cycle.
import { randomUUID } from 'node:crypto';
import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import { EventStore } from '@okr-ledger/event-store';
import type { ObjectiveCommandInput, Role } from '@okr-ledger/okr-domain';
import { createViewsReader } from '@okr-ledger/projections';
import { type LocalPoller, startLocalPoller } from '@okr-ledger/projector';
import { afterAll, beforeAll, expect } from 'vitest';
import { type ApiApp, createApp } from '../../../functions/api/src/app.js';
import { createLocalIssuer, type LocalIssuer } from '../../../functions/api/src/auth/local-issuer.js';
import { createTokenVerifier } from '../../../functions/api/src/auth/verify-token.js';
import { runOrganizationCommand } from '../../../functions/api/src/commands/streams.js';
import type { ApiLogger } from '../../../functions/api/src/deps.js';
import { type TestTables, useTestTables } from '../../support/dynamo.js';

export interface LogLine {
  level: 'info' | 'warn' | 'error';
  message: unknown;
  extra: unknown[];
}

export interface Reply<T = unknown> {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed JSON body (null when the body is not JSON). */
  body: T;
}

export interface CallOptions {
  /** An email (a valid token is signed for it), a raw Authorization header value, or null for none. */
  as?: string | { authorization: string } | null;
  body?: unknown;
  /** A raw body, sent as it is (for malformed JSON and size limits). */
  rawBody?: string;
  headers?: Record<string, string>;
}

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
  const logger: ApiLogger = {
    info: (message, ...extra) => logs.push({ level: 'info', message, extra }),
    warn: (message, ...extra) => logs.push({ level: 'warn', message, extra }),
    error: (message, ...extra) => logs.push({ level: 'error', message, extra }),
  };
  let app: ApiApp | undefined;
  let issuer: LocalIssuer | undefined;
  let poller: LocalPoller | undefined;
  const store = new EventStore({ client: tables.doc, tableName: tables.eventsTableName });

  beforeAll(async () => {
    issuer = await createLocalIssuer();
    app = createApp({
      store,
      views: createViewsReader({ doc: tables.doc, viewsTableName: tables.viewsTableName, pointerCacheMs: 0 }),
      verifyToken: createTokenVerifier({
        keys: issuer.keys,
        issuers: [issuer.issuer],
        audience: issuer.audience,
        allowedHostedDomains: [],
      }),
      clock: () => new Date(),
      logger,
    });
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
      const headers = new Headers(options.headers);
      const as = options.as === undefined ? 'admin@acme.test' : options.as;
      if (typeof as === 'string')
        headers.set('authorization', `Bearer ${await ready(issuer, 'issuer').sign(as)}`);
      else if (as !== null) headers.set('authorization', as.authorization);
      let body: string | undefined = options.rawBody;
      if (options.body !== undefined) {
        body = JSON.stringify(options.body);
        if (!headers.has('content-type')) headers.set('content-type', 'application/json');
      }
      const response = await ready(app, 'app').request(path, { method, headers, body });
      const text = await response.text();
      let parsed: unknown = null;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        parsed = null;
      }
      return { status: response.status, headers: response.headers, text, body: parsed as T };
    },
    drain: () => ready(poller, 'poller').drain(),
    async createOrganization(org, members) {
      const admins = Object.entries(members).filter(([, role]) => role === 'admin');
      const first = admins[0]?.[0];
      if (!first) throw new Error('an organization needs an admin');
      const writer = {
        store,
        org,
        actor: { sub: 'bootstrap', email: first },
        role: 'admin' as const,
        clock: () => new Date(),
      };
      await runOrganizationCommand(writer, {
        type: 'CreateOrganization',
        commandId: `org-${randomUUID()}`,
        organizationId: org,
        name: org,
        timeZone: 'Europe/Berlin',
        firstAdminEmail: first,
      });
      for (const [email, role] of Object.entries(members)) {
        if (email === first) continue;
        await runOrganizationCommand(writer, {
          type: 'PutMember',
          commandId: `member-${randomUUID()}`,
          email,
          role,
        });
      }
    },
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
