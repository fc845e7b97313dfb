// Public surface of the DynamoDB event store. The DynamoDB Local launcher (dynamo-local.ts) is left out on
// purpose: it spawns Java and must not end up in Lambda bundles.
export * from './tables.js';
export * from './errors.js';
export * from './items.js';
export * from './item-size.js';
export * from './retry.js';
export * from './capacity.js';
export * from './event-store.js';
export * from './store-types.js';
export * from './transaction-cancellation.js';
export * from './create-tables.js';
export * from './dynamo-client.js';
export * from './compressed-json.js';
