// Owns the limits the add-on checks before sending. They mirror the domain's LIMITS and the contract's
// batch size (a unit test keeps them equal); they are copied, not imported, so the bundle does not pull
// the zod schemas into Apps Script.
export const BATCH_LIMIT = 500;
export const TITLE_MAX = 200;
export const NOTE_MAX = 2_000;
export const REASON_MAX = 1_000;
export const UNIT_MAX = 40;
export const WEIGHT_MAX = 1_000;
export const MILESTONES_MAX = 20;
