// Generators of hostile requests for the API fuzz: any JSON, JSON shaped almost like a valid request (so
// generation reaches the deeper checks rather than stopping at the first field), odd header values and
// path ids, mixed with the ids that exist so some requests get all the way to a write.
import fc from 'fast-check';

/** Ids that exist in the fuzzed organization; generators pick them often. */
export interface KnownIds {
  org: string;
  /** The active cycle every objective lives in; never closed by the fuzz so writes stay possible. */
  cycleId: string;
  /** A planning cycle whose life the fuzz may move along. */
  spareCycleId: string;
  objectiveIds: string[];
  keyResultIds: string[];
  /** Which objective holds each KR, so generated commands can be right about it. */
  objectiveOfKeyResult: Record<string, string>;
  /** Members whose role the fuzz may change (not the admin or the people it signs in as). */
  spareEmails: string[];
}

const OBJECTIVE_COMMAND_TYPES = [
  'CreateObjective',
  'EditObjective',
  'ArchiveObjective',
  'AddKeyResult',
  'EditKeyResult',
  'RemoveKeyResult',
  'RecordCheckIn',
  'CorrectCheckIn',
  'AddInitiative',
  'UpdateInitiative',
  'OverrideGrade',
];

export const anyJson = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.jsonValue({ maxDepth: 2, stringUnit: 'grapheme' }),
);

/** A JSON value most of the time, sometimes a good value of the expected kind. */
const either = <T>(plausible: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary: plausible, weight: 3 }, { arbitrary: anyJson, weight: 1 });

const idOf = (prefix: string) => fc.stringMatching(new RegExp(`^${prefix}_[A-Za-z0-9_-]{0,44}$`));

/** Printable ASCII, the characters a header value may carry. */
export const headerText = fc.string({ unit: 'grapheme-ascii', maxLength: 80 });

export const commandIdLike = fc.oneof(
  fc.stringMatching(/^fz[A-Za-z0-9_-]{6,62}$/),
  fc.string({ maxLength: 70 }),
);

const instantLike = fc.oneof(
  fc
    .date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
    .map((date) => date.toISOString()),
  fc.constantFrom('2026-13-45T99:00:00Z', 'yesterday', '2026-10-01', ''),
);

const numberLike = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }),
  fc.integer({ min: -10, max: 200 }),
  fc.constantFrom(0, -0, 1e308, -1e308, Number.MAX_SAFE_INTEGER),
);

/** Fresh ids, so a generated command is new rather than a replay of an earlier one. */
const freshCommandId = fc.noBias(fc.uuid()).map((uuid) => `fz-${uuid}`);
const freshId = (prefix: string) => fc.noBias(fc.uuid()).map((uuid) => `${prefix}_${uuid.replace(/-/g, '')}`);

/**
 * A valid value with at most one field spoiled: replaced by any JSON value or removed. Most of these reach
 * the domain's rules, and many are written.
 */
function mutated(valid: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .tuple(
      valid,
      fc.option(fc.tuple(fc.nat(), fc.option(anyJson, { nil: undefined })), { nil: null, freq: 1 }),
    )
    .map(([value, mutation]) => {
      if (mutation === null) return value;
      const keys = Object.keys(value);
      const key = keys[mutation[0] % keys.length];
      if (key === undefined) return value;
      const { [key]: _dropped, ...rest } = value;
      return mutation[1] === undefined ? rest : { ...rest, [key]: mutation[1] };
    });
}

