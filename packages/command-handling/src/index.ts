// Public surface of the application layer: the one command handler and the streams it writes.
export * from './claims.js';
export * from './decider.js';
export * from './errors.js';
export * from './fingerprint.js';
export * from './handler.js';
export * from './streams.js';
export * from './carry-over.js';
export * from './teams-from-names.js';
