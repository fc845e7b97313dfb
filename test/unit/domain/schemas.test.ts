// The command schemas at the edge: limits, finite numbers, id formats, and errors that name the field.
import {
  CycleCommandSchema,
  LIMITS,
  ObjectiveCommandSchema,
  OrganizationCommandSchema,
} from '@okr-ledger/okr-domain';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';

const base = { commandId: 'cmd_schema01', objectiveId: 'obj_growth0001' };
const addKeyResult = (definition: Record<string, unknown>) => ({
  type: 'AddKeyResult',
  ...base,
  keyResultId: 'kr_adoption01',
  definition: { title: 'Reach NPS over 60', type: 'binary', ...definition },
});
const checkIn = (fields: Record<string, unknown>) => ({
  type: 'RecordCheckIn',
  ...base,
  keyResultId: 'kr_adoption01',
  checkInId: 'chk_00000001',
  ...fields,
});

/** The paths of every issue, or [] when the input is valid. */
function issuePaths(schema: z.ZodType, input: unknown): (string | number | symbol)[][] {
  const result = schema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => issue.path);
}

describe('text limits', () => {
  it(`accepts a title of ${LIMITS.titleMax} characters and names the field of one more`, () => {
    expect(issuePaths(ObjectiveCommandSchema, addKeyResult({ title: 'x'.repeat(LIMITS.titleMax) }))).toEqual(
      [],
    );
    expect(
      issuePaths(ObjectiveCommandSchema, addKeyResult({ title: 'x'.repeat(LIMITS.titleMax + 1) })),
    ).toEqual([['definition', 'title']]);
    expect(issuePaths(ObjectiveCommandSchema, addKeyResult({ title: '   ' }))).toEqual([
      ['definition', 'title'],
    ]);
  });

  it(`accepts a note of ${LIMITS.noteMax} characters and not one more`, () => {
    expect(
      issuePaths(ObjectiveCommandSchema, checkIn({ value: 1, note: 'n'.repeat(LIMITS.noteMax) })),
    ).toEqual([]);
    expect(
      issuePaths(ObjectiveCommandSchema, checkIn({ value: 1, note: 'n'.repeat(LIMITS.noteMax + 1) })),
    ).toEqual([['note']]);
  });

  it(`caps reasons at ${LIMITS.reasonMax} characters`, () => {
    const archive = { type: 'ArchiveObjective', ...base };
    expect(issuePaths(ObjectiveCommandSchema, { ...archive, reason: 'r'.repeat(LIMITS.reasonMax) })).toEqual(
      [],
    );
    expect(
      issuePaths(ObjectiveCommandSchema, { ...archive, reason: 'r'.repeat(LIMITS.reasonMax + 1) }),
    ).toEqual([['reason']]);
  });
});

describe('numbers', () => {
  it.each([Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN])(
    'rejects %s as a value and as a target',
    (bad) => {
      expect(issuePaths(ObjectiveCommandSchema, checkIn({ value: bad }))).toEqual([['value']]);
      expect(
        issuePaths(ObjectiveCommandSchema, addKeyResult({ type: 'increase', start: 0, target: bad })),
      ).toEqual([['definition', 'target']]);
    },
  );

  it.each([1e16, -1e20, 1e308, 5e-324, -8.4e-323])(
    'rejects %s, which storage could not keep exactly, as a value and as a target',
    (bad) => {
      expect(issuePaths(ObjectiveCommandSchema, checkIn({ value: bad }))).toEqual([['value']]);
      expect(
        issuePaths(ObjectiveCommandSchema, addKeyResult({ type: 'increase', start: 0, target: bad })),
      ).toEqual([['definition', 'target']]);
    },
  );

  it.each([0, 1e15, -1e15, 1e-9, 0.1 + 0.2, 8.1])('accepts %s as a value', (good) => {
    expect(issuePaths(ObjectiveCommandSchema, checkIn({ value: good }))).toEqual([]);
  });

  it('bounds weights, grades and percentages', () => {
    expect(issuePaths(ObjectiveCommandSchema, addKeyResult({ weight: -1 }))).toEqual([
      ['definition', 'weight'],
    ]);
    const override = {
      type: 'OverrideGrade',
      ...base,
      targetType: 'objective',
      targetId: 'obj_growth0001',
      reason: 'r',
    };
    expect(issuePaths(ObjectiveCommandSchema, { ...override, grade: 1 })).toEqual([]);
    expect(issuePaths(ObjectiveCommandSchema, { ...override, grade: 1.01 })).toEqual([['grade']]);
    const initiative = { type: 'AddInitiative', ...base, initiativeId: 'ini_checklist1', title: 'Checklist' };
    expect(issuePaths(ObjectiveCommandSchema, { ...initiative, percentComplete: 101 })).toEqual([
      ['percentComplete'],
    ]);
  });
});

