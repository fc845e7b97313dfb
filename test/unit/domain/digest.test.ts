// The digest's schedule (the worked vectors of docs/digests.md, daylight-saving switches included), its
// webhook rule, and the organization decider's digest commands: settings, opt-outs, the week's claim and
// record.
import {
  DEFAULT_DIGEST_SETTINGS,
  type DigestSettings,
  digestSettingsOf,
  digestSlotAt,
  digestTimeZone,
  hasOptedOut,
  isoWeekOf,
  type OrganizationEvent,
  webhookUrlProblem,
} from '@okr-ledger/okr-domain';
import { describe, expect, it } from 'vitest';
import { ALICE, adminCtx, BOB, givenOrganization } from './specification.js';

const monday9 = DEFAULT_DIGEST_SETTINGS;
const sunday = (hour: number): DigestSettings => ({ ...DEFAULT_DIGEST_SETTINGS, weekday: 'sunday', hour });

// id, zone, settings, now, local date, local hour, week, slot due
const VECTORS: [string, string, DigestSettings, string, string, number, string, boolean][] = [
  ['S1', 'Europe/Berlin', monday9, '2026-12-07T08:00:00Z', '2026-12-07', 9, '2026-W50', true],
  ['S2', 'Europe/Berlin', monday9, '2026-12-07T07:59:00Z', '2026-12-07', 8, '2026-W50', false],
  ['S3', 'Europe/Berlin', monday9, '2026-06-01T07:00:00Z', '2026-06-01', 9, '2026-W23', true],
  ['S4', 'Europe/Berlin', monday9, '2026-06-01T06:00:00Z', '2026-06-01', 8, '2026-W23', false],
  ['S5', 'Europe/Berlin', sunday(2), '2026-03-29T00:00:00Z', '2026-03-29', 1, '2026-W13', false],
  ['S6', 'Europe/Berlin', sunday(2), '2026-03-29T01:00:00Z', '2026-03-29', 3, '2026-W13', true],
  ['S7', 'America/New_York', sunday(1), '2026-11-01T05:00:00Z', '2026-11-01', 1, '2026-W44', true],
  ['S8', 'America/New_York', sunday(1), '2026-11-01T06:00:00Z', '2026-11-01', 1, '2026-W44', true],
  ['S9', 'Asia/Tokyo', monday9, '2026-12-07T00:00:00Z', '2026-12-07', 9, '2026-W50', true],
  ['S10', 'Asia/Tokyo', monday9, '2026-12-06T23:00:00Z', '2026-12-07', 8, '2026-W50', false],
  ['S11', 'Europe/Berlin', monday9, '2026-12-07T22:59:00Z', '2026-12-07', 23, '2026-W50', true],
  ['S12', 'Europe/Berlin', monday9, '2026-12-07T23:00:00Z', '2026-12-08', 0, '2026-W50', false],
  ['S13', 'Pacific/Auckland', monday9, '2026-12-06T20:00:00Z', '2026-12-07', 9, '2026-W50', true],
  ['S14', 'Europe/Berlin', monday9, '2026-12-28T08:00:00Z', '2026-12-28', 9, '2026-W53', true],
  ['S15', 'Europe/Berlin', monday9, '2027-01-04T08:00:00Z', '2027-01-04', 9, '2027-W01', true],
  [
    'S16',
    'America/Los_Angeles',
    { ...monday9, weekday: 'friday', hour: 17 },
    '2027-01-02T00:30:00Z',
    '2027-01-01',
    16,
    '2026-W53',
    false,
  ],
];

describe('the digest slot (docs/digests.md vectors)', () => {
  it.each(VECTORS)('%s: %s, now %s', (_id, zone, settings, now, date, hour, week, due) => {
    expect(digestSlotAt(settings, zone, now)).toMatchObject({ date, hour, week, due });
  });

  it('numbers ISO weeks across year ends', () => {
    expect(isoWeekOf('2026-01-01')).toBe('2026-W01');
    expect(isoWeekOf('2025-12-29')).toBe('2026-W01');
    expect(isoWeekOf('2027-01-01')).toBe('2026-W53');
    expect(isoWeekOf('2027-01-03')).toBe('2026-W53');
  });

  it("reads the clock in the setting's zone, else the active cycle's, else the organization's", () => {
    expect(digestTimeZone({ ...monday9, timeZone: 'Asia/Tokyo' }, 'Europe/Berlin', 'UTC')).toBe('Asia/Tokyo');
    expect(digestTimeZone(monday9, 'Europe/Berlin', 'UTC')).toBe('Europe/Berlin');
    expect(digestTimeZone(monday9, null, 'America/New_York')).toBe('America/New_York');
  });
});

describe('webhookUrlProblem', () => {
  it('accepts https webhooks on the allowed hosts', () => {
    expect(webhookUrlProblem('https://hooks.slack.com/services/T0/B0/xyz')).toBeNull();
    expect(webhookUrlProblem('https://chat.googleapis.com/v1/spaces/AAA/messages?key=k&token=t')).toBeNull();
  });

  it.each([
    ['http://hooks.slack.com/services/x', 'https'],
    ['https://hooks.slack.com.evil.example/services/x', 'allowed host'],
    ['https://evil.example/hooks.slack.com', 'allowed host'],
    ['https://user:pw@hooks.slack.com/services/x', 'credentials'],
    ['https://hooks.slack.com:8443/services/x', 'port'],
    ['hooks.slack.com/services/x', 'absolute URL'],
  ])('refuses %s (%s)', (url, why) => {
    expect(webhookUrlProblem(url)).toContain(why);
  });
});

