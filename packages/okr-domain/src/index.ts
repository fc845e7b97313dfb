// Public surface of the pure OKR domain.
export * from './model.js';
export * from './events.js';
export * from './commands.js';
export * from './errors.js';
