import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { LedgerConfigError, readLedgerConfig } from '../../../infra/src/config.js';

function configFrom(context: Record<string, unknown>) {
  return readLedgerConfig(new App({ context }).node);
}

describe('readLedgerConfig', () => {
  it('defaults to the dev stage, no client id and no domain restriction', () => {
    // Prepare / Act
    const config = configFrom({});

    // Assess
    expect(config).toEqual({
      stage: 'dev',
      googleClientIds: [],
      allowedHostedDomains: '',
      orgRateLimit: {},
      digest: { fromAddress: '', sesIdentity: '', sheetUrlBase: 'https://docs.google.com/spreadsheets/d/' },
    });
  });

  it('reads stage, the client id list and normalises the hosted domains list', () => {
    // Prepare
    const context = {
      stage: 'prod',
      googleClientIds: ' 42-abc123.apps.googleusercontent.com, 43-bound.apps.googleusercontent.com,',
      allowedHostedDomains: ' Example.com,, sub.example.org ',
      orgRateLimitPerSecond: '5',
      orgRateLimitBurst: 12,
    };

    // Act
    const config = configFrom(context);

    // Assess
    expect(config).toEqual({
      stage: 'prod',
      googleClientIds: ['42-abc123.apps.googleusercontent.com', '43-bound.apps.googleusercontent.com'],
      allowedHostedDomains: 'example.com,sub.example.org',
      orgRateLimit: { perSecond: 5, burst: 12 },
      digest: { fromAddress: '', sesIdentity: '', sheetUrlBase: 'https://docs.google.com/spreadsheets/d/' },
    });
  });

  it('still takes the single googleClientId key older deploy commands pass', () => {
    // Act
    const config = configFrom({ googleClientId: '42-abc123.apps.googleusercontent.com' });

    // Assess
    expect(config.googleClientIds).toEqual(['42-abc123.apps.googleusercontent.com']);
  });

  it.each([
    [{ stage: 'Prod_1' }, /stage/],
    [{ stage: 'a-stage-name-longer-than-16' }, /stage/],
    [{ googleClientId: 'my-client' }, /googleClientId/],
    [{ googleClientIds: '42-abc.apps.googleusercontent.com,my-client' }, /googleClientIds.*my-client/],
    [{ googleClientId: 42 }, /googleClientId.*string/],
    [{ orgRateLimitPerSecond: 'fast' }, /orgRateLimitPerSecond/],
    [{ orgRateLimitBurst: '0' }, /orgRateLimitBurst/],
    [{ orgRateLimitBurst: '0.5' }, /orgRateLimitBurst.*at least 1/],
    [{ allowedHostedDomains: 'example.com;evil.com' }, /allowedHostedDomains/],
  ])('refuses %j', (context, message) => {
    // Prepare / Act / Assess
    expect(() => configFrom(context)).toThrow(LedgerConfigError);
    expect(() => configFrom(context)).toThrow(message);
  });

  it("reads the digest's sending address, its SES identity (default: the address's domain) and the sheet link base", () => {
    expect(configFrom({ digestFromAddress: 'okr@mail.example.com' }).digest).toEqual({
      fromAddress: 'okr@mail.example.com',
      sesIdentity: 'mail.example.com',
      sheetUrlBase: 'https://docs.google.com/spreadsheets/d/',
    });
    expect(
      configFrom({
        digestFromAddress: 'okr@example.com',
        digestSesIdentity: 'okr@example.com',
        sheetUrlBase: 'https://sheets.example.com/open?id=',
      }).digest,
    ).toEqual({
      fromAddress: 'okr@example.com',
      sesIdentity: 'okr@example.com',
      sheetUrlBase: 'https://sheets.example.com/open?id=',
    });
  });

  it('refuses a digest address, identity or link base that cannot work', () => {
    expect(() => configFrom({ digestFromAddress: 'not an address' })).toThrow(/digestFromAddress/);
    expect(() =>
      configFrom({ digestFromAddress: 'a@example.com', digestSesIdentity: 'no spaces.com x' }),
    ).toThrow(/digestSesIdentity/);
    expect(() => configFrom({ sheetUrlBase: 'http://docs.google.com/' })).toThrow(/sheetUrlBase/);
  });
});
