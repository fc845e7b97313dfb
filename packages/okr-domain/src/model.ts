// The vocabulary of OKR Ledger: the value types and the folded state of the two kinds of stream
// (an objective with its KRs, initiatives and check-ins; a cycle with its life). Pure data, no logic.

import type {
  BANDS,
  CHECK_IN_SOURCE_KINDS,
  CONFIDENCES,
  CYCLE_STATUSES,
  INITIATIVE_STATUSES,
  KEY_RESULT_TYPES,
  LINKED_VALUE_PROBLEMS,
  OBJECTIVE_KINDS,
  PROGRESS_MODES,
  PROGRESS_SOURCES,
  ROLES,
  VALUE_SOURCE_KINDS,
  WEEKDAYS,
} from './vocabulary.js';

export type Role = (typeof ROLES)[number];
export type ObjectiveKind = (typeof OBJECTIVE_KINDS)[number];
export type ProgressMode = (typeof PROGRESS_MODES)[number];
export type KeyResultType = (typeof KEY_RESULT_TYPES)[number];
export type ProgressSource = (typeof PROGRESS_SOURCES)[number];
export type Confidence = (typeof CONFIDENCES)[number];
export type InitiativeStatus = (typeof INITIATIVE_STATUSES)[number];
export type CycleStatus = (typeof CYCLE_STATUSES)[number];
export type Band = (typeof BANDS)[number];
export type CheckInSourceKind = (typeof CHECK_IN_SOURCE_KINDS)[number];
export type ValueSourceKind = (typeof VALUE_SOURCE_KINDS)[number];
export type LinkedValueProblem = (typeof LINKED_VALUE_PROBLEMS)[number];

/**
 * Where a KR's value is read from, so it keeps itself current: one cell, or a named range (its top-left
 * cell), of a spreadsheet. Part of the definition: linking and unlinking are definition changes.
 */
export type ValueSource =
  | { kind: 'cell'; spreadsheetId: string; sheetName: string; a1: string }
  | { kind: 'named_range'; spreadsheetId: string; name: string };
// The vocabulary's list names exactly the kinds a link can take.
const _valueSourceKindsListed: [ValueSource['kind']] extends [ValueSourceKind]
  ? [ValueSourceKind] extends [ValueSource['kind']]
    ? true
    : false
  : false = true;

/** A linked cell that gave no value when last read, until a good value (or a new link) clears it. */
export interface LinkFailure {
  problem: LinkedValueProblem;
  /** What the cell showed (an error code, the start of its text); '' when empty or unreadable. */
  detail: string;
  /** The link that failed, as it was when reported. */
  valueSource: ValueSource;
  /** When this spell of failing was first reported (a changed problem keeps it). */
  since: string;
  /** When it was last reported with a new problem, and by whom (whose trigger read it). */
  reportedAt: string;
  reportedBy: Actor;
}
export type Weekday = (typeof WEEKDAYS)[number];

/** Where a check-in's value came from. Events recorded before sources existed read as `manual`. */
export type CheckInSource =
  | { kind: 'manual' }
  | { kind: 'linked_cell'; spreadsheetId: string; sheetName: string; a1: string }
  | { kind: 'api'; client: string };
// The vocabulary's list names exactly the kinds a source can take: a new kind fails to compile until listed.
const _sourceKindsListed: [CheckInSource['kind']] extends [CheckInSourceKind]
  ? [CheckInSourceKind] extends [CheckInSource['kind']]
    ? true
    : false
  : false = true;

/** Who did something: people are keyed on their Google `sub`; the email is kept for display. */
export interface Actor {
  sub: string;
  email: string;
}

export interface Milestone {
  id: string;
  title: string;
  weight: number;
}

/**
 * A KR's definition: every field a mid-cycle change can touch. Flat rather than a union per type so a
 * sheet row maps onto it directly; `validateKeyResultDefinition` enforces which fields each type needs.
 */
export interface KeyResultDefinition {
  title: string;
  owner: string | null;
  weight: number;
  type: KeyResultType;
  /** increase/decrease only. */
  start: number | null;
  /** increase/decrease only. */
  target: number | null;
  /** stay_above/stay_below only. */
  threshold: number | null;
  unit: string;
  /** milestone only, in order. */
  milestones: Milestone[];
  progressSource: ProgressSource;
  /** The cell the value is read from; null when the value is typed. Events before links read as null. */
  valueSource: ValueSource | null;
}

export type KeyResultField = keyof KeyResultDefinition;

export interface CheckIn {
  id: string;
  keyResultId: string;
  /** increase/decrease/stay_above/stay_below. */
  value: number | null;
  /** milestone: ids of the milestones done. */
  milestonesDone: string[] | null;
  /** binary. */
  done: boolean | null;
  confidence: Confidence | null;
  note: string;
  /** The instant the value is true for (ISO 8601). */
  effectiveAt: string;
  source: CheckInSource;
  recordedAt: string;
  recordedBy: Actor;
  /** Set when this check-in corrects an earlier one. */
  corrects: string | null;
  correctionReason: string | null;
  /** Set when a later correction replaced this one; the check-in is kept but no longer counts. */
  correctedBy: string | null;
}

