// Commands: what a person asks for, imperative, validated by zod at the edge with limits that protect the
// system. The types are inferred from the schemas so the two cannot drift. Whether a command is allowed
// by the current state is `decide`'s job, not the schema's.
import { z } from 'zod';
import {
  a1Ref,
  boundedName,
  CheckInId,
  CommandId,
  ConfidenceSchema,
  CycleId,
  DigestWeek,
  InitiativeId,
  InitiativeStatusSchema,
  isoDate,
  isoInstant,
  KeyResultChangesSchema,
  KeyResultDefinitionSchema,
  KeyResultId,
  MeasurementNumber,
  MilestoneId,
  MultiLineText,
  NewCheckInId,
  ObjectiveChangesSchema,
  ObjectiveDefinitionSchema,
  ObjectiveId,
  OrganizationId,
  person,
  RoleSchema,
  reason,
  reasonText,
  SingleLineText,
  sheetName,
  spreadsheetId,
  TeamId,
  title,
} from './command-fields.js';
import { DIGEST_CHANNELS, LIMITS, LINKED_VALUE_PROBLEMS, WEEKDAYS } from './vocabulary.js';

export {
  CheckInId,
  CommandId,
  ConfidenceSchema,
  CycleId,
  DERIVED_CHECK_IN_PREFIX,
  DigestWeek,
  InitiativeId,
  InitiativeStatusSchema,
  idPattern,
  isDerivedCheckInId,
  KeyResultChangesSchema,
  KeyResultDefinitionSchema,
  KeyResultId,
  KeyResultTypeSchema,
  LIMITS,
  MeasurementNumber,
  MilestoneId,
  MilestoneSchema,
  MultiLineText,
  NewCheckInId,
  ObjectiveChangesSchema,
  ObjectiveDefinitionSchema,
  ObjectiveId,
  ObjectiveKindSchema,
  OrganizationId,
  ProgressModeSchema,
  ProgressSourceSchema,
  RoleSchema,
  SingleLineText,
  TeamId,
  ValueSourceSchema,
} from './command-fields.js';

/** Fields every command carries. `expectedVersion` is the stream version the client saw (optional). */
const base = {
  commandId: CommandId,
  expectedVersion: z.number().int().min(0).optional(),
};
/** Definition changes carry a reason; `decide` requires it while the cycle is active. */
const withReason = { reason: reason.optional() };

/** Where a check-in's value came from (the kinds of CHECK_IN_SOURCE_KINDS). */
export const CheckInSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('manual') }),
  z.object({
    kind: z.literal('linked_cell'),
    spreadsheetId,
    sheetName,
    a1: a1Ref,
  }),
  z.object({ kind: z.literal('api'), client: boundedName(LIMITS.sourceNameMax) }),
]);

const measurement = {
  value: MeasurementNumber.nullable().optional(),
  milestonesDone: z.array(MilestoneId).max(LIMITS.milestonesMax).nullable().optional(),
  done: z.boolean().nullable().optional(),
  confidence: ConfidenceSchema.nullable().optional(),
  note: MultiLineText.pipe(
    z.string().max(LIMITS.noteMax, `must be at most ${LIMITS.noteMax} characters`),
  ).default(''),
  /** Defaults to now. */
  effectiveAt: isoInstant.optional(),
  /** Defaults to manual. */
  source: CheckInSourceSchema.optional(),
};

/** Where a carried-over objective or KR came from (docs/alignment.md, carry-over). */
export const ObjectiveCarriedFromSchema = z.object({ objectiveId: ObjectiveId, cycleId: CycleId });
export const KeyResultCarriedFromSchema = z.object({
  objectiveId: ObjectiveId,
  keyResultId: KeyResultId,
  cycleId: CycleId,
  /** The old KR's last value, the new KR's start (numeric types). */
  lastValue: MeasurementNumber.nullable(),
});

