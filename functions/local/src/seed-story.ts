// The demo's story as data: the organization and its members, the quarter's calendar, the four
// objectives with their KRs, initiatives and week-by-week values, and the two events the story stages
// (a mid-cycle change and a failing linked cell). seed.ts plays it through the command path.
import type { Confidence, InitiativeStatus, KeyResultType } from '@okr-ledger/okr-domain';

export const DEMO = {
  org: 'demo',
  name: 'Demo Company',
  timeZone: 'Europe/Berlin',
  cycleId: '2026-Q4',
  admin: 'admin@example.com',
  editor: 'editor@example.com',
  viewer: 'viewer@example.com',
} as const;

export const DAY_MS = 86_400_000;
/** Mondays of the cycle, 10:00 in Berlin during summer time (08:00 UTC); the first is 5 October. */
export const FIRST_CHECK_IN = Date.parse('2026-10-05T08:00:00Z');
export const WEEKS = 13;

type Measurement = { value: number } | { done: boolean } | { milestonesDone: string[] } | null;

interface SeedKeyResult {
  id: string;
  title: string;
  type: KeyResultType;
  unit: string;
  start?: number;
  target?: number;
  threshold?: number;
  milestones?: { id: string; title: string }[];
  /** Index = week of the cycle; null = no check-in that week. */
  weekly: Measurement[];
  /** Weeks at which the owner set a confidence explicitly. */
  confidence?: Record<number, Confidence>;
  /** The KR's own owner; default: the objective's. */
  owner?: string;
}

interface SeedInitiative {
  id: string;
  title: string;
  keyResultId: string | null;
  /** week → new status and percent complete. */
  updates: Record<number, { status: InitiativeStatus; percentComplete: number }>;
}

interface SeedObjective {
  id: string;
  title: string;
  description: string;
  owner: string;
  team: string;
  kind: 'committed' | 'aspirational';
  progressMode?: 'key_results' | 'initiatives';
  keyResults: SeedKeyResult[];
  initiatives: SeedInitiative[];
}

const numbers = (...values: number[]): Measurement[] => values.map((value) => ({ value }));