/** The earlier cycle's objective a carried-over objective came from. */
export interface ObjectiveCarriedFrom {
  objectiveId: string;
  cycleId: string;
}

/** The earlier cycle's KR a carried-over KR came from, and its last value there (the new start). */
export interface KeyResultCarriedFrom {
  objectiveId: string;
  keyResultId: string;
  cycleId: string;
  lastValue: number | null;
}

export interface KeyResultState {
  id: string;
  objectiveId: string;
  definition: KeyResultDefinition;
  removed: boolean;
  /**
   * Every check-in ever recorded, corrected ones included, in recording order; in a stream's stored
   * snapshot only the latest ones (see compact.ts).
   */
  checkIns: CheckIn[];
  /** In a stored snapshot: how many effective check-ins older than `checkIns` were left out. */
  omittedCheckIns?: number;
  createdAt: string;
  /** Set on a KR carried over from an earlier cycle. */
  carriedFrom?: KeyResultCarriedFrom;
  /** Set while the linked cell fails to give a value; absent (or null once cleared) otherwise. */
  linkFailure?: LinkFailure | null;
}

export interface Initiative {
  id: string;
  objectiveId: string;
  /** The KR the work should move; null when it serves the objective as a whole. */
  keyResultId: string | null;
  title: string;
  owner: string | null;
  status: InitiativeStatus;
  percentComplete: number;
}

export interface ObjectiveDefinition {
  title: string;
  description: string;
  owner: string | null;
  team: string | null;
  kind: ObjectiveKind;
  parentObjectiveId: string | null;
  weight: number;
  progressMode: ProgressMode;
  /** Share of initiative progress in `blended` mode, 0–1. */
  blendShare: number;
}

export type ObjectiveField = keyof ObjectiveDefinition;

export interface GradeOverride {
  targetType: 'objective' | 'key_result';
  targetId: string;
  grade: number;
  reason: string;
  by: Actor;
  at: string;
}

export interface ObjectiveState {
  id: string;
  cycleId: string;
  definition: ObjectiveDefinition;
  archived: boolean;
  /** KRs in the order they were added (removed ones kept, flagged). */
  keyResults: KeyResultState[];
  initiatives: Initiative[];
  /** Latest override per target id. */
  overrides: Record<string, GradeOverride>;
  version: number;
  createdAt: string;
  updatedAt: string;
  /** Set on an objective carried over from an earlier cycle. */
  carriedFrom?: ObjectiveCarriedFrom;
}

export interface CycleState {
  id: string;
  title: string;
  /** Calendar dates, YYYY-MM-DD, inclusive. */
  startsOn: string;
  endsOn: string;
  /** IANA zone that decides where a day ends, e.g. Europe/Berlin. */
  timeZone: string;
  status: CycleStatus;
  activatedAt: string | null;
  closedAt: string | null;
  version: number;
}

export interface Member {
  email: string;
  role: Role;
  /** Bound the first time the person signs in. */
  sub: string | null;
  /**
   * An editor scoped to these teams (and their sub-teams); absent for a role over the whole organization,
   * which is what every member recorded before scopes existed has.
   */
  teams?: string[];
}

/** A team of the organization: teams form a tree through their optional parent. */
export interface Team {
  id: string;
  name: string;
  parentTeamId: string | null;
  /** Emails, lower-cased. */
  leads: string[];
  members: string[];
  archived: boolean;
}

export interface OrganizationState {
  id: string;
  name: string;
  timeZone: string;
  members: Record<string, Member>;
  /** Days without a check-in before a KR is due; organizations created before the setting have 7. */
  checkInCadenceDays: number;
  /** Absent until an admin first sets it: read it through `digestSettingsOf` (defaults filled in). */
  digest?: DigestSettings;
  /** Lower-cased emails of the members who opted out of the digest email. */
  digestOptOuts?: string[];
  /** The latest digest week claimed, and what its run recorded (absent before the first digest). */
  lastDigest?: DigestRun;
  /** Absent until the first team is created (organizations folded before teams existed have none). */
  teams?: Record<string, Team>;
  version: number;
}

/** When and how an organization's weekly digest goes out (see digest.ts and docs/digests.md). */
export interface DigestSettings {
  weekday: Weekday;
  /** Local hour, 0–23, at or after which the digest goes out on its weekday. */
  hour: number;
  /** IANA zone of the weekday and hour; null: the active cycle's zone (else the organization's). */
  timeZone: string | null;
  /** Whether members get their digest by email (each may still opt out). */
  email: boolean;
  /** Incoming webhook (Slack or Google Chat) that gets the team summary; null: none. */
  webhookUrl: string | null;
  /** The team's spreadsheet: the digest links to it (deploy-time base + this id); null: no link. */
  spreadsheetId: string | null;
}

export interface DigestRun {
  /** ISO week (`2026-W50`) in the digest's zone. */
  week: string;
  claimedAt: string;
  /** Null while the run is sending (or if it died before it could record its outcome). */
  recordedAt: string | null;
  sent: number;
  failed: number;
}