export const ObjectiveCommandSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('CreateObjective'),
    ...base,
    objectiveId: ObjectiveId,
    definition: ObjectiveDefinitionSchema,
    /** The objective's team by id: a live team of the organization, stored as `team`. */
    teamId: TeamId.optional(),
    carriedFrom: ObjectiveCarriedFromSchema.optional(),
  }),
  z.object({
    type: z.literal('EditObjective'),
    ...base,
    ...withReason,
    objectiveId: ObjectiveId,
    changes: ObjectiveChangesSchema,
    /** Moves the objective to this team: a live team of the organization, stored as `team`. */
    teamId: TeamId.optional(),
  }),
  z.object({ type: z.literal('ArchiveObjective'), ...base, ...withReason, objectiveId: ObjectiveId }),
  z.object({
    type: z.literal('AddKeyResult'),
    ...base,
    ...withReason,
    objectiveId: ObjectiveId,
    keyResultId: KeyResultId,
    definition: KeyResultDefinitionSchema,
    carriedFrom: KeyResultCarriedFromSchema.optional(),
  }),
  z.object({
    type: z.literal('EditKeyResult'),
    ...base,
    ...withReason,
    objectiveId: ObjectiveId,
    keyResultId: KeyResultId,
    changes: KeyResultChangesSchema,
  }),
  z.object({
    type: z.literal('RemoveKeyResult'),
    ...base,
    ...withReason,
    objectiveId: ObjectiveId,
    keyResultId: KeyResultId,
  }),
  z.object({
    type: z.literal('RecordCheckIn'),
    ...base,
    objectiveId: ObjectiveId,
    keyResultId: KeyResultId,
    checkInId: NewCheckInId,
    ...measurement,
  }),
  z.object({
    type: z.literal('CorrectCheckIn'),
    ...base,
    objectiveId: ObjectiveId,
    keyResultId: KeyResultId,
    checkInId: NewCheckInId,
    correctsCheckInId: CheckInId,
    ...measurement,
    reason: reasonText('a correction needs a reason'),
  }),
  z.object({
    type: z.literal('AddInitiative'),
    ...base,
    objectiveId: ObjectiveId,
    initiativeId: InitiativeId,
    keyResultId: KeyResultId.nullable().default(null),
    title,
    owner: person.nullable().default(null),
    status: InitiativeStatusSchema.default('planned'),
    percentComplete: MeasurementNumber.min(0, 'must be ≥ 0').max(100, 'must be ≤ 100').default(0),
  }),
  z.object({
    type: z.literal('UpdateInitiative'),
    ...base,
    objectiveId: ObjectiveId,
    initiativeId: InitiativeId,
    changes: z
      .object({
        keyResultId: KeyResultId.nullable(),
        title,
        owner: person.nullable(),
        status: InitiativeStatusSchema,
        percentComplete: MeasurementNumber.min(0, 'must be ≥ 0').max(100, 'must be ≤ 100'),
      })
      .partial(),
  }),
  z.object({
    // A linked cell that gave no value when the sync read it (see docs/attention.md).
    type: z.literal('ReportLinkedValueFailure'),
    ...base,
    objectiveId: ObjectiveId,
    keyResultId: KeyResultId,
    problem: z.enum(LINKED_VALUE_PROBLEMS),
    detail: SingleLineText.pipe(
      z
        .string()
        .max(LIMITS.linkProblemDetailMax, `must be at most ${LIMITS.linkProblemDetailMax} characters`),
    ).default(''),
  }),
  z.object({
    // A failing linked cell that reads a good value again, equal to the last check-in (so none is written).
    type: z.literal('ReportLinkedValueRestored'),
    ...base,
    objectiveId: ObjectiveId,
    keyResultId: KeyResultId,
  }),
  z.object({
    type: z.literal('OverrideGrade'),
    ...base,
    objectiveId: ObjectiveId,
    targetType: z.enum(['objective', 'key_result']),
    targetId: z.union([ObjectiveId, KeyResultId]),
    grade: MeasurementNumber.min(0, 'must be ≥ 0').max(1, 'must be ≤ 1'),
    reason: reasonText('an override needs a reason'),
  }),
]);

export const CycleCommandSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('CreateCycle'),
    ...base,
    cycleId: CycleId,
    title: title.optional(),
    startsOn: isoDate,
    endsOn: isoDate,
    timeZone: z.string().min(1).max(64).default('UTC'),
  }),
  z.object({ type: z.literal('ActivateCycle'), ...base, cycleId: CycleId }),
  z.object({ type: z.literal('CloseCycle'), ...base, cycleId: CycleId }),
  z.object({
    type: z.literal('ReopenCycle'),
    ...base,
    cycleId: CycleId,
    reason: reasonText('reopening needs a reason'),
  }),
]);

