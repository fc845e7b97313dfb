// A sheet push: a batch of commands, each with its own result, atomic per objective and never across
// objectives; each concerned objective's final view answered once; stale versions are conflicts, repeated
// pushes are replays, oversized pushes are refused.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ACME,
  type ApiHarness,
  commandId,
  createAcme,
  createCycle,
  onboardingObjective,
  push,
  useApi,
} from './support.js';

const api = useApi();
const PLANNING = 'PLAN-1';

beforeAll(async () => {
  await createAcme(api);
  await createCycle(api, PLANNING);
  await createCycle(api, ACME.cycle, { activate: true });
});

/** The field errors of an invalid result (none for other results). */
const errorsOf = (result: Record<string, unknown> | undefined) =>
  (result?.errors as { path: string; message: string }[] | undefined) ?? [];

const streamVersion = async (harness: ApiHarness, objectiveId: string) =>
  (await harness.store.readTip(ACME.org, `objective-${objectiveId}`))?.version ?? 0;

describe('applying a batch', () => {
  it('given a new objective with its KRs, then every command is applied and the objective is answered once', async () => {
    // Act
    const reply = await push(api, onboardingObjective('obj_batch_happy', 'happy'), { cycle: PLANNING });
    // Assess
    expect(reply.status).toBe(200);
    expect(reply.body.summary).toEqual({ applied: 4, conflicts: 0, invalid: 0 });
    for (const result of reply.body.results) {
      expect(result).toMatchObject({
        status: 'applied',
        objectiveId: 'obj_batch_happy',
        version: 4,
        replayed: false,
      });
    }
    for (const result of reply.body.results) expect(result).not.toHaveProperty('objective');
    expect(reply.body.objectives.map((objective) => [objective.id, objective.version])).toEqual([
      ['obj_batch_happy', 4],
    ]);
    expect(reply.body.objectives[0]?.keyResults.map((kr) => kr.id)).toEqual([
      'kr_happy_days',
      'kr_happy_adoption',
      'kr_happy_csat',
    ]);
    expect(await streamVersion(api, 'obj_batch_happy')).toBe(4);
  });

  it('given invalid commands among valid ones, then each invalid one names its fields and the others apply', async () => {
    // Prepare
    const [create, ...rest] = onboardingObjective('obj_batch_mixed', 'mixed');
    const commands = [
      create,
      {
        type: 'AddKeyResult',
        commandId: commandId('bad'),
        objectiveId: 'obj_batch_mixed',
        keyResultId: 'nope',
      },
      { type: 'Teleport', commandId: commandId('bad') },
      ...rest,
    ];
    // Act
    const reply = await push(api, commands, { cycle: PLANNING });
    // Assess
    expect(reply.status).toBe(200);
    expect(reply.body.summary).toEqual({ applied: 4, conflicts: 0, invalid: 2 });
    const [, badKr, unknownType] = reply.body.results;
    expect(badKr).toMatchObject({ status: 'invalid', code: 'validation', objectiveId: 'obj_batch_mixed' });
    expect(errorsOf(badKr).map((error) => error.path)).toEqual(
      expect.arrayContaining(['keyResultId', 'definition']),
    );
    expect(unknownType).toMatchObject({ status: 'invalid', code: 'validation', objectiveId: null });
    expect(reply.body.objectives.map((objective) => objective.id)).toEqual(['obj_batch_mixed']);
  });

  it('given a rule the domain refuses, then that command is invalid with the rule code and path', async () => {
    // Prepare: an "increase" whose numbers go down (DOMAIN.md's first worked vector)
    const command = {
      type: 'AddKeyResult',
      commandId: commandId('wrong-way'),
      objectiveId: 'obj_batch_happy',
      keyResultId: 'kr_happy_wrongway',
      definition: { title: 'Onboarding days', type: 'increase', start: 24, target: 9 },
    };
    // Act
    const reply = await push(api, [command], { cycle: PLANNING });
    // Assess
    expect(reply.body.results[0]).toMatchObject({ status: 'invalid', code: 'direction_contradicts_numbers' });
    expect(errorsOf(reply.body.results[0])[0]?.message).toMatch(/decrease/);
    // Nothing changed, so the client's copy of the objective holds: no view to send.
    expect(reply.body.objectives).toEqual([]);
  });

  it('given an active cycle, a definition change without a reason is invalid (reason_required), with one applies', async () => {
    // Prepare
    const setUp = await push(
      api,
      onboardingObjective('obj_batch_active', 'active').map((command) =>
        command.type === 'AddKeyResult'
          ? { ...command, reason: 'Added once the quarter had started' }
          : command,
      ),
    );
    expect(setUp.body.summary.applied).toBe(4);
    const edit = (reason?: string) => ({
      type: 'EditKeyResult',
      commandId: commandId('edit'),
      objectiveId: 'obj_batch_active',
      keyResultId: 'kr_active_adoption',
      changes: { target: 80 },
      ...(reason ? { reason } : {}),
    });
    // Act
    const without = await push(api, [edit()]);
    const withReason = await push(api, [edit('The board raised the goal')]);
    // Assess
    expect(without.body.results[0]).toMatchObject({ status: 'invalid', code: 'reason_required' });
    expect(errorsOf(without.body.results[0])[0]?.path).toBe('reason');
    expect(withReason.body.results[0]).toMatchObject({ status: 'applied', version: 5 });
  });

  it('decides the commands of one objective in order, each seeing the effect of the ones before', async () => {
    // Prepare: add a KR and check in on it in the same push
    const commands = [
      {
        type: 'AddKeyResult',
        commandId: commandId('add'),
        objectiveId: 'obj_batch_happy',
        keyResultId: 'kr_happy_nps',
        definition: { title: 'Reach NPS over 60', type: 'stay_above', threshold: 60 },
      },
      {
        type: 'RecordCheckIn',
        commandId: commandId('check'),
        objectiveId: 'obj_batch_happy',
        keyResultId: 'kr_happy_nps',
        checkInId: 'chk_happy_nps_1',
        value: 62,
      },
    ];
    // Act
    const reply = await push(api, commands, { cycle: PLANNING });
    // Assess
    expect(reply.body.summary.applied).toBe(2);
    const [objective] = reply.body.objectives;
    expect(reply.body.objectives).toHaveLength(1);
    expect(objective?.keyResults.find((kr) => kr.id === 'kr_happy_nps')?.current).toBe(62);
  });

  it('given several objectives with several commands each, then each final view is answered once, in order of first mention', async () => {
    // Prepare: two new objectives, their commands interleaved, and a refused command for a third
    const first = onboardingObjective('obj_batch_once_a', 'once-a');
    const second = onboardingObjective('obj_batch_once_b', 'once-b');
    const interleaved = first.flatMap((command, index) => [command, second[index]]);
    const refused = {
      type: 'AddKeyResult',
      commandId: commandId('once-refused'),
      objectiveId: 'obj_batch_happy',
      keyResultId: 'kr_happy_refused',
      definition: { title: 'Onboarding days', type: 'increase', start: 24, target: 9 },
    };
    // Act
    const reply = await push(api, [refused, ...interleaved], { cycle: PLANNING });
    // Assess
    expect(reply.body.summary).toEqual({ applied: 8, conflicts: 0, invalid: 1 });
    expect(reply.body.objectives.map((objective) => [objective.id, objective.version])).toEqual([
      ['obj_batch_once_a', 4],
      ['obj_batch_once_b', 4],
    ]);
    for (const objective of reply.body.objectives) expect(objective.keyResults).toHaveLength(3);
    const versions = new Map(reply.body.objectives.map((objective) => [objective.id, objective.version]));
    for (const result of reply.body.results.filter((result) => result.status === 'applied'))
      expect(result.version).toBe(versions.get(String(result.objectiveId)));
  });
});

