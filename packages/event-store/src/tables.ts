// The one definition of the two DynamoDB tables. The CDK stack and the local/test setup both build their
// tables from here, so production and tests cannot drift apart.

export interface KeyAttribute {
  name: string;
  type: 'S' | 'N';
}

export interface IndexDefinition {
  indexName: string;
  partitionKey: KeyAttribute;
  sortKey: KeyAttribute;
  /** Attributes copied into the index besides the keys. */
  projection: 'ALL' | 'KEYS_ONLY';
}

export interface TableDefinition {
  /** Logical name; physical names are chosen by CloudFormation or by the test harness. */
  logicalName: string;
  partitionKey: KeyAttribute;
  sortKey: KeyAttribute;
  indexes: IndexDefinition[];
  /** Whether the table feeds a DynamoDB stream (new images). */
  stream: boolean;
}

/** The sparse index listing the objective streams of a cycle (see EVENTS_TABLE). */
export const BY_CYCLE_INDEX = 'byCycle';

/**
 * Events: `pk = {org}#{streamId}`; `sk = 0` is the stream's tip (version, snapshot, metadata),
 * `sk = 1..n` are its events. Idempotency records live at `pk = {org}#cmd#{commandId}`, `sk = 0`.
 * Tips of objective streams carry `cyclePk = {org}#{cycleId}` so the sparse `byCycle` index lists the
 * objectives of a cycle with one query.
 */
export const EVENTS_TABLE: TableDefinition = {
  logicalName: 'Events',
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'N' },
  indexes: [
    {
      indexName: BY_CYCLE_INDEX,
      partitionKey: { name: 'cyclePk', type: 'S' },
      sortKey: { name: 'streamId', type: 'S' },
      projection: 'KEYS_ONLY',
    },
  ],
  stream: true,
};

/** Views: read models written by the projector; keys are owned by the projections package. */
export const VIEWS_TABLE: TableDefinition = {
  logicalName: 'Views',
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  indexes: [],
  stream: false,
};