const teamPeople = z
  .array(z.email('must be an email address'))
  .max(LIMITS.teamPeopleMax, `at most ${LIMITS.teamPeopleMax} people`);

export const OrganizationCommandSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('CreateOrganization'),
    ...base,
    organizationId: OrganizationId,
    name: title,
    timeZone: z.string().min(1).max(64).default('UTC'),
    firstAdminEmail: z.email('must be an email address'),
  }),
  z.object({
    type: z.literal('PutMember'),
    ...base,
    email: z.email('must be an email address'),
    role: RoleSchema,
    /** An editor's scope: these teams and their sub-teams; null = the whole organization; absent = unchanged. */
    teams: z
      .array(TeamId)
      .min(1, 'name at least one team, or null for the whole organization')
      .max(LIMITS.memberTeamsMax, `at most ${LIMITS.memberTeamsMax} teams`)
      .nullable()
      .optional(),
  }),
  z.object({ type: z.literal('RemoveMember'), ...base, email: z.email('must be an email address') }),
  z.object({
    type: z.literal('SetCheckInCadence'),
    ...base,
    checkInCadenceDays: z
      .number()
      .int('must be a whole number of days')
      .min(1, 'must be at least 1 day')
      .max(LIMITS.checkInCadenceDaysMax, `must be at most ${LIMITS.checkInCadenceDaysMax} days`),
  }),
  z.object({
    type: z.literal('CreateTeam'),
    ...base,
    teamId: TeamId,
    name: title,
    parentTeamId: TeamId.nullable().default(null),
    leads: teamPeople.default([]),
    members: teamPeople.default([]),
  }),
  z.object({ type: z.literal('RenameTeam'), ...base, teamId: TeamId, name: title }),
  z.object({ type: z.literal('MoveTeam'), ...base, teamId: TeamId, parentTeamId: TeamId.nullable() }),
  z.object({
    type: z.literal('SetTeamPeople'),
    ...base,
    teamId: TeamId,
    leads: teamPeople,
    members: teamPeople,
  }),
  z.object({ type: z.literal('ArchiveTeam'), ...base, teamId: TeamId }),
  z.object({ type: z.literal('BindMemberSub'), ...base, email: z.email(), sub: z.string().min(1).max(255) }),
  // Types only: the ranges, the zone and the webhook's host are the decider's rules (422 naming the field).
  z.object({
    type: z.literal('SetDigestSettings'),
    ...base,
    digest: z
      .object({
        weekday: z.enum(WEEKDAYS),
        hour: z.number(),
        timeZone: z.string().max(64).nullable(),
        email: z.boolean(),
        webhookUrl: z.string().max(LIMITS.webhookUrlMax).nullable(),
        spreadsheetId: z.string().max(LIMITS.spreadsheetIdMax).nullable(),
      })
      .partial(),
  }),
  z.object({
    type: z.literal('SetDigestOptOut'),
    ...base,
    email: z.email('must be an email address'),
    optedOut: z.boolean(),
  }),
  z.object({ type: z.literal('ClaimDigest'), ...base, week: DigestWeek }),
  z.object({
    type: z.literal('RecordDigest'),
    ...base,
    week: DigestWeek,
    sent: z.number().int().min(0),
    failures: z
      .array(
        z.object({
          channel: z.enum(DIGEST_CHANNELS),
          recipient: z.string().max(LIMITS.webhookUrlMax),
          error: z.string().max(LIMITS.reasonMax),
        }),
      )
      .max(LIMITS.batchCommandsMax),
  }),
]);

export type ObjectiveCommand = z.infer<typeof ObjectiveCommandSchema>;
export type CycleCommand = z.infer<typeof CycleCommandSchema>;
export type OrganizationCommand = z.infer<typeof OrganizationCommandSchema>;
export type Command = ObjectiveCommand | CycleCommand | OrganizationCommand;
export type CommandType = Command['type'];
export type ObjectiveCommandInput = z.input<typeof ObjectiveCommandSchema>;