export function arbitraries(known: KnownIds) {
  const objectiveId = fc.oneof(fc.constantFrom(...known.objectiveIds), idOf('obj'));
  const keyResultId = fc.oneof(fc.constantFrom(...known.keyResultIds), idOf('kr'));

  const definitionLike = fc.record(
    {
      title: either(fc.string({ maxLength: 220 })),
      type: either(
        fc.constantFrom('increase', 'decrease', 'stay_above', 'stay_below', 'milestone', 'binary'),
      ),
      start: either(numberLike),
      target: either(numberLike),
      threshold: either(numberLike),
      weight: either(numberLike),
      unit: either(fc.string({ maxLength: 50 })),
      owner: either(fc.emailAddress()),
      kind: either(fc.constantFrom('committed', 'aspirational')),
      progressMode: either(fc.constantFrom('key_results', 'initiatives', 'blended')),
      milestones: either(
        fc.array(fc.record({ id: idOf('ms'), title: fc.string({ maxLength: 30 }), weight: numberLike })),
      ),
    },
    { requiredKeys: [] },
  );

  const commandLike = fc.record(
    {
      type: either(fc.constantFrom(...OBJECTIVE_COMMAND_TYPES)),
      commandId: either(commandIdLike),
      expectedVersion: either(fc.integer({ min: -2, max: 40 })),
      objectiveId: either(objectiveId),
      keyResultId: either(keyResultId),
      checkInId: either(idOf('chk')),
      correctsCheckInId: either(idOf('chk')),
      initiativeId: either(idOf('ini')),
      definition: either(definitionLike),
      changes: either(definitionLike),
      value: either(numberLike),
      done: either(fc.boolean()),
      note: either(fc.string({ maxLength: 100 })),
      reason: either(fc.string({ maxLength: 60 })),
      effectiveAt: either(instantLike),
      confidence: either(fc.constantFrom('on_track', 'at_risk', 'off_track')),
      title: either(fc.string({ maxLength: 60 })),
      status: either(fc.constantFrom('planned', 'in_progress', 'done', 'dropped')),
      percentComplete: either(numberLike),
      targetType: either(fc.constantFrom('objective', 'key_result')),
      targetId: either(fc.oneof(objectiveId, keyResultId)),
      grade: either(numberLike),
    },
    { requiredKeys: [] },
  );

  const knownKeyResult = fc.constantFrom(...known.keyResultIds).map((keyResultId) => ({
    keyResultId,
    objectiveId: known.objectiveOfKeyResult[keyResultId] ?? '',
  }));
  const validCommand: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
    fc
      .record({
        target: knownKeyResult,
        commandId: freshCommandId,
        checkInId: freshId('chk'),
        value: numberLike,
      })
      .map(({ target, ...rest }) => ({ type: 'RecordCheckIn', ...target, ...rest })),
    fc
      .record({
        objectiveId: fc.constantFrom(...known.objectiveIds),
        commandId: freshCommandId,
        initiativeId: freshId('ini'),
        title: fc.string({ minLength: 1, maxLength: 60 }),
      })
      .map((fields) => ({ type: 'AddInitiative', ...fields })),
    fc
      .record({
        target: knownKeyResult,
        commandId: freshCommandId,
        title: fc.string({ minLength: 1, maxLength: 60 }),
      })
      .map(({ target, commandId, title }) => ({
        type: 'EditKeyResult',
        ...target,
        commandId,
        reason: 'fuzzing',
        changes: { title },
      })),
    fc
      .record({
        objectiveId: freshId('obj'),
        commandId: freshCommandId,
        title: fc.string({ minLength: 1, maxLength: 60 }),
      })
      .map(({ title, ...fields }) => ({ type: 'CreateObjective', ...fields, definition: { title } })),
  );

  const batchBody = fc.oneof(
    fc.record({ commands: fc.array(mutated(validCommand), { minLength: 1, maxLength: 6 }) }),
    fc.record({ commands: fc.array(commandLike, { maxLength: 8 }) }),
    fc.record({ commands: anyJson }),
    anyJson,
  );

  const checkInBody = fc.oneof(
    mutated(fc.record({ commandId: freshCommandId, value: numberLike, note: fc.string({ maxLength: 40 }) })),
    fc.record(
      {
        commandId: either(commandIdLike),
        checkInId: either(idOf('chk')),
        value: either(numberLike),
        done: either(fc.boolean()),
        milestonesDone: either(fc.array(idOf('ms'), { maxLength: 3 })),
        confidence: either(fc.constantFrom('on_track', 'at_risk', 'off_track')),
        note: either(fc.string({ maxLength: 100 })),
        effectiveAt: either(instantLike),
      },
      { requiredKeys: [] },
    ),
    anyJson,
  );

  const cycleBody = fc.oneof(
    mutated(
      fc.record({
        cycleId: fc.noBias(fc.uuid()).map((uuid) => `fz-${uuid.slice(0, 8)}`),
        startsOn: fc.constant('2027-04-01'),
        endsOn: fc.constant('2027-06-30'),
      }),
    ),
    fc.record(
      {
        cycleId: either(fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_-]{0,45}$/)),
        title: either(fc.string({ maxLength: 220 })),
        startsOn: either(fc.constantFrom('2027-01-01', '2027-04-01', '2027-13-01', '01/01/2027')),
        endsOn: either(fc.constantFrom('2027-03-31', '2026-12-31', '2027-02-30')),
        timeZone: either(fc.constantFrom('Europe/Berlin', 'UTC', 'Mars/Olympus', '')),
        commandId: either(commandIdLike),
      },
      { requiredKeys: [] },
    ),
    anyJson,
  );

  const transitionBody = fc.oneof(
    fc.record(
      {
        commandId: either(commandIdLike),
        expectedVersion: either(fc.integer({ min: -1, max: 10 })),
        reason: either(fc.string({ maxLength: 60 })),
      },
      { requiredKeys: [] },
    ),
    anyJson,
  );

  const memberBody = fc.oneof(
    fc.record({ role: either(fc.constantFrom('admin', 'editor', 'viewer', 'owner')) }, { requiredKeys: [] }),
    anyJson,
  );

  const overrideBody = fc.oneof(
    fc.record(
      {
        objectiveId: either(objectiveId),
        targetType: either(fc.constantFrom('objective', 'key_result')),
        targetId: either(fc.oneof(objectiveId, keyResultId)),
        grade: either(numberLike),
        reason: either(fc.string({ maxLength: 60 })),
        commandId: either(commandIdLike),
      },
      { requiredKeys: [] },
    ),
    anyJson,
  );

  /** A path segment: an existing id, or anything, percent-encoded or (when the URL allows it) raw. */
  const segment = (existing: string[]) =>
    fc.oneof(
      { arbitrary: fc.constantFrom(...existing).map(encodeURIComponent), weight: 2 },
      { arbitrary: fc.string({ unit: 'grapheme', maxLength: 60 }).map(encodeURIComponent), weight: 2 },
      { arbitrary: fc.stringMatching(/^[A-Za-z0-9._~!$&'()*+,;=:@%-]{1,60}$/), weight: 2 },
      {
        arbitrary: fc.constantFrom('%', '%zz', '%C0%AF', '..', '.', '%2F', 'a'.repeat(2_000), '%00', 'null'),
        weight: 1,
      },
    );

  return {
    batchBody,
    checkInBody,
    cycleBody,
    transitionBody,
    memberBody,
    overrideBody,
    orgSegment: segment([known.org]),
    cycleSegment: segment([known.cycleId, known.spareCycleId]),
    keyResultSegment: segment(known.keyResultIds),
    emailSegment: segment(known.spareEmails),
    /** Text that is not JSON at all, or JSON cut short. */
    rawBody: fc.oneof(
      fc.string({ maxLength: 200 }),
      anyJson.map((value) => JSON.stringify(value).slice(0, -1)),
      fc.constantFrom('', '{', '{"commands": [', 'null', '[]', '\u0000'),
    ),
  };
}
