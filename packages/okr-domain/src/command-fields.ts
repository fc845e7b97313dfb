// The fields commands are made of: entity ids, text, numbers, the vocabulary's enums, value sources and
// the objective and KR definitions, each with the limits that protect the system. commands.ts assembles
// them into commands and re-exports the public ones; the smaller parts exported only for it (title,
// reason, person, dates, sheet references) are not part of the package's API.
import { z } from 'zod';
import { textProblem } from './text.js';
import {
  CONFIDENCES,
  INITIATIVE_STATUSES,
  KEY_RESULT_TYPES,
  LIMITS,
  OBJECTIVE_KINDS,
  PROGRESS_MODES,
  PROGRESS_SOURCES,
  ROLES,
} from './vocabulary.js';

export { LIMITS };

/** Entity ids: a prefix naming the kind, then 8–40 url-safe characters (clients mint ids for new rows). */
export const idPattern = (prefix: string) => new RegExp(`^${prefix}_[A-Za-z0-9_-]{8,40}$`);
const entityId = (prefix: string) =>
  z.string().regex(idPattern(prefix), `must look like ${prefix}_ followed by 8–40 letters/digits`);
export const ObjectiveId = entityId('obj');
export const KeyResultId = entityId('kr');
export const InitiativeId = entityId('ini');
export const CheckInId = entityId('chk');
/**
 * Check-in ids beginning `chk_cmd-` are the server's: derived from the command id when the client names
 * none, they are unique because command ids are, so they claim no look-up of their own (one item, and its
 * billed write units, fewer per check-in). A client never mints one.
 */
export const DERIVED_CHECK_IN_PREFIX = 'chk_cmd-';
export const isDerivedCheckInId = (id: string) => id.startsWith(DERIVED_CHECK_IN_PREFIX);
/** A check-in id a client mints for a new check-in: any check-in id but the server's derived ones. */
export const NewCheckInId = CheckInId.refine((id) => !isDerivedCheckInId(id), {
  message: `must not begin with ${DERIVED_CHECK_IN_PREFIX}: those ids are derived by the server`,
});
export const MilestoneId = entityId('ms');
export const CycleId = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/, 'must be 1–40 letters, digits, - or _ (e.g. 2026-Q4)');
export const OrganizationId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,39}$/, 'must be 2–40 lowercase letters, digits or -');
export const TeamId = z
  .string()
  .regex(/^team_[a-z0-9][a-z0-9_-]{1,39}$/, 'must look like team_ followed by 2–40 lowercase letters/digits');
export const CommandId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be 8–64 letters, digits, - or _');

/**
 * Every number a person types. Bounded so that it survives storage exactly: DynamoDB refuses magnitudes
 * beyond its range and the SDK refuses integers past 2^53, so anything outside ±1e15 (or a non-zero value
 * smaller than 1e-9) is refused here, with a clear message, instead of failing the write.
 */
export const MeasurementNumber = z
  .number()
  .finite('must be a finite number')
  .min(-1e15, 'must be at least -1e15')
  .max(1e15, 'must be at most 1e15')
  .refine((x) => x === 0 || Math.abs(x) >= 1e-9, 'must be 0 or at least 1e-9 in size');
const finite = MeasurementNumber;

/** Refuses control and bidi characters (see text.ts), naming the first one found. */
const cleanText = (multiline: boolean) => (value: string, context: z.core.$RefinementCtx<string>) => {
  const problem = textProblem(value, multiline);
  if (problem !== null) context.addIssue({ code: 'custom', message: problem });
};
/** One line of text: titles, reasons, names, units. */
export const SingleLineText = z.string().trim().superRefine(cleanText(false));
/** Text that may span lines: notes and descriptions. */
export const MultiLineText = z.string().superRefine(cleanText(true));

export const title = SingleLineText.pipe(
  z
    .string()
    .min(1, 'must not be empty')
    .max(LIMITS.titleMax, `must be at most ${LIMITS.titleMax} characters`),
);
/** A reason for a change; `required` is the message for an empty one where a reason is mandatory. */
export const reasonText = (required?: string) => {
  const bounded = z.string().max(LIMITS.reasonMax, `must be at most ${LIMITS.reasonMax} characters`);
  return SingleLineText.pipe(required === undefined ? bounded : bounded.min(1, required));
};
export const reason = reasonText();
export const person = SingleLineText.pipe(z.string().max(200, 'must be at most 200 characters'));
export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
export const isoInstant = z.iso.datetime({
  offset: true,
  message: 'must be an ISO 8601 date-time with time zone',
});
const weight = finite.min(0, 'must be ≥ 0').max(LIMITS.weightMax, `must be ≤ ${LIMITS.weightMax}`);

