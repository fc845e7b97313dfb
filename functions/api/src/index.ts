// Public surface of the API package: the app factory and what the local stack and scripts reuse.
export * from './app.js';
export * from './auth/local-issuer.js';
export * from './auth/permissions.js';
export * from './auth/verify-token.js';
export * from './config.js';
export * from './deps.js';
export * from './errors.js';
export * from './views.js';