describe('milestones', () => {
  const milestones = (count: number) =>
    Array.from({ length: count }, (_, i) => ({
      id: `ms_step${String(i).padStart(5, '0')}`,
      title: `Step ${i}`,
    }));

  it(`accepts ${LIMITS.milestonesMax} milestones (weight defaulting to 1) and not one more`, () => {
    const parsed = ObjectiveCommandSchema.parse(
      addKeyResult({ type: 'milestone', milestones: milestones(LIMITS.milestonesMax) }),
    );
    expect(parsed.type === 'AddKeyResult' && parsed.definition.milestones.every((m) => m.weight === 1)).toBe(
      true,
    );
    expect(
      issuePaths(
        ObjectiveCommandSchema,
        addKeyResult({ type: 'milestone', milestones: milestones(LIMITS.milestonesMax + 1) }),
      ),
    ).toEqual([['definition', 'milestones']]);
  });

  it('names the milestone whose id is malformed', () => {
    expect(
      issuePaths(
        ObjectiveCommandSchema,
        addKeyResult({ type: 'milestone', milestones: [{ id: 'step-1', title: 'x' }] }),
      ),
    ).toEqual([['definition', 'milestones', 0, 'id']]);
    expect(issuePaths(ObjectiveCommandSchema, checkIn({ milestonesDone: ['ms_design001', 'nope'] }))).toEqual(
      [['milestonesDone', 1]],
    );
  });
});

describe('id formats', () => {
  it.each([
    ['objectiveId', 'obj_growth0001', true],
    ['objectiveId', 'obj_short', false],
    ['objectiveId', `obj_${'a'.repeat(41)}`, false],
    ['objectiveId', 'kr_adoption01', false],
    ['keyResultId', 'kr_adoption01', true],
    ['keyResultId', 'kr_adoption 1', false],
    ['checkInId', 'chk_00000001', true],
    ['checkInId', 'chk_1', false],
    // The server derives ids of this form from command ids; a client may not mint one.
    ['checkInId', 'chk_cmd-0123456789abcdef', false],
    ['commandId', 'short', false],
  ])('%s %s → valid: %s', (field, id, valid) => {
    expect(issuePaths(ObjectiveCommandSchema, checkIn({ value: 1, [field]: id }))).toEqual(
      valid ? [] : [[field]],
    );
  });

  it('lets a correction name a derived check-in as the one it corrects, not as its own id', () => {
    const correction = (fields: Record<string, unknown>) => ({
      type: 'CorrectCheckIn',
      ...base,
      keyResultId: 'kr_adoption01',
      checkInId: 'chk_fix00001',
      correctsCheckInId: 'chk_cmd-0123456789abcdef',
      value: 2,
      reason: 'typo',
      ...fields,
    });
    expect(issuePaths(ObjectiveCommandSchema, correction({}))).toEqual([]);
    expect(issuePaths(ObjectiveCommandSchema, correction({ checkInId: 'chk_cmd-fix00001' }))).toEqual([
      ['checkInId'],
    ]);
  });

  it('checks cycle ids, organization ids, dates and emails', () => {
    const create = {
      type: 'CreateCycle',
      commandId: 'cmd_schema01',
      cycleId: '2026-Q4',
      startsOn: '2026-10-01',
      endsOn: '2026-12-31',
    };
    expect(issuePaths(CycleCommandSchema, create)).toEqual([]);
    expect(issuePaths(CycleCommandSchema, { ...create, cycleId: '-2026' })).toEqual([['cycleId']]);
    expect(issuePaths(CycleCommandSchema, { ...create, endsOn: '31.12.2026' })).toEqual([['endsOn']]);
    const org = {
      type: 'CreateOrganization',
      commandId: 'cmd_schema01',
      organizationId: 'acme',
      name: 'Acme',
      firstAdminEmail: 'a@example.com',
    };
    expect(issuePaths(OrganizationCommandSchema, org)).toEqual([]);
    expect(issuePaths(OrganizationCommandSchema, { ...org, organizationId: 'Acme Inc' })).toEqual([
      ['organizationId'],
    ]);
    expect(issuePaths(OrganizationCommandSchema, { ...org, firstAdminEmail: 'not-an-email' })).toEqual([
      ['firstAdminEmail'],
    ]);
  });
});

