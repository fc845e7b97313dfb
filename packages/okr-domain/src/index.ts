// Public surface of the pure OKR domain.

export * from './attention.js';
export * from './commands.js';
export * from './compact.js';
export * from './confidence.js';
export * from './day-boundary.js';
export * from './decide-cycle.js';
export * from './decide-linked-value.js';
export * from './decide-objective.js';
export * from './decide-organization.js';
export * from './diff.js';
export * from './digest.js';
export * from './errors.js';
export * from './events.js';
export * from './evolve-cycle.js';
export * from './evolve-objective.js';
export * from './evolve-organization.js';
export * from './fold.js';
export * from './grades.js';
export * from './linked-values.js';
export * from './lint.js';
export type { OutputKind, OutputVerdict } from './lint-output.js';
export { judgeOutput, loadOutputLint, outputFinding, outputVerdict } from './lint-output.js';
export * from './model.js';
export * from './progress.js';
export * from './text.js';
export * from './validate-definition.js';
export * from './vocabulary.js';
