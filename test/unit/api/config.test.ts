// The API's configuration: read once, failing loudly on what is missing or malformed.
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RATE_LIMIT,
  InvalidConfigurationError,
  MissingConfigurationError,
  readApiConfig,
} from '../../../functions/api/src/config.js';

const complete = {
  EVENTS_TABLE_NAME: 'events',
  VIEWS_TABLE_NAME: 'views',
  GOOGLE_CLIENT_IDS: '123-abc.apps.googleusercontent.com, 456-bound.apps.googleusercontent.com',
  TOKEN_ISSUER: 'https://accounts.google.com',
  ALLOWED_HOSTED_DOMAINS: ' Example.com, acme.org ,',
};

describe('reading the configuration', () => {
  it('reads every variable, splits the client ids and the allowed domains', () => {
    // Act
    const config = readApiConfig({
      ...complete,
      DYNAMODB_ENDPOINT: 'http://localhost:8000',
      ORG_RATE_LIMIT_PER_SECOND: '2.5',
      ORG_RATE_LIMIT_BURST: '8',
    });
    // Assess
    expect(config).toEqual({
      eventsTableName: 'events',
      viewsTableName: 'views',
      googleClientIds: ['123-abc.apps.googleusercontent.com', '456-bound.apps.googleusercontent.com'],
      tokenIssuer: 'https://accounts.google.com',
      allowedHostedDomains: ['example.com', 'acme.org'],
      rateLimit: { requestsPerSecond: 2.5, burst: 8 },
      dynamoDbEndpoint: 'http://localhost:8000',
    });
  });

  it('accepts an empty list of domains (any verified account), no endpoint (AWS) and default limits', () => {
    // Act
    const config = readApiConfig({ ...complete, ALLOWED_HOSTED_DOMAINS: '' });
    // Assess
    expect(config.allowedHostedDomains).toEqual([]);
    expect(config.dynamoDbEndpoint).toBeUndefined();
    expect(config.rateLimit).toEqual(DEFAULT_RATE_LIMIT);
  });

  it.each([
    'EVENTS_TABLE_NAME',
    'VIEWS_TABLE_NAME',
    'GOOGLE_CLIENT_IDS',
    'TOKEN_ISSUER',
    'ALLOWED_HOSTED_DOMAINS',
  ])('throws naming %s when it is missing', (variable) => {
    // Prepare
    const env: Record<string, string | undefined> = { ...complete, [variable]: undefined };
    // Act
    const read = () => readApiConfig(env);
    // Assess
    expect(read).toThrow(MissingConfigurationError);
    expect(read).toThrow(variable);
  });

  it('treats a blank table name as missing', () => {
    expect(() => readApiConfig({ ...complete, EVENTS_TABLE_NAME: '  ' })).toThrow('EVENTS_TABLE_NAME');
  });

  it.each([
    ['GOOGLE_CLIENT_IDS', ' , '],
    ['ORG_RATE_LIMIT_PER_SECOND', 'fast'],
    ['ORG_RATE_LIMIT_PER_SECOND', '0'],
    ['ORG_RATE_LIMIT_BURST', '-3'],
    ['ORG_RATE_LIMIT_BURST', '0.5'],
  ])('refuses %s=%j', (variable, value) => {
    // Act
    const read = () => readApiConfig({ ...complete, [variable]: value });
    // Assess
    expect(read).toThrow(InvalidConfigurationError);
    expect(read).toThrow(variable);
  });
});