describe('instants and types', () => {
  it('wants effectiveAt with a time zone', () => {
    expect(
      issuePaths(ObjectiveCommandSchema, checkIn({ value: 1, effectiveAt: '2026-10-01T10:00:00+02:00' })),
    ).toEqual([]);
    expect(
      issuePaths(ObjectiveCommandSchema, checkIn({ value: 1, effectiveAt: '2026-10-01T10:00:00' })),
    ).toEqual([['effectiveAt']]);
  });

  it('names the type of an unknown command', () => {
    expect(issuePaths(ObjectiveCommandSchema, { ...base, type: 'DeleteEverything' })).toEqual([['type']]);
  });
});

describe('edits', () => {
  it('carry only the fields sent: no defaults sneak into a partial change', () => {
    const editKr = ObjectiveCommandSchema.parse({
      type: 'EditKeyResult',
      ...base,
      keyResultId: 'kr_adoption01',
      changes: { title: 'New title' },
    });
    expect(editKr.type === 'EditKeyResult' && editKr.changes).toEqual({ title: 'New title' });
    const editObjective = ObjectiveCommandSchema.parse({
      type: 'EditObjective',
      ...base,
      changes: { weight: 2 },
    });
    expect(editObjective.type === 'EditObjective' && editObjective.changes).toEqual({ weight: 2 });
  });

  it('still validate the fields they carry', () => {
    expect(
      issuePaths(ObjectiveCommandSchema, {
        type: 'EditKeyResult',
        ...base,
        keyResultId: 'kr_adoption01',
        changes: { target: Number.NaN },
      }),
    ).toEqual([['changes', 'target']]);
  });
});