const created: OrganizationEvent = {
  type: 'OrganizationCreated',
  data: { organizationId: 'acme', name: 'Acme', timeZone: 'Europe/Berlin' },
};
const organization: OrganizationEvent[] = [
  created,
  { type: 'MemberAdded', data: { email: 'alice@example.com', role: 'admin' } },
  { type: 'MemberAdded', data: { email: 'bob@example.com', role: 'viewer' } },
];

describe('SetDigestSettings', () => {
  it('changes the fields given and keeps the others; an unchanged setting records nothing', () => {
    const after = { ...DEFAULT_DIGEST_SETTINGS, weekday: 'friday' as const, hour: 16 };
    const state = givenOrganization(organization)
      .when({ type: 'SetDigestSettings', digest: { weekday: 'friday', hour: 16 } }, adminCtx())
      .thenEmits([{ type: 'DigestSettingsChanged', data: { before: DEFAULT_DIGEST_SETTINGS, after } }]);
    expect(state && digestSettingsOf(state)).toEqual(after);
    givenOrganization(organization)
      .when({ type: 'SetDigestSettings', digest: { hour: 9, email: true } }, adminCtx())
      .thenEmits([]);
  });

  it('names the broken field: hour, zone, webhook host, spreadsheet id', () => {
    const given = givenOrganization(organization);
    given
      .when({ type: 'SetDigestSettings', digest: { hour: 25 } }, adminCtx())
      .thenRejects('invalid_settings', ['digest', 'hour']);
    given
      .when({ type: 'SetDigestSettings', digest: { timeZone: 'Mars/Olympus' } }, adminCtx())
      .thenRejects('invalid_settings', ['digest', 'timeZone']);
    given
      .when({ type: 'SetDigestSettings', digest: { webhookUrl: 'https://example.com/hook' } }, adminCtx())
      .thenRejects('invalid_settings', ['digest', 'webhookUrl']);
    given
      .when({ type: 'SetDigestSettings', digest: { spreadsheetId: 'a/b' } }, adminCtx())
      .thenRejects('invalid_settings', ['digest', 'spreadsheetId']);
  });

  it('is admin work', () => {
    givenOrganization(organization)
      .when({ type: 'SetDigestSettings', digest: { hour: 8 } }, adminCtx({ role: 'editor' }))
      .thenRejects('forbidden');
  });
});

describe('SetDigestOptOut', () => {
  it('lets a member opt themselves out and back in', () => {
    const out = givenOrganization(organization)
      .when(
        { type: 'SetDigestOptOut', email: 'Bob@Example.com', optedOut: true },
        adminCtx({ role: 'viewer', actor: BOB }),
      )
      .thenEmits([{ type: 'DigestOptOutChanged', data: { email: 'bob@example.com', optedOut: true } }]);
    expect(out && hasOptedOut(out, 'bob@example.com')).toBe(true);
    const back = givenOrganization([
      ...organization,
      { type: 'DigestOptOutChanged', data: { email: 'bob@example.com', optedOut: true } },
    ])
      .when(
        { type: 'SetDigestOptOut', email: 'bob@example.com', optedOut: false },
        adminCtx({ role: 'viewer', actor: BOB }),
      )
      .thenEmits([{ type: 'DigestOptOutChanged', data: { email: 'bob@example.com', optedOut: false } }]);
    expect(back && hasOptedOut(back, 'bob@example.com')).toBe(false);
  });

  it("refuses a member changing someone else's subscription, and a non-member", () => {
    givenOrganization(organization)
      .when(
        { type: 'SetDigestOptOut', email: 'alice@example.com', optedOut: true },
        adminCtx({ role: 'viewer', actor: BOB }),
      )
      .thenRejects('forbidden', ['email']);
    givenOrganization(organization)
      .when(
        { type: 'SetDigestOptOut', email: 'carol@example.com', optedOut: true },
        adminCtx({ actor: ALICE }),
      )
      .thenRejects('not_found', ['email']);
  });
});

describe('ClaimDigest and RecordDigest', () => {
  const claimed: OrganizationEvent = { type: 'DigestClaimed', data: { week: '2026-W50' } };

  it('claims a week once', () => {
    const state = givenOrganization(organization)
      .when({ type: 'ClaimDigest', week: '2026-W50' }, adminCtx())
      .thenEmits([claimed]);
    expect(state?.lastDigest).toMatchObject({ week: '2026-W50', recordedAt: null });
    givenOrganization([...organization, claimed])
      .when({ type: 'ClaimDigest', week: '2026-W50' }, adminCtx())
      .thenRejects('digest_already_claimed', ['week']);
    givenOrganization([...organization, claimed])
      .when({ type: 'ClaimDigest', week: '2026-W51' }, adminCtx())
      .thenEmits([{ type: 'DigestClaimed', data: { week: '2026-W51' } }]);
  });

  it('records the claimed week once, failures included', () => {
    const failures = [{ channel: 'email' as const, recipient: 'bob@example.com', error: 'throttled' }];
    const state = givenOrganization([...organization, claimed])
      .when({ type: 'RecordDigest', week: '2026-W50', sent: 2, failures }, adminCtx())
      .thenEmits([{ type: 'DigestDelivered', data: { week: '2026-W50', sent: 2, failures } }]);
    expect(state?.lastDigest).toMatchObject({ week: '2026-W50', sent: 2, failed: 1 });
    givenOrganization(organization)
      .when({ type: 'RecordDigest', week: '2026-W50', sent: 0, failures: [] }, adminCtx())
      .thenRejects('invalid_transition', ['week']);
    givenOrganization([
      ...organization,
      claimed,
      { type: 'DigestDelivered', data: { week: '2026-W50', sent: 2, failures: [] } },
    ])
      .when({ type: 'RecordDigest', week: '2026-W50', sent: 0, failures: [] }, adminCtx())
      .thenRejects('invalid_transition', ['week']);
  });
});