describe('conflicts', () => {
  it('given a stale expectedVersion, the versioned commands conflict with the current objective while check-ins land', async () => {
    // Prepare
    const current = await streamVersion(api, 'obj_batch_happy');
    const commands = [
      {
        type: 'EditObjective',
        commandId: commandId('stale'),
        expectedVersion: current - 1,
        objectiveId: 'obj_batch_happy',
        changes: { title: 'A title from an old copy of the sheet' },
      },
      {
        type: 'RecordCheckIn',
        commandId: commandId('fresh'),
        objectiveId: 'obj_batch_happy',
        keyResultId: 'kr_happy_days',
        checkInId: 'chk_happy_days_1',
        value: 18,
      },
    ];
    // Act
    const reply = await push(api, commands, { cycle: PLANNING });
    // Assess
    expect(reply.body.summary).toEqual({ applied: 1, conflicts: 1, invalid: 0 });
    expect(reply.body.results[0]).toMatchObject({
      status: 'conflict',
      expectedVersion: current - 1,
      currentVersion: current + 1,
    });
    expect(reply.body.results[0]).not.toHaveProperty('objective');
    expect(reply.body.results[1]).toMatchObject({ status: 'applied', version: current + 1 });
    expect(reply.body.objectives).toEqual([
      expect.objectContaining({
        id: 'obj_batch_happy',
        title: 'Make customer onboarding dramatically faster and more predictable',
        version: current + 1,
      }),
    ]);
  });

  it('given one objective in conflict, the other objectives of the push still apply', async () => {
    // Prepare
    const current = await streamVersion(api, 'obj_batch_mixed');
    const commands = [
      {
        type: 'EditObjective',
        commandId: commandId('stale'),
        expectedVersion: current + 7,
        objectiveId: 'obj_batch_mixed',
        changes: { team: 'Growth' },
      },
      ...onboardingObjective('obj_batch_other', 'other'),
    ];
    // Act
    const reply = await push(api, commands, { cycle: PLANNING });
    // Assess
    expect(reply.body.summary).toEqual({ applied: 4, conflicts: 1, invalid: 0 });
    // The objective in conflict comes back as the server has it, so the client can show the difference.
    expect(reply.body.objectives.map((objective) => [objective.id, objective.version])).toEqual([
      ['obj_batch_mixed', current],
      ['obj_batch_other', 4],
    ]);
    expect(await streamVersion(api, 'obj_batch_mixed')).toBe(current);
    expect(await streamVersion(api, 'obj_batch_other')).toBe(4);
  });
});

