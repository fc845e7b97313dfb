// The read side as the API sees it: the projections package's views reader. Routes depend on this type,
// not on DynamoDB, so tests wire a real reader over DynamoDB Local and nothing else changes.
export type { ChangeFilters, ViewsReader } from '@okr-ledger/projections';
