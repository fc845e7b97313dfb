// The digest run end to end on DynamoDB Local: organizations seeded through the API (the command handler),
// views projected by the real projector, the run reading both, SES faked with aws-sdk-client-mock (it has no
// emulator here) and the webhook a real HTTP server on 127.0.0.1 (the allowlisted URL's origin is rerouted
// to it). A duplicated invocation sends nothing twice; SES throttling is retried and then recorded; a
// webhook's 500 is recorded; one organization's failure does not stop the others'.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SendEmailCommand, type SendEmailCommandInput, SESv2Client } from '@aws-sdk/client-sesv2';
import { createDeliverer, type DigestDependencies, runDigests } from '@okr-ledger/digest';
import type { CapacityUsage } from '@okr-ledger/event-store';
import { type OrganizationEvent, type OrganizationState, streamIdOf } from '@okr-ledger/okr-domain';
import { createViewsReader, type ViewsReader } from '@okr-ledger/projections';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type ApiHarness, commandId, onboardingObjective, push, useApi } from '../api/support.js';

const api = useApi();
const ses = mockClient(SESv2Client);
const DAY_MS = 86_400_000;
const SEEDED = new Date();
// One instant for every run, taken once the seed is written: the digest's clock is injected, the API's is
// the real one.
let NOW = SEEDED;
const dateOf = (offsetDays: number) =>
  new Date(SEEDED.getTime() + offsetDays * DAY_MS).toISOString().slice(0, 10);
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const WEEKDAY = WEEKDAYS[SEEDED.getUTCDay()];

interface Posted {
  path: string;
  text: string;
}
const posted: Posted[] = [];
let server: Server;
let origin = '';

/** A cast for one organization: admin, an editor who owns the objective, a viewer who owns a silent KR. */
const people = (org: string) => ({
  admin: `admin@${org}.test`,
  editor: `editor@${org}.test`,
  viewer: `viewer@${org}.test`,
});