describe('idempotency', () => {
  it('given the same push twice, the second writes nothing and says replayed', async () => {
    // Prepare
    const commands = onboardingObjective('obj_batch_replay', 'replay');
    const first = await push(api, commands, { cycle: PLANNING });
    // Act
    const second = await push(api, commands, { cycle: PLANNING });
    // Assess
    expect(first.body.summary.applied).toBe(4);
    expect(second.body.summary).toEqual({ applied: 4, conflicts: 0, invalid: 0 });
    expect(second.body.results.every((result) => result.replayed === true)).toBe(true);
    const idAndVersion = (reply: typeof first) =>
      reply.body.objectives.map((objective) => [objective.id, objective.version]);
    expect(idAndVersion(second)).toEqual([['obj_batch_replay', 4]]);
    expect(idAndVersion(second)).toEqual(idAndVersion(first));
    expect(await streamVersion(api, 'obj_batch_replay')).toBe(4);
  });

  it('given a push that repeats one command already applied on its own, that command is a replay', async () => {
    // Prepare
    const checkIn = {
      type: 'RecordCheckIn',
      commandId: commandId('once'),
      objectiveId: 'obj_batch_replay',
      keyResultId: 'kr_replay_csat',
      checkInId: 'chk_replay_csat_1',
      value: 8.5,
    };
    await push(api, [checkIn], { cycle: PLANNING });
    const another = { ...checkIn, commandId: commandId('twice'), checkInId: 'chk_replay_csat_2', value: 8.6 };
    // Act
    const reply = await push(api, [checkIn, another], { cycle: PLANNING });
    // Assess
    expect(reply.body.results[0]).toMatchObject({ status: 'applied', replayed: true });
    expect(reply.body.results[1]).toMatchObject({ status: 'applied', replayed: false, version: 6 });
    expect(await streamVersion(api, 'obj_batch_replay')).toBe(6);
  });

  it('given the same commandId twice in one push, the second is invalid', async () => {
    const [create] = onboardingObjective('obj_batch_dupe', 'dupe');
    const reply = await push(api, [create, create], { cycle: PLANNING });
    expect(reply.body.results.map((result) => result.status)).toEqual(['applied', 'invalid']);
    expect(reply.body.results[1]?.code).toBe('duplicate_command_id');
  });
});

