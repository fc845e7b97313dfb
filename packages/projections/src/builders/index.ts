// The pure view builders: shared by the projector, the views reader and the API's as-of answers.
export * from './aligned-to-you.js';
export * from './audit.js';
export * from './describe.js';
export * from './grades.js';
export * from './history.js';
export * from './objective-view.js';
export * from './attention.js';
export * from './alignment.js';