export const RoleSchema = z.enum(ROLES);
/** An ISO week, the key of one organization's weekly digest. */
export const DigestWeek = z.string().regex(/^\d{4}-W\d{2}$/, 'must be an ISO week like 2026-W50');
export const ObjectiveKindSchema = z.enum(OBJECTIVE_KINDS);
export const ProgressModeSchema = z.enum(PROGRESS_MODES);
export const KeyResultTypeSchema = z.enum(KEY_RESULT_TYPES);
export const ProgressSourceSchema = z.enum(PROGRESS_SOURCES);
export const ConfidenceSchema = z.enum(CONFIDENCES);
export const InitiativeStatusSchema = z.enum(INITIATIVE_STATUSES);

export const MilestoneSchema = z.object({
  id: MilestoneId,
  title,
  weight: weight.default(1),
});

export const boundedName = (max: number) =>
  SingleLineText.pipe(z.string().min(1, 'must not be empty').max(max, `must be at most ${max} characters`));
export const spreadsheetId = z.string().regex(/^[A-Za-z0-9_-]{10,100}$/, 'must be a spreadsheet id');
export const sheetName = boundedName(LIMITS.sourceNameMax);
export const a1Ref = boundedName(LIMITS.a1RefMax).pipe(
  z.string().regex(/^\$?[A-Za-z]{1,3}\$?[0-9]{1,7}$/, 'must be an A1 reference such as B7'),
);

/** Where a KR's value is read from (the kinds of VALUE_SOURCE_KINDS): one cell, or a named range. */
export const ValueSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('cell'), spreadsheetId, sheetName, a1: a1Ref }),
  z.object({
    kind: z.literal('named_range'),
    spreadsheetId,
    name: boundedName(LIMITS.namedRangeMax).pipe(
      z
        .string()
        .regex(
          /^[A-Za-z_][A-Za-z0-9_.]*$/,
          'must be a named range: letters, digits, _ and ., not starting with a digit',
        ),
    ),
  }),
]);

/**
 * Field schemas without defaults, shared by the full definitions (which add defaults) and by edits. An edit
 * must not be built with `.partial()` on a schema with defaults: zod still fills the defaults in, and an edit
 * of the title alone would silently reset weight, unit, start, … to their defaults.
 */
const keyResultFields = {
  title,
  owner: person.nullable(),
  weight,
  type: KeyResultTypeSchema,
  start: finite.nullable(),
  target: finite.nullable(),
  threshold: finite.nullable(),
  unit: SingleLineText.pipe(z.string().max(LIMITS.unitMax, `must be at most ${LIMITS.unitMax} characters`)),
  milestones: z
    .array(MilestoneSchema)
    .max(LIMITS.milestonesMax, `at most ${LIMITS.milestonesMax} milestones`),
  progressSource: ProgressSourceSchema,
  valueSource: ValueSourceSchema.nullable(),
};

export const KeyResultDefinitionSchema = z.object({
  ...keyResultFields,
  owner: keyResultFields.owner.default(null),
  weight: keyResultFields.weight.default(1),
  start: keyResultFields.start.default(null),
  target: keyResultFields.target.default(null),
  threshold: keyResultFields.threshold.default(null),
  unit: keyResultFields.unit.default(''),
  milestones: keyResultFields.milestones.default([]),
  progressSource: keyResultFields.progressSource.default('check_ins'),
  valueSource: keyResultFields.valueSource.default(null),
});
/** An edit: only the fields sent, no defaults. */
export const KeyResultChangesSchema = z.object(keyResultFields).partial();

const objectiveFields = {
  title,
  description: MultiLineText.pipe(
    z.string().max(LIMITS.descriptionMax, `must be at most ${LIMITS.descriptionMax} characters`),
  ),
  owner: person.nullable(),
  team: person.nullable(),
  kind: ObjectiveKindSchema,
  parentObjectiveId: ObjectiveId.nullable(),
  weight,
  progressMode: ProgressModeSchema,
  blendShare: finite.min(0, 'must be ≥ 0').max(1, 'must be ≤ 1'),
};

export const ObjectiveDefinitionSchema = z.object({
  ...objectiveFields,
  description: objectiveFields.description.default(''),
  owner: objectiveFields.owner.default(null),
  team: objectiveFields.team.default(null),
  kind: objectiveFields.kind.default('aspirational'),
  parentObjectiveId: objectiveFields.parentObjectiveId.default(null),
  weight: objectiveFields.weight.default(1),
  progressMode: objectiveFields.progressMode.default('key_results'),
  blendShare: objectiveFields.blendShare.default(0),
});
/** An edit: only the fields sent, no defaults. */
export const ObjectiveChangesSchema = z.object(objectiveFields).partial();