describe('a push larger than one transaction', () => {
  it('given 110 versioned commands on one objective, then they all apply, each event with its own command id', async () => {
    // Prepare
    const created = await push(api, onboardingObjective('obj_batch_large', 'large'), { cycle: PLANNING });
    const version = created.body.results[3]?.version as number;
    const checkIns = Array.from({ length: 110 }, (_, index) => ({
      type: 'RecordCheckIn',
      commandId: commandId('bulk'),
      expectedVersion: version,
      objectiveId: 'obj_batch_large',
      keyResultId: 'kr_large_adoption',
      checkInId: `chk_large_${String(index).padStart(4, '0')}`,
      value: 41 + index / 10,
    }));
    // Act
    const reply = await push(api, checkIns, { cycle: PLANNING });
    // Assess
    expect(reply.body.summary).toEqual({ applied: 110, conflicts: 0, invalid: 0 });
    expect(await streamVersion(api, 'obj_batch_large')).toBe(version + 110);
    const events = await api.store.readStream(ACME.org, 'objective-obj_batch_large', {
      fromVersion: version + 1,
    });
    // A check-in costs 3 of a transaction's 100 actions (event, command record, check-in id), so 110 of
    // them go in four appends; every event still carries its own command's id, with a record each.
    expect(events.map((event) => event.version)).toEqual(checkIns.map((_, index) => version + 1 + index));
    expect(events.map((event) => event.metadata.commandId)).toEqual(
      checkIns.map((command) => command.commandId),
    );
    const records = await api.store.getCommands(
      ACME.org,
      checkIns.map((command) => command.commandId),
    );
    expect(records.size).toBe(110);
  });
});

