// The limits the add-on checks before sending: the domain's vocabulary, bundled at build time (the
// vocabulary module is plain data, so the zod schemas stay out of Apps Script).
import { LIMITS } from '@okr-ledger/okr-domain/vocabulary';

export const BATCH_LIMIT = LIMITS.batchCommandsMax;
export const TITLE_MAX = LIMITS.titleMax;
export const NOTE_MAX = LIMITS.noteMax;
export const REASON_MAX = LIMITS.reasonMax;
export const UNIT_MAX = LIMITS.unitMax;
export const WEIGHT_MAX = LIMITS.weightMax;
export const MILESTONES_MAX = LIMITS.milestonesMax;
