// Least-privilege DynamoDB access per function, as explicit action lists: the CDK `grant*` helpers bundle
// DeleteItem and other writes the ledger must never have on its events table.
import * as iam from 'aws-cdk-lib/aws-iam';
import type { LedgerTable } from './ledger-table.js';

/**
 * What the API needs to append to and read the events table. `TransactWriteItems` has no IAM action of its
 * own: each put, update and condition check in a transaction is authorised as its own action. Deleting is
 * absent on purpose: nothing in the ledger is ever removed.
 */
export const API_EVENTS_TABLE_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:ConditionCheckItem',
] as const;

/** The events indexes are read-only projections of the table. */
export const EVENTS_INDEX_ACTIONS = ['dynamodb:Query'] as const;

/** The API serves the board and reports straight from the read models. */
export const API_VIEWS_ACTIONS = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'] as const;

/**
 * The projector owns the read models: it writes them, reads its own checkpoints, and deletes rows that a
 * later event retires (an archived objective leaves the board).
 */
export const PROJECTOR_VIEWS_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:Query',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:DeleteItem',
  // Each view update is a transaction conditioned on the stream's checkpoint.
  'dynamodb:ConditionCheckItem',
] as const;

/**
 * The projector reads events beyond the stream in three cases: filling a gap in a stream's versions,
 * refolding the original definitions when a cycle is activated, and freezing grades at close. Query is
 * all of it; it never writes events.
 */
export const PROJECTOR_EVENTS_ACTIONS = ['dynamodb:Query'] as const;

export function grantApiAccess(role: iam.IRole, events: LedgerTable, views: LedgerTable): void {
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'AppendAndReadEvents',
      actions: [...API_EVENTS_TABLE_ACTIONS],
      resources: [events.table.tableArn],
    }),
  );
  const eventIndexes = events.indexArns();
  if (eventIndexes.length > 0) {
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'QueryEventIndexes',
        actions: [...EVENTS_INDEX_ACTIONS],
        resources: eventIndexes,
      }),
    );
  }
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'ReadViews',
      actions: [...API_VIEWS_ACTIONS],
      resources: [views.table.tableArn, ...views.indexArns()],
    }),
  );
}

/** The projector reads events through the stream (granted by its mapping) and by Query, and owns the views. */
export function grantProjectorAccess(role: iam.IRole, events: LedgerTable, views: LedgerTable): void {
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'QueryEvents',
      actions: [...PROJECTOR_EVENTS_ACTIONS],
      resources: [events.table.tableArn, ...events.indexArns()],
    }),
  );
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'MaintainViews',
      actions: [...PROJECTOR_VIEWS_ACTIONS],
      resources: [views.table.tableArn, ...views.indexArns()],
    }),
  );
}