describe('limits and refusals', () => {
  it('given exactly 500 commands, then all are accepted and applied', async () => {
    // Prepare: 5 new objectives, each with a KR and 98 check-ins: 5 × 100 commands.
    const commands = Array.from({ length: 5 }, (_, o) => [
      {
        type: 'CreateObjective',
        commandId: `full-${o}-objective`,
        objectiveId: `obj_batch_full_${o}`,
        definition: { title: `Serve market ${o} well` },
      },
      {
        type: 'AddKeyResult',
        commandId: `full-${o}-kr`,
        objectiveId: `obj_batch_full_${o}`,
        keyResultId: `kr_batch_full_${o}`,
        definition: {
          title: `Raise weekly usage in market ${o} from 0 to 98`,
          type: 'increase',
          start: 0,
          target: 98,
        },
      },
      ...Array.from({ length: 98 }, (_, c) => ({
        type: 'RecordCheckIn',
        commandId: `full-${o}-checkin-${String(c).padStart(3, '0')}`,
        objectiveId: `obj_batch_full_${o}`,
        keyResultId: `kr_batch_full_${o}`,
        checkInId: `chk_batch_full_${o}_${String(c).padStart(3, '0')}`,
        value: c + 1,
      })),
    ]).flat();
    expect(commands).toHaveLength(500);
    // Act
    const reply = await push(api, commands, { cycle: PLANNING });
    // Assess
    expect(reply.status).toBe(200);
    expect(reply.body.summary, JSON.stringify(reply.body.results.slice(0, 3))).toEqual({
      applied: 500,
      conflicts: 0,
      invalid: 0,
    });
    expect(reply.body.objectives).toHaveLength(5);
    expect(await streamVersion(api, 'obj_batch_full_4')).toBe(100);
  });

  it('given 501 commands, then 413', async () => {
    // Prepare
    const commands = Array.from({ length: 501 }, (_, index) => ({
      type: 'ArchiveObjective',
      commandId: `many-${String(index).padStart(4, '0')}`,
      objectiveId: 'obj_batch_many',
    }));
    // Act
    const reply = await push(api, commands, { cycle: PLANNING });
    // Assess
    expect(reply.status).toBe(413);
    expect(reply.body).toMatchObject({ type: 'https://okr-ledger.dev/problems/too-large', status: 413 });
  });

  it('given a body over 1 MB, then 413 before anything is parsed', async () => {
    // Act
    const reply = await api.call('POST', `/v1/orgs/${ACME.org}/cycles/${PLANNING}/commands`, {
      as: ACME.editor,
      rawBody: JSON.stringify({ commands: [{ note: 'x'.repeat(1024 * 1024) }] }),
      headers: { 'content-type': 'application/json' },
    });
    // Assess
    expect(reply.status).toBe(413);
  });

  it('given an empty batch or no commands field, then 400 with the path', async () => {
    const empty = await push(api, [], { cycle: PLANNING });
    const missing = await api.call('POST', `/v1/orgs/${ACME.org}/cycles/${PLANNING}/commands`, {
      as: ACME.editor,
      body: { rows: [] },
    });
    expect(empty.status).toBe(400);
    expect(missing.status).toBe(400);
    expect((missing.body as { errors: { path: string }[] }).errors[0]?.path).toBe('commands');
  });

  it('given an unknown cycle, then 404', async () => {
    const reply = await push(api, onboardingObjective('obj_batch_nocycle', 'nocycle'), { cycle: '1999-Q1' });
    expect(reply.status).toBe(404);
  });

  it('given a command for an objective of another cycle, then that command is invalid (not_found)', async () => {
    const reply = await push(api, [
      {
        type: 'ArchiveObjective',
        commandId: commandId('other-cycle'),
        objectiveId: 'obj_batch_happy',
        reason: 'x',
      },
    ]);
    expect(reply.body.results[0]).toMatchObject({ status: 'invalid', code: 'not_found' });
  });

  it('given an editor overriding the grade of an objective they do not own inside a push, then that command is forbidden', async () => {
    const otherEditor = 'batch-other-editor@acme.test';
    const member = await api.call('PUT', `/v1/orgs/${ACME.org}/members/${otherEditor}`, {
      body: { role: 'editor' },
    });
    const override = (as: string) =>
      push(
        api,
        [
          {
            type: 'OverrideGrade',
            commandId: commandId('override'),
            objectiveId: 'obj_batch_happy',
            targetType: 'objective',
            targetId: 'obj_batch_happy',
            grade: 1,
            reason: 'I think so',
          },
        ],
        { cycle: PLANNING, as },
      );
    const refused = await override(otherEditor);
    const byOwner = await override(ACME.editor);
    expect(member.status, member.text).toBeLessThan(300);
    expect(refused.body.results[0]).toMatchObject({ status: 'invalid', code: 'forbidden' });
    // The objective's owner (an editor) may: overrides belong to an admin or the owner.
    expect(byOwner.body.results[0]).toMatchObject({ status: 'applied' });
  });
});
