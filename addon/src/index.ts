// Public surface of the add-on package for Node code (tests, tools): the pure core that maps boards to
// sheets and sheets to commands. Apps Script loads the bundle built from main.ts instead.
export * from './core/apply-results.js';
export * from './core/check-in-form.js';
export * from './core/columns.js';
export * from './core/diff.js';
export * from './core/editing-sheet.js';
export * from './core/entry-points.js';
export * from './core/failures.js';
export * from './core/ids.js';
export * from './core/read-sheet.js';
export * from './core/sheet-plan.js';
export * from './core/snapshot.js';
export * from './core/sync.js';
