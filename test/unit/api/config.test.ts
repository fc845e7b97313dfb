// The API's configuration: read once, failing loudly on what is missing.
import { describe, expect, it } from 'vitest';
import { MissingConfigurationError, readApiConfig } from '../../../functions/api/src/config.js';

const complete = {
  EVENTS_TABLE_NAME: 'events',
  VIEWS_TABLE_NAME: 'views',
  GOOGLE_CLIENT_ID: '123-abc.apps.googleusercontent.com',
  ALLOWED_HOSTED_DOMAINS: ' Example.com, acme.org ,',
};

describe('reading the configuration', () => {
  it('reads every variable and splits the allowed domains', () => {
    // Act
    const config = readApiConfig({ ...complete, DYNAMODB_ENDPOINT: 'http://localhost:8000' });
    // Assess
    expect(config).toEqual({
      eventsTableName: 'events',
      viewsTableName: 'views',
      googleClientId: '123-abc.apps.googleusercontent.com',
      allowedHostedDomains: ['example.com', 'acme.org'],
      dynamoDbEndpoint: 'http://localhost:8000',
    });
  });

  it('accepts an empty list of domains (any verified account) and no endpoint (AWS)', () => {
    // Act
    const config = readApiConfig({ ...complete, ALLOWED_HOSTED_DOMAINS: '' });
    // Assess
    expect(config.allowedHostedDomains).toEqual([]);
    expect(config.dynamoDbEndpoint).toBeUndefined();
  });

  it.each(['EVENTS_TABLE_NAME', 'VIEWS_TABLE_NAME', 'GOOGLE_CLIENT_ID', 'ALLOWED_HOSTED_DOMAINS'])(
    'throws naming %s when it is missing',
    (variable) => {
      // Prepare
      const env: Record<string, string | undefined> = { ...complete, [variable]: undefined };
      // Act
      const read = () => readApiConfig(env);
      // Assess
      expect(read).toThrow(MissingConfigurationError);
      expect(read).toThrow(variable);
    },
  );

  it('treats a blank table name as missing', () => {
    expect(() => readApiConfig({ ...complete, EVENTS_TABLE_NAME: '  ' })).toThrow('EVENTS_TABLE_NAME');
  });
});
