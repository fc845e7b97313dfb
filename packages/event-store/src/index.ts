// Public surface of the DynamoDB event store.
export * from './tables.js';