export const DEMO_OBJECTIVES: SeedObjective[] = [
  {
    id: 'obj_onboarding_speed',
    title: 'Make customer onboarding dramatically faster and more predictable',
    description: 'New customers reach value in their first weeks, every time.',
    owner: DEMO.editor,
    team: 'Customer Success',
    kind: 'aspirational',
    keyResults: [
      {
        id: 'kr_onboarding_days',
        title: 'Reduce median onboarding time from 24 days to 9 days',
        type: 'decrease',
        unit: 'days',
        start: 24,
        target: 9,
        weekly: numbers(24, 23, 22, 20, 19, 18, 17, 15, 14, 13, 12, 11, 10),
      },
      {
        id: 'kr_week2_adoption',
        title: 'Increase week-2 product adoption from 41% to 75%',
        type: 'increase',
        unit: '%',
        start: 41,
        target: 75,
        weekly: numbers(41, 43, 46, 49, 52, 55, 57, 60, 62, 65, 67, 70, 72),
        confidence: { 5: 'at_risk' },
      },
      {
        id: 'kr_onboarding_csat',
        title: 'Raise onboarding satisfaction from 8.1 to 9.0',
        type: 'increase',
        unit: '/10',
        start: 8.1,
        target: 9.0,
        weekly: numbers(8.1, 8.2, 8.2, 8.3, 8.4, 8.5, 8.5, 8.6, 8.7, 8.7, 8.8, 8.9, 8.9),
      },
    ],
    initiatives: [
      {
        id: 'ini_kickoff_template',
        title: 'Launch a new implementation kickoff template',
        keyResultId: 'kr_onboarding_days',
        updates: {
          0: { status: 'in_progress', percentComplete: 30 },
          3: { status: 'done', percentComplete: 100 },
        },
      },
      {
        id: 'ini_role_based_paths',
        title: 'Add role-based onboarding paths for admins and contributors',
        keyResultId: 'kr_week2_adoption',
        updates: {
          1: { status: 'in_progress', percentComplete: 10 },
          4: { status: 'in_progress', percentComplete: 40 },
          6: { status: 'in_progress', percentComplete: 60 },
        },
      },
    ],
  },
  {
    id: 'obj_customer_churn',
    title: 'Improve customer satisfaction and reduce churn',
    description: 'Customers stay because support is quick and they are happy with it.',
    owner: DEMO.admin,
    team: 'Support',
    kind: 'committed',
    keyResults: [
      {
        id: 'kr_churn_rate',
        title: 'Decrease customer churn from 5% to 2%',
        type: 'decrease',
        unit: '%',
        start: 5,
        target: 2,
        weekly: numbers(5, 4.8, 4.6, 4.5, 4.1, 3.9, 3.8, 3.6, 3.4, 3.2, 3.1, 2.9, 2.8),
      },
      {
        id: 'kr_support_csat',
        title: 'Increase average customer satisfaction rating from 3.8 to 4.5',
        type: 'increase',
        unit: '/5',
        start: 3.8,
        target: 4.5,
        weekly: numbers(3.8, 3.8, 3.9, 4.0, 4.0, 4.1, 4.2, 4.2, 4.3, 4.3, 4.4, 4.4, 4.5),
      },
      {
        id: 'kr_response_time',
        title: 'Reduce customer support ticket response time from 24 hours to 12 hours',
        type: 'decrease',
        unit: 'hours',
        start: 24,
        target: 12,
        weekly: numbers(24, 22, 21, 19, 18, 16, 15, 14, 13, 12, 12, 11, 11),
      },
      {
        id: 'kr_enterprise_renewal',
        title: 'Keep the enterprise renewal rate at 85% or higher',
        type: 'stay_above',
        unit: '%',
        threshold: 85,
        weekly: numbers(86, 84, 87, 88, 85, 83, 86, 87, 88, 86, 85, 87, 88),
        confidence: { 1: 'at_risk', 5: 'at_risk' },
      },
    ],
    initiatives: [
      {
        id: 'ini_weekend_shift',
        title: 'Staff a weekend support shift',
        keyResultId: 'kr_response_time',
        updates: {
          1: { status: 'in_progress', percentComplete: 50 },
          2: { status: 'done', percentComplete: 100 },
        },
      },
    ],
  },
  {
    id: 'obj_data_foundation',
    title: 'Lay the foundation for a scalable data infrastructure',
    description: 'A data stack the company can grow on (the output-driven example of seed article 001).',
    owner: DEMO.editor,
    team: 'Data',
    kind: 'aspirational',
    keyResults: [
      {
        id: 'kr_events_migrated',
        title: 'All analytics events answer from the new data warehouse',
        type: 'milestone',
        unit: '',
        milestones: [
          { id: 'ms_audit_events', title: 'Existing events audited' },
          { id: 'ms_map_schema', title: 'Events mapped to the new schema' },
          { id: 'ms_update_tracking', title: 'Tracking code updated' },
          { id: 'ms_validate_data', title: 'Data validated in the new environment' },
        ],
        weekly: [
          null,
          { milestonesDone: ['ms_audit_events'] },
          null,
          { milestonesDone: ['ms_audit_events', 'ms_map_schema'] },
          null,
          null,
          { milestonesDone: ['ms_audit_events', 'ms_map_schema', 'ms_update_tracking'] },
          null,
          null,
          null,
          { milestonesDone: ['ms_audit_events', 'ms_map_schema', 'ms_update_tracking', 'ms_validate_data'] },
        ],
      },
      {
        id: 'kr_quality_coverage',
        title: 'Raise automated quality-check coverage of key metrics from 20% to 95%',
        type: 'increase',
        unit: '%',
        start: 20,
        target: 95,
        weekly: numbers(20, 25, 32, 40, 48, 55, 61, 66, 72, 78, 83, 88, 91),
      },
      {
        id: 'kr_governance_approved',
        title: 'Data owners approve governance policies for all 12 core datasets',
        type: 'binary',
        unit: '',
        weekly: [null, null, { done: false }, null, null, null, null, { done: true }],
      },
      {
        // Went quiet after three weeks, far behind: due and behind pace, so the digest has a nudge to send
        // (`npm run digest -- --org demo --dry-run`), and linked to a cell whose last sync found #N/A there
        // (FAILING_LINK below), so the attention view and the digest have a failing link to show.
        id: 'kr_docs_reviewed',
        title: 'Raise the share of data docs reviewed this quarter from 10% to 80%',
        type: 'increase',
        unit: '%',
        start: 10,
        target: 80,
        owner: DEMO.admin,
        weekly: numbers(10, 12, 13),
      },
    ],
    initiatives: [
      {
        id: 'ini_quality_checks',
        title: 'Set up automated data quality checks',
        keyResultId: 'kr_quality_coverage',
        updates: {
          0: { status: 'in_progress', percentComplete: 20 },
          5: { status: 'in_progress', percentComplete: 70 },
        },
      },
      {
        id: 'ini_train_team',
        title: 'Train 5 team members on using the new data stack',
        keyResultId: null,
        updates: { 4: { status: 'in_progress', percentComplete: 40 } },
      },
    ],
  },
  {
    id: 'obj_apac_feasibility',
    title: 'Explore feasibility of expanding into the APAC market',
    description:
      'Reduce uncertainty before deciding; progress is driven by the research work (seed article 001).',
    owner: DEMO.admin,
    team: 'Strategy',
    kind: 'aspirational',
    progressMode: 'initiatives',
    keyResults: [
      {
        id: 'kr_apac_decision',
        title: 'The board accepts a yes/no recommendation on APAC expansion',
        type: 'binary',
        unit: '',
        weekly: [],
      },
    ],
    initiatives: [
      {
        id: 'ini_apac_research',
        title: 'Conduct market research in at least 3 priority APAC countries',
        keyResultId: null,
        updates: {
          0: { status: 'in_progress', percentComplete: 20 },
          4: { status: 'done', percentComplete: 100 },
        },
      },
      {
        id: 'ini_apac_regulation',
        title: 'Identify and document legal and regulatory requirements for each country',
        keyResultId: null,
        updates: {
          3: { status: 'in_progress', percentComplete: 30 },
          6: { status: 'in_progress', percentComplete: 50 },
        },
      },
      {
        id: 'ini_apac_interviews',
        title: 'Interview 10 potential local partners or customers',
        keyResultId: null,
        updates: { 5: { status: 'in_progress', percentComplete: 30 } },
      },
      {
        id: 'ini_apac_recommendation',
        title: 'Deliver a yes/no recommendation with supporting analysis',
        keyResultId: 'kr_apac_decision',
        updates: {},
      },
    ],
  },
];

/**
 * A KR linked to a cell of the team's metrics spreadsheet whose last sync found #N/A there, so the
 * attention view (and the sheet's Linked cell column) has a failing link to show.
 */
export const FAILING_LINK = {
  objectiveId: 'obj_data_foundation',
  keyResultId: 'kr_docs_reviewed',
  valueSource: {
    kind: 'cell',
    spreadsheetId: '1DemoMetricsSheet0000000000000000000000000',
    sheetName: 'Docs review',
    a1: 'C12',
  },
  reason: 'The review share now comes from the data team’s tracking sheet.',
  problem: 'error',
  detail: '#N/A',
} as const;

/** A mid-cycle change, so the audit and the "original vs current" grades have something to show. */
export const MID_CYCLE_CHANGE = {
  at: '2026-10-14T10:00:00Z',
  objectiveId: 'obj_customer_churn',
  keyResultId: 'kr_response_time',
  changes: { target: 10 },
  reason: 'Support staffing grew in October; the team raised the bar.',
};