async function seedOrganization(harness: ApiHarness, org: string, webhookPath: string): Promise<void> {
  const { admin, editor, viewer } = people(org);
  await harness.createOrganization(org, { [admin]: 'admin', [editor]: 'editor', [viewer]: 'viewer' });
  const as = (email: string) => ({ as: email });
  const cycle = `/v1/orgs/${org}/cycles/DIG-1`;
  const created = await harness.call('POST', `/v1/orgs/${org}/cycles`, {
    ...as(admin),
    body: { cycleId: 'DIG-1', startsOn: dateOf(-20), endsOn: dateOf(69), timeZone: 'UTC' },
  });
  expect(created.status, created.text).toBe(201);
  const objective = `obj_${org}_onboarding`;
  const onboarding = onboardingObjective(objective, org).map((command) =>
    command.type === 'CreateObjective'
      ? { ...command, definition: { ...command.definition, owner: editor } }
      : command,
  );
  const setUp = await push(
    harness,
    [
      ...onboarding,
      {
        type: 'AddKeyResult',
        commandId: commandId('kr'),
        objectiveId: objective,
        keyResultId: `kr_${org}_silent`,
        definition: {
          title: 'Raise referrals from 0 to 10',
          owner: viewer,
          type: 'increase',
          start: 0,
          target: 10,
        },
      },
      {
        type: 'AddKeyResult',
        commandId: commandId('kr'),
        objectiveId: objective,
        keyResultId: `kr_${org}_outsider`,
        definition: {
          title: 'Cut support tickets from 50 to 20',
          owner: 'contractor@elsewhere.test',
          type: 'decrease',
          start: 50,
          target: 20,
        },
      },
    ],
    { cycle: 'DIG-1', org, as: editor },
  );
  expect(setUp.body.summary.applied, setUp.text).toBe(6);
  expect((await harness.call('POST', `${cycle}/activate`, as(admin))).status).toBe(200);
  const checkIn = async (kr: string, body: Record<string, unknown>) => {
    const reply = await harness.call('POST', `/v1/orgs/${org}/key-results/kr_${org}_${kr}/check-ins`, {
      ...as(editor),
      body,
    });
    expect(reply.status, reply.text).toBe(201);
  };
  await checkIn('days', { value: 22, effectiveAt: new Date(SEEDED.getTime() - 10 * DAY_MS).toISOString() });
  await checkIn('days', { value: 18 });
  await checkIn('adoption', { value: 45, confidence: 'off_track', note: 'The number will not hold' });
  const changed = await push(
    harness,
    [
      {
        type: 'EditKeyResult',
        commandId: commandId('edit'),
        objectiveId: objective,
        keyResultId: `kr_${org}_csat`,
        changes: { target: 9.2 },
        reason: 'The survey vendor changed its scale',
      },
    ],
    { cycle: 'DIG-1', org, as: editor },
  );
  expect(changed.body.summary.applied, changed.text).toBe(1);
  // The digest goes out today, from hour 0 of UTC, to a webhook on an allowlisted host.
  const settings = await harness.call('PUT', `/v1/orgs/${org}/settings`, {
    ...as(admin),
    body: {
      digest: {
        weekday: WEEKDAY,
        hour: 0,
        timeZone: 'UTC',
        webhookUrl: `https://hooks.slack.com${webhookPath}`,
        spreadsheetId: `sheet-${org}`,
      },
    },
  });
  expect(settings.status, settings.text).toBe(200);
}

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    request.on('end', () => {
      posted.push({ path: request.url ?? '', text: (JSON.parse(body) as { text: string }).text });
      response.statusCode = request.url?.includes('broken') ? 500 : 200;
      response.end(request.url?.includes('broken') ? 'internal error' : 'ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await seedOrganization(api, 'acme', '/services/T1/B1/acme-ok');
  await seedOrganization(api, 'beta', '/services/T2/B2/beta-broken');
  await seedOrganization(api, 'gamma', '/services/T3/B3/gamma-ok');
  await api.drain();
  NOW = new Date();
}, 120_000);

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  ses.reset();
  posted.length = 0;
});

/** The run's dependencies: the real store and views reader; a views outage for one organization if asked. */
function dependencies(options: { viewsDownFor?: string; store?: DigestDependencies['store'] } = {}) {
  const real = createViewsReader({ doc: api.tables.doc, viewsTableName: api.tables.viewsTableName });
  const views: ViewsReader = {
    ...real,
    objectiveStates: (org, cycleId) =>
      org === options.viewsDownFor
        ? Promise.reject(new Error('views table unavailable'))
        : real.objectiveStates(org, cycleId),
  };
  const deliver = createDeliverer({
    ses: new SESv2Client({ region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } }),
    fromAddress: 'okr@digest.example',
    // The allowlisted URL is checked as stored; only the connection goes to the local server.
    transport: { fetch: (url, init) => fetch(url.replace('https://hooks.slack.com', origin), init) },
    sleep: async () => {},
  });
  const failures: { org: string; channel: string; recipient: string; error: string }[] = [];
  return {
    failures,
    deps: {
      store: options.store ?? api.store,
      views,
      deliver,
      clock: () => NOW,
      sheetUrlBase: 'https://docs.google.com/spreadsheets/d/',
      onFailure: (failure) => failures.push(failure),
    } satisfies DigestDependencies,
  };
}

const sentTo = () =>
  ses
    .commandCalls(SendEmailCommand)
    .map((call) => call.args[0].input as SendEmailCommandInput)
    .map((input) => ({
      to: input.Destination?.ToAddresses?.[0] ?? '',
      subject: input.Content?.Simple?.Subject?.Data ?? '',
      text: input.Content?.Simple?.Body?.Text?.Data ?? '',
    }));

async function organizationOf(org: string): Promise<OrganizationState | null> {
  const tip = await api.store.readTip<OrganizationState>(org, streamIdOf.organization());
  return tip?.snapshot ?? null;
}

