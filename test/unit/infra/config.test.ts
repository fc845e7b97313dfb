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
    expect(config).toEqual({ stage: 'dev', googleClientId: undefined, allowedHostedDomains: '' });
  });

  it('reads stage, client id and normalises the hosted domains list', () => {
    // Prepare
    const context = {
      stage: 'prod',
      googleClientId: '42-abc123.apps.googleusercontent.com',
      allowedHostedDomains: ' Example.com,, sub.example.org ',
    };

    // Act
    const config = configFrom(context);

    // Assess
    expect(config).toEqual({
      stage: 'prod',
      googleClientId: '42-abc123.apps.googleusercontent.com',
      allowedHostedDomains: 'example.com,sub.example.org',
    });
  });

  it.each([
    [{ stage: 'Prod_1' }, /stage/],
    [{ stage: 'a-stage-name-longer-than-16' }, /stage/],
    [{ googleClientId: 'my-client' }, /googleClientId/],
    [{ googleClientId: 42 }, /googleClientId.*string/],
    [{ allowedHostedDomains: 'example.com;evil.com' }, /allowedHostedDomains/],
  ])('refuses %j', (context, message) => {
    // Prepare / Act / Assess
    expect(() => configFrom(context)).toThrow(LedgerConfigError);
    expect(() => configFrom(context)).toThrow(message);
  });
});
