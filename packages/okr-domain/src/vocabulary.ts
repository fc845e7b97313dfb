// The product's words, defined once: the lists a value may come from, the limits input must respect and
// the event types each kind of stream holds. Plain data with no imports, so the add-on bundles it at build
// time without the schemas, and the schemas, the contract, the projector and the sheet all agree.

export const ROLES = ['admin', 'editor', 'viewer'] as const;
export const OBJECTIVE_KINDS = ['committed', 'aspirational'] as const;
export const PROGRESS_MODES = ['key_results', 'initiatives', 'blended'] as const;
export const KEY_RESULT_TYPES = [
  'increase',
  'decrease',
  'stay_above',
  'stay_below',
  'milestone',
  'binary',
] as const;
export const PROGRESS_SOURCES = ['check_ins', 'initiatives'] as const;
export const CONFIDENCES = ['on_track', 'at_risk', 'off_track'] as const;
/** Where a check-in's value came from: typed by a person, read from a linked cell, or sent by a client. */
export const CHECK_IN_SOURCE_KINDS = ['manual', 'linked_cell', 'api'] as const;
/** What a KR's value may be linked to: one cell of a sheet, or a named range (its top-left cell). */
export const VALUE_SOURCE_KINDS = ['cell', 'named_range'] as const;
/**
 * Why a linked cell gave no value: it was empty, held text, held a spreadsheet error (#REF!, #N/A, …), or
 * could not be read at all (the sheet, range or spreadsheet is gone or not shared with the reader).
 */
export const LINKED_VALUE_PROBLEMS = ['empty', 'text', 'error', 'unreadable'] as const;
/** Sheets' formula errors: a linked cell showing one of these holds an `error`, not text. */
export const SHEET_ERROR_VALUES = [
  '#NULL!',
  '#DIV/0!',
  '#VALUE!',
  '#REF!',
  '#NAME?',
  '#NUM!',
  '#N/A',
  '#ERROR!',
  '#SPILL!',
  '#CALC!',
] as const;
/** Editor add-ons may run a time-driven trigger at most once an hour per user and document. */
export const LINKED_VALUE_SYNC_EVERY_HOURS = 1;
export const INITIATIVE_STATUSES = ['planned', 'in_progress', 'done', 'dropped'] as const;
export const CYCLE_STATUSES = ['planning', 'active', 'closed'] as const;
export const BANDS = ['green', 'yellow', 'red'] as const;
/** Days of the week, ISO order (Monday first): the digest's weekday setting. */
export const WEEKDAYS = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
] as const;
/**
 * The hosts a digest webhook may post to (Slack and Google Chat incoming webhooks), checked when an admin
 * sets the URL and again before each post, so a stored URL cannot be turned into a request elsewhere.
 */
export const DIGEST_WEBHOOK_HOSTS = ['hooks.slack.com', 'chat.googleapis.com'] as const;
/** Where a digest goes: each person's email, and the team summary to the organization's webhook. */
export const DIGEST_CHANNELS = ['email', 'webhook'] as const;

/** What input must respect; the schemas enforce it and the sheet checks it before sending. */
export const LIMITS = {
  titleMax: 200,
  descriptionMax: 2_000,
  noteMax: 2_000,
  reasonMax: 1_000,
  /** A check-in source's sheet name and client name; an A1 reference. */
  sourceNameMax: 100,
  a1RefMax: 32,
  /** A named range's name, as Sheets allows it. */
  namedRangeMax: 250,
  /** What a failing linked cell showed (an error code, the start of its text). */
  linkProblemDetailMax: 200,
  /** Days an organization may let pass between check-ins before a KR is due. */
  checkInCadenceDaysMax: 90,
  /** A digest webhook URL and a spreadsheet id (what the digest's link to the sheet is built from). */
  webhookUrlMax: 2_048,
  spreadsheetIdMax: 128,
  unitMax: 40,
  weightMax: 1_000,
  milestonesMax: 20,
  keyResultsPerObjectiveMax: 12,
  initiativesPerObjectiveMax: 50,
  /** Leads and members of one team; teams an editor's role may be scoped to. */
  teamPeopleMax: 200,
  memberTeamsMax: 50,
  /** Commands in one push. */
  batchCommandsMax: 500,
  /** Bytes of any request body (413 above), checked before it is parsed. */
  requestBodyBytesMax: 1024 * 1024,
} as const;

export const OBJECTIVE_EVENT_TYPES = [
  'ObjectiveCreated',
  'ObjectiveChanged',
  'ObjectiveArchived',
  'KeyResultAdded',
  'KeyResultChanged',
  'KeyResultRemoved',
  'CheckInRecorded',
  'CheckInCorrected',
  'InitiativeAdded',
  'InitiativeUpdated',
  'GradeOverridden',
  'LinkedValueFailed',
  'LinkedValueRestored',
] as const;

export const CYCLE_EVENT_TYPES = [
  'CycleCreated',
  'CycleActivated',
  'CycleClosed',
  'CycleReopened',
  'CycleDatesChanged',
] as const;

export const ORGANIZATION_EVENT_TYPES = [
  'OrganizationCreated',
  'MemberAdded',
  'MemberRoleChanged',
  'MemberRemoved',
  'MemberSignedIn',
  'CheckInCadenceChanged',
  'DigestSettingsChanged',
  'DigestOptOutChanged',
  'DigestClaimed',
  'DigestDelivered',
  'TeamCreated',
  'TeamRenamed',
  'TeamMoved',
  'TeamPeopleSet',
  'TeamArchived',
  'MemberScopeChanged',
] as const;
