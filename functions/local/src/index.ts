// Public surface of the local stack for scripts and tests: where its files live and the demo seed.
export * from './seed.js';
export * from './stack-files.js';