describe('the digest run', () => {
  it('sends each member one email and the webhook its summary, once, even when invoked twice at once', async () => {
    // Prepare
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });
    const { deps } = dependencies();

    // Act
    const [first, second] = await Promise.all([
      runDigests(deps, { orgs: ['acme'] }),
      runDigests(deps, { orgs: ['acme'] }),
    ]);
    const third = await runDigests(deps, { orgs: ['acme'] });

    // Assess
    expect([first.organizations[0]?.status, second.organizations[0]?.status].sort()).toEqual([
      'already_claimed',
      'sent',
    ]);
    expect(third.organizations[0]?.status).toBe('already_claimed');
    const emails = sentTo();
    // The contractor owns a KR but is no member: no email to them.
    expect(emails.map((email) => email.to).sort()).toEqual(['editor@acme.test', 'viewer@acme.test']);
    const viewer = emails.find((email) => email.to === 'viewer@acme.test');
    expect(viewer?.subject).toContain('1 due');
    expect(viewer?.text).toContain('Raise referrals from 0 to 10');
    expect(viewer?.text).toContain('https://docs.google.com/spreadsheets/d/sheet-acme');
    const editor = emails.find((email) => email.to === 'editor@acme.test');
    expect(editor?.text).toContain('Your objectives this week');
    expect(editor?.text).toContain(
      'Moved: Reduce median onboarding time from 24 days to 9 days: 22 days → 18 days',
    );
    expect(editor?.text).toContain('At risk: Increase week-2 product adoption from 41% to 75% (');
    expect(editor?.text).toContain('"The survey vendor changed its scale"');
    expect(posted.map((post) => post.path)).toEqual(['/services/T1/B1/acme-ok']);
    expect(posted[0]?.text).toContain('Make customer onboarding dramatically faster');
    expect((await organizationOf('acme'))?.lastDigest).toMatchObject({ sent: 3, failed: 0 });
  });

  it('retries SES throttling, then records it; records a webhook 500; one organization failing stops no other', async () => {
    // Prepare: every email to beta is throttled; gamma's views are down; acme's week is already taken.
    const throttled = Object.assign(new Error('Maximum sending rate exceeded.'), {
      name: 'TooManyRequestsException',
      $metadata: { httpStatusCode: 429 },
    });
    ses.on(SendEmailCommand).resolves({ MessageId: 'ok' });
    ses.on(SendEmailCommand, { Destination: { ToAddresses: ['viewer@beta.test'] } }).rejects(throttled);
    ses
      .on(SendEmailCommand, { Destination: { ToAddresses: ['editor@beta.test'] } })
      .rejectsOnce(throttled)
      .resolves({ MessageId: 'after-retry' });
    const { deps, failures } = dependencies({ viewsDownFor: 'gamma' });

    // Act
    const report = await runDigests(deps);

    // Assess
    const status = Object.fromEntries(report.organizations.map((outcome) => [outcome.org, outcome.status]));
    expect(status).toEqual({ acme: 'already_claimed', beta: 'sent', gamma: 'failed' });
    const attempts = sentTo().map((email) => email.to);
    expect(attempts.filter((to) => to === 'viewer@beta.test')).toHaveLength(3);
    expect(attempts.filter((to) => to === 'editor@beta.test')).toHaveLength(2);
    expect(posted.filter((post) => post.path.includes('beta'))).toHaveLength(3);
    const beta = report.organizations.find((outcome) => outcome.org === 'beta');
    expect(beta?.sent).toBe(1);
    expect(beta?.failures).toEqual([
      {
        channel: 'email',
        recipient: 'viewer@beta.test',
        error: expect.stringContaining('TooManyRequestsException'),
      },
      { channel: 'webhook', recipient: 'hooks.slack.com', error: 'webhook answered 500' },
    ]);
    // Recorded on the ledger, and reported to the run's failure hook (log and metric in Lambda).
    const events = await api.store.readStream<OrganizationEvent>('beta', streamIdOf.organization());
    expect(events.at(-1)).toMatchObject({
      type: 'DigestDelivered',
      data: { sent: 1, failures: beta?.failures },
    });
    expect(failures.map((failure) => [failure.org, failure.channel]).sort()).toEqual([
      ['beta', 'email'],
      ['beta', 'webhook'],
      ['gamma', 'run'],
    ]);
    // Gamma failed before claiming its week: the next hourly run tries it again.
    expect((await organizationOf('gamma'))?.lastDigest).toBeUndefined();
  });

  it('reads each organization with one batch request when its digest is not due, after one index scan', async () => {
    // Prepare: gamma's digest is due tomorrow.
    const tomorrow = WEEKDAYS[(NOW.getUTCDay() + 1) % 7];
    const set = await api.call('PUT', '/v1/orgs/gamma/settings', {
      as: people('gamma').admin,
      body: { digest: { weekday: tomorrow } },
    });
    expect(set.status, set.text).toBe(200);
    const requests: CapacityUsage[] = [];
    const { deps } = dependencies({ store: api.store.withCapacityListener((usage) => requests.push(usage)) });

    // Act
    const report = await runDigests(deps, { orgs: ['gamma'] });

    // Assess
    expect(report.organizations).toMatchObject([{ org: 'gamma', status: 'not_due' }]);
    expect(requests.map((request) => request.operation)).toEqual(['Scan', 'BatchGetItem']);
    expect(sentTo()).toEqual([]);
  });

  it('composes without sending, claiming or recording on a dry run', async () => {
    const { deps } = dependencies();
    const before = (await organizationOf('gamma'))?.version;

    const report = await runDigests(deps, { orgs: ['gamma'], dryRun: true });

    const outcome = report.organizations[0];
    expect(outcome?.status).toBe('dry_run');
    expect(outcome?.digest?.emails.map((email) => email.to).sort()).toEqual([
      'editor@gamma.test',
      'viewer@gamma.test',
    ]);
    expect(outcome?.digest?.skipped).toEqual([
      { recipient: 'contractor@elsewhere.test', reason: 'not_a_member' },
    ]);
    expect(sentTo()).toEqual([]);
    expect(posted).toEqual([]);
    expect((await organizationOf('gamma'))?.version).toBe(before);
  });

  it('leaves out a member who opted out, and every member when the organization turns email off', async () => {
    // Prepare
    const optOut = await api.call('PUT', '/v1/orgs/gamma/settings/digest-subscription', {
      as: people('gamma').viewer,
      body: { subscribed: false },
    });
    expect(optOut.status, optOut.text).toBe(200);
    const { deps } = dependencies();

    // Act
    const optedOut = await runDigests(deps, { orgs: ['gamma'], dryRun: true });
    const emailOff = await api.call('PUT', '/v1/orgs/gamma/settings', {
      as: people('gamma').admin,
      body: { digest: { email: false } },
    });
    const off = await runDigests(deps, { orgs: ['gamma'], dryRun: true });

    // Assess
    expect(optedOut.organizations[0]?.digest?.emails.map((email) => email.to)).toEqual(['editor@gamma.test']);
    expect(optedOut.organizations[0]?.digest?.skipped).toContainEqual({
      recipient: 'viewer@gamma.test',
      reason: 'opted_out',
    });
    expect(emailOff.status, emailOff.text).toBe(200);
    expect(off.organizations[0]?.digest?.emails).toEqual([]);
    expect(off.organizations[0]?.digest?.skipped.map((skip) => skip.reason).sort()).toEqual([
      'email_off',
      'email_off',
      'not_a_member',
    ]);
    // The team summary still goes to the webhook.
    expect(off.organizations[0]?.digest?.teamSummary).toContain('gamma');
  });
});