describe('text the ledger accepts', () => {
  const checkIn = (note: string) => ({
    type: 'RecordCheckIn',
    commandId: 'cmd-text-0001',
    objectiveId: 'obj_text_00001',
    keyResultId: 'kr_text_00001',
    checkInId: 'chk_text_00001',
    value: 1,
    note,
  });
  const create = (title: string) => ({
    type: 'CreateObjective',
    commandId: 'cmd-text-0002',
    objectiveId: 'obj_text_00001',
    definition: { title },
  });
  const firstError = (result: { success: boolean; error?: z.ZodError }) => {
    const issue = result.error?.issues[0];
    return issue === undefined ? null : { path: issue.path.join('.'), message: issue.message };
  };

  it.each([
    ['a right-to-left override', 'Grow revenue \u202E%03 yb', /bidirectional.*U\+202E at position 14/],
    ['a first-strong isolate', 'Grow \u2068revenue', /bidirectional.*U\+2068/],
    ['a bell', 'Grow\u0007 revenue', /control characters \(U\+0007 at position 5\)/],
    ['a C1 control', 'Grow\u0085revenue', /control characters \(U\+0085/],
    ['a line break', 'Grow\nrevenue', /control characters \(U\+000A.*notes only/],
  ])('refuses a title with %s, naming the field and the character', (_, title, message) => {
    const error = firstError(ObjectiveCommandSchema.safeParse(create(title)));
    expect(error?.path).toBe('definition.title');
    expect(error?.message).toMatch(message);
  });

  it('accepts tabs and line breaks in a note, but no other control or bidi character', () => {
    expect(ObjectiveCommandSchema.safeParse(checkIn('Line one\n\tLine two\r\n')).success).toBe(true);
    expect(firstError(ObjectiveCommandSchema.safeParse(checkIn('Done\u0000')))).toMatchObject({
      path: 'note',
    });
    expect(firstError(ObjectiveCommandSchema.safeParse(checkIn('Done \u202D')))).toMatchObject({
      path: 'note',
    });
  });

  it('refuses the same characters in a reason and a cycle title', () => {
    const reopen = CycleCommandSchema.safeParse({
      type: 'ReopenCycle',
      commandId: 'cmd-text-0003',
      cycleId: '2026-Q4',
      reason: 'Late data \u202E',
    });
    expect(firstError(reopen)).toMatchObject({ path: 'reason' });
  });
});

describe('check-in sources', () => {
  const linked = {
    kind: 'linked_cell',
    spreadsheetId: '1AbCdEfGhIjKlMnOp',
    sheetName: 'Metrics',
    a1: '$B$7',
  };

  it('accepts each kind and leaves the source out when none is sent', () => {
    for (const source of [{ kind: 'manual' }, linked, { kind: 'api', client: 'nightly-etl' }]) {
      expect(issuePaths(ObjectiveCommandSchema, checkIn({ value: 1, source }))).toEqual([]);
    }
    const parsed = ObjectiveCommandSchema.parse(checkIn({ value: 1 }));
    expect('source' in parsed && parsed.source !== undefined).toBe(false);
  });

  it('refuses an unknown kind, a range for a cell, and text that breaks the one-line rules or the lengths', () => {
    const refused = [
      [{ kind: 'email' }, ['source', 'kind']],
      [{ ...linked, a1: 'B7:C9' }, ['source', 'a1']],
      [{ ...linked, sheetName: 'Met\u202Erics' }, ['source', 'sheetName']],
      [{ ...linked, sheetName: 'x'.repeat(LIMITS.sourceNameMax + 1) }, ['source', 'sheetName']],
      [{ ...linked, spreadsheetId: 'short' }, ['source', 'spreadsheetId']],
      [{ kind: 'api', client: 'etl\nnightly' }, ['source', 'client']],
      [{ kind: 'api', client: '   ' }, ['source', 'client']],
    ] as const;
    for (const [source, path] of refused) {
      expect(issuePaths(ObjectiveCommandSchema, checkIn({ value: 1, source }))).toEqual([path]);
    }
  });
});

describe('check-in cadence', () => {
  const cadence = (checkInCadenceDays: unknown) => ({
    type: 'SetCheckInCadence',
    commandId: 'cmd_schema01',
    checkInCadenceDays,
  });

  it('takes whole days from 1 to the limit', () => {
    expect(issuePaths(OrganizationCommandSchema, cadence(1))).toEqual([]);
    expect(issuePaths(OrganizationCommandSchema, cadence(LIMITS.checkInCadenceDaysMax))).toEqual([]);
    for (const refused of [0, LIMITS.checkInCadenceDaysMax + 1, 1.5, '7']) {
      expect(issuePaths(OrganizationCommandSchema, cadence(refused))).toEqual([['checkInCadenceDays']]);
    }
  });
});
