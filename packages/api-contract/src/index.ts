// Public surface of the API contract shared by the functions and the add-on.
export * from './alignment.js';
export * from './attention.js';
export * from './board.js';
export * from './carry-over.js';
export * from './batch.js';
export * from './reports.js';
export * from './requests.js';
