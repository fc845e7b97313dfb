// GET/PUT /settings and the digest subscription on DynamoDB Local: bad digest settings are refused with
// 422 naming each field and change nothing; good ones round-trip (fields left out keep their values); a
// member opts themselves out and back in, and cannot opt anyone else out.
import { streamIdOf } from '@okr-ledger/okr-domain';
import { beforeAll, describe, expect, it } from 'vitest';
import { ACME, createAcme, useApi } from './support.js';

const api = useApi();
const SETTINGS = `/v1/orgs/${ACME.org}/settings`;

interface Settings {
  checkInCadenceDays: number;
  digest: Record<string, unknown>;
  digestSubscribed: boolean;
}
interface Problem {
  code: string;
  errors: { path: string; message: string }[];
}

beforeAll(async () => {
  await createAcme(api);
  // Each first sign-in binds the member's account (an organization event): done before versions are compared.
  for (const as of [ACME.admin, ACME.editor, ACME.viewer]) await api.call('GET', SETTINGS, { as });
});

const organizationVersion = async () =>
  (await api.store.readTip(ACME.org, streamIdOf.organization()))?.version ?? 0;

describe('PUT /settings with bad digest settings', () => {
  it.each([
    ['an unknown time zone', { timeZone: 'Mars/Olympus' }, 'digest.timeZone'],
    ['hour 25', { hour: 25 }, 'digest.hour'],
    [
      'a webhook on a host not on the allowlist',
      { webhookUrl: 'https://example.com/hook' },
      'digest.webhookUrl',
    ],
    ['a webhook over http', { webhookUrl: 'http://hooks.slack.com/services/T/B/x' }, 'digest.webhookUrl'],
  ])('refuses %s with 422 naming the field, and writes nothing', async (_what, digest, field) => {
    // Prepare
    const before = await organizationVersion();

    // Act
    const reply = await api.call<Problem>('PUT', SETTINGS, { body: { checkInCadenceDays: 10, digest } });

    // Assess
    expect(reply.status, reply.text).toBe(422);
    expect(reply.body.code).toBe('invalid_settings');
    expect(reply.body.errors.map((error) => error.path)).toEqual([field]);
    expect(await organizationVersion()).toBe(before);
  });

  it('names every broken field at once', async () => {
    const reply = await api.call<Problem>('PUT', SETTINGS, {
      body: {
        digest: { hour: -1, timeZone: 'Nowhere/City', webhookUrl: 'https://hooks.slack.com.evil.test/x' },
      },
    });
    expect(reply.status).toBe(422);
    expect(reply.body.errors.map((error) => error.path)).toEqual([
      'digest.hour',
      'digest.timeZone',
      'digest.webhookUrl',
    ]);
  });

  it('is refused to an editor', async () => {
    const reply = await api.call('PUT', SETTINGS, { as: ACME.editor, body: { digest: { hour: 8 } } });
    expect(reply.status).toBe(403);
  });
});

describe('PUT /settings with good settings', () => {
  it('round-trips, keeps the fields left out, and any member reads them', async () => {
    // Act
    const first = await api.call<Settings>('PUT', SETTINGS, {
      body: {
        checkInCadenceDays: 14,
        digest: {
          weekday: 'friday',
          hour: 16,
          timeZone: 'America/New_York',
          webhookUrl: 'https://hooks.slack.com/services/T000/B000/secret',
          spreadsheetId: 'sheet_ABC-123',
        },
      },
    });
    const second = await api.call<Settings>('PUT', SETTINGS, { body: { digest: { email: false } } });
    const read = await api.call<Settings>('GET', SETTINGS, { as: ACME.viewer });

    // Assess
    expect(first.status, first.text).toBe(200);
    expect(second.status, second.text).toBe(200);
    expect(read.body).toEqual({
      checkInCadenceDays: 14,
      digest: {
        weekday: 'friday',
        hour: 16,
        timeZone: 'America/New_York',
        email: false,
        webhookUrl: 'https://hooks.slack.com/services/T000/B000/secret',
        spreadsheetId: 'sheet_ABC-123',
      },
      digestSubscribed: true,
    });
  });

  it('clears the zone and the webhook with null', async () => {
    const reply = await api.call<Settings>('PUT', SETTINGS, {
      body: { digest: { timeZone: null, webhookUrl: null } },
    });
    expect(reply.body.digest).toMatchObject({ timeZone: null, webhookUrl: null, weekday: 'friday' });
  });
});

describe('the digest subscription', () => {
  it('lets a viewer opt out and back in, for themselves only', async () => {
    // Act
    const out = await api.call<Settings>('PUT', `${SETTINGS}/digest-subscription`, {
      as: ACME.viewer,
      body: { subscribed: false },
    });
    const viewerReads = await api.call<Settings>('GET', SETTINGS, { as: ACME.viewer });
    const editorReads = await api.call<Settings>('GET', SETTINGS, { as: ACME.editor });
    const organization = await api.store.readTip<{ digestOptOuts?: string[] }>(
      ACME.org,
      streamIdOf.organization(),
    );
    const back = await api.call<Settings>('PUT', `${SETTINGS}/digest-subscription`, {
      as: ACME.viewer,
      body: { subscribed: true },
    });

    // Assess
    expect(out.status, out.text).toBe(200);
    expect(viewerReads.body.digestSubscribed).toBe(false);
    expect(editorReads.body.digestSubscribed).toBe(true);
    expect(organization?.snapshot.digestOptOuts).toEqual([ACME.viewer]);
    expect(back.body.digestSubscribed).toBe(true);
  });

  it('refuses a body that is not a boolean', async () => {
    const reply = await api.call('PUT', `${SETTINGS}/digest-subscription`, {
      as: ACME.viewer,
      body: { subscribed: 'no' },
    });
    expect(reply.status).toBe(400);
  });
});
