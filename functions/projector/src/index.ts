// Public surface of the projector package for the local stack and tests. The Lambda entry (lambda.ts) is
// left out on purpose: it reads its configuration from the environment as soon as it is loaded.
export * from './attribute-values.js';
export * from './config.js';
export * from './dead-letters.js';
export * from './local-poller.js';
export * from './metrics.js';
export * from './projector.js';
export * from './stream-records.js';
