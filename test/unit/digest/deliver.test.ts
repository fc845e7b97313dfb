// The digest's delivery adapter and configuration: SES calls (aws-sdk-client-mock) and their retries, the
// webhook's allowlist checked again before any request, and configuration that fails loudly.
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { createDeliverer, MissingConfigurationError, readDigestConfig } from '@okr-ledger/digest';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';

const ses = mockClient(SESv2Client);
const requests: string[] = [];
const deliverer = () =>
  createDeliverer({
    ses: new SESv2Client({ region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } }),
    fromAddress: 'okr@example.com',
    fromIdentityArn: 'arn:aws:ses:eu-west-1:123456789012:identity/example.com',
    transport: {
      fetch: async (url) => {
        requests.push(url);
        return new Response('ok', { status: 200 });
      },
    },
    sleep: async () => {},
  });

beforeEach(() => {
  ses.reset();
  requests.length = 0;
});

describe('email', () => {
  it('sends a plain-text email from the configured address and identity', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'm' });

    const result = await deliverer().email({ to: 'ada@example.com', subject: 'Digest', text: 'Body' });

    expect(result).toEqual({ ok: true, attempts: 1 });
    expect(ses.commandCalls(SendEmailCommand)[0]?.args[0].input).toEqual({
      FromEmailAddress: 'okr@example.com',
      FromEmailAddressIdentityArn: 'arn:aws:ses:eu-west-1:123456789012:identity/example.com',
      Destination: { ToAddresses: ['ada@example.com'] },
      Content: {
        Simple: {
          Subject: { Data: 'Digest', Charset: 'UTF-8' },
          Body: { Text: { Data: 'Body', Charset: 'UTF-8' } },
        },
      },
    });
  });

  it('does not retry what will not pass (a rejected message)', async () => {
    ses
      .on(SendEmailCommand)
      .rejects(Object.assign(new Error('Email address is not verified.'), { name: 'MessageRejected' }));

    const result = await deliverer().email({ to: 'ada@example.com', subject: 'Digest', text: 'Body' });

    expect(result).toMatchObject({
      ok: false,
      attempts: 1,
      error: expect.stringContaining('MessageRejected'),
    });
  });
});

describe('webhook', () => {
  it.each([
    'https://evil.example/services/x',
    'http://hooks.slack.com/services/x',
    'https://hooks.slack.com.evil.example/services/x',
  ])('refuses %s before making any request', async (url) => {
    const result = await deliverer().webhook(url, 'summary');

    expect(result).toMatchObject({ ok: false, attempts: 0, error: expect.stringContaining('refused') });
    expect(requests).toEqual([]);
  });

  it('posts to an allowlisted host', async () => {
    const result = await deliverer().webhook('https://chat.googleapis.com/v1/spaces/A/messages?key=k', 'hi');

    expect(result).toEqual({ ok: true, attempts: 1 });
    expect(requests).toEqual(['https://chat.googleapis.com/v1/spaces/A/messages?key=k']);
  });
});

describe('readDigestConfig', () => {
  const env = {
    EVENTS_TABLE_NAME: 'events',
    VIEWS_TABLE_NAME: 'views',
    DIGEST_FROM_ADDRESS: 'okr@example.com',
    SHEET_URL_BASE: 'https://docs.google.com/spreadsheets/d/',
    POWERTOOLS_METRICS_NAMESPACE: 'OkrLedger-test',
  };

  it('reads every variable once', () => {
    expect(readDigestConfig(env)).toEqual({
      eventsTableName: 'events',
      viewsTableName: 'views',
      fromAddress: 'okr@example.com',
      fromIdentityArn: undefined,
      sheetUrlBase: 'https://docs.google.com/spreadsheets/d/',
      metricsNamespace: 'OkrLedger-test',
    });
  });

  it('fails loudly on a missing sending address or a link base that is not https', () => {
    expect(() => readDigestConfig({ ...env, DIGEST_FROM_ADDRESS: undefined })).toThrow(
      MissingConfigurationError,
    );
    expect(() => readDigestConfig({ ...env, SHEET_URL_BASE: 'http://x.example/' })).toThrow(/SHEET_URL_BASE/);
  });
});
