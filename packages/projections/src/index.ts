// Public surface of the read side: the pure view builders (also used by the API for as-of answers), the
// views reader, the writer the projector and the rebuild apply events with, and the rebuild itself.
export * from './builders/index.js';
export * from './errors.js';
export * from './reader.js';
export * from './rebuild.js';
export {
  type ProjectableEvent,
  projectableFromItem,
  streamKindOf,
  toProjectable,
} from './store/event-input.js';
export { deleteGeneration, readPointer } from './store/generations.js';
export type { GenerationPointer } from './store/items.js';
export { DEAD_LETTER_PK, generationPrefix, POINTER_KEY, viewKeys } from './store/keys.js';
export * from './store/writer.js';
