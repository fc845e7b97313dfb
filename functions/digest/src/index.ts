// Public surface of the digest: composing (pure), delivering (SES, webhook) and running it across
// organizations; the Lambda entry point is lambda.ts.
export * from './compose.js';
export * from './config.js';
export * from './deliver.js';
export * from './metrics.js';
export * from './run.js';
