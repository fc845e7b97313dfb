// The key layout of the views table. Every view key starts with its generation (`g{n}#`), so a rebuild can
// fill a fresh generation beside the live one and switch over with one write to the pointer item; the
// pointer and the dead letters live outside the generations because they outlive rebuilds.

/** `{ pk, sk }` of the item that says which generation readers use and which one is being built. */
export const POINTER_KEY = { pk: 'views', sk: 'pointer' } as const;

/** Partition of the records the projector could not apply and set aside. */
export const DEAD_LETTER_PK = 'deadletter';

/** Versions are zero-padded in sort keys so string order is version order. */
export const padVersion = (version: number): string => String(version).padStart(10, '0');

export const generationPrefix = (generation: number): string => `g${generation}#`;

export const viewKeys = {
  checkpoint: (generation: number, org: string, streamId: string) => ({
    pk: `g${generation}#${org}#stream#${streamId}`,
    sk: 'checkpoint',
  }),
  /**
   * One partition per cycle: the cycle, its objectives, their original definitions and the mid-cycle
   * changes, so a board is one query and so are a cycle's live grades.
   */
  cyclePartition: (generation: number, org: string, cycleId: string) =>
    `g${generation}#${org}#cycle#${cycleId}`,
  cycle: (generation: number, org: string, cycleId: string) => ({
    pk: viewKeys.cyclePartition(generation, org, cycleId),
    sk: 'cycle',
  }),
  objective: (generation: number, org: string, cycleId: string, objectiveId: string) => ({
    pk: viewKeys.cyclePartition(generation, org, cycleId),
    sk: `objective#${objectiveId}`,
  }),
  original: (generation: number, org: string, cycleId: string, objectiveId: string) => ({
    pk: viewKeys.cyclePartition(generation, org, cycleId),
    sk: `original#${objectiveId}`,
  }),
  /** A mid-cycle definition change, beside the objectives: what the grades report names. Audit order. */
  midCycleChange: (
    generation: number,
    org: string,
    cycleId: string,
    at: string,
    streamId: string,
    version: number,
    index: number,
  ) => ({
    pk: viewKeys.cyclePartition(generation, org, cycleId),
    // The audit entry's own sort key, so the copy sorts as the entry does.
    sk: `${CHANGE_SK_PREFIX}${viewKeys.auditEntry(generation, org, cycleId, at, streamId, version, index).sk}`,
  }),
  cycleListPartition: (generation: number, org: string) => `g${generation}#${org}#cycles`,
  cycleListEntry: (generation: number, org: string, cycleId: string) => ({
    pk: viewKeys.cycleListPartition(generation, org),
    sk: cycleId,
  }),
  keyResultPartition: (generation: number, org: string, keyResultId: string) =>
    `g${generation}#${org}#kr#${keyResultId}`,
  keyResultMeta: (generation: number, org: string, keyResultId: string) => ({
    pk: viewKeys.keyResultPartition(generation, org, keyResultId),
    sk: 'meta',
  }),
  historyEntry: (generation: number, org: string, keyResultId: string, version: number) => ({
    pk: viewKeys.keyResultPartition(generation, org, keyResultId),
    sk: `h#${padVersion(version)}`,
  }),
  auditPartition: (generation: number, org: string, cycleId: string) =>
    `g${generation}#${org}#audit#${cycleId}`,
  /** Sorted by the instant of the change, so a date range is a key range. */
  auditEntry: (
    generation: number,
    org: string,
    cycleId: string,
    at: string,
    streamId: string,
    version: number,
    index: number,
  ) => ({
    pk: viewKeys.auditPartition(generation, org, cycleId),
    sk: `${at}#${streamId}#${padVersion(version)}#${index}`,
  }),
  gradesPartition: (generation: number, org: string, cycleId: string) =>
    `g${generation}#${org}#grades#${cycleId}`,
  frozenGradesChunk: (generation: number, org: string, cycleId: string, chunk: number) => ({
    pk: viewKeys.gradesPartition(generation, org, cycleId),
    sk: `frozen#${String(chunk).padStart(4, '0')}`,
  }),
  deadLetter: (org: string, streamId: string, version: number) => ({
    pk: DEAD_LETTER_PK,
    sk: `${org}#${streamId}#${padVersion(version)}`,
  }),
};

export const OBJECTIVE_SK_PREFIX = 'objective#';
export const ORIGINAL_SK_PREFIX = 'original#';
export const CHANGE_SK_PREFIX = 'change#';
export const HISTORY_SK_PREFIX = 'h#';
export const FROZEN_SK_PREFIX = 'frozen#';
