// The Carry over dialog's rules (addon/src/core/carry-over.ts): the next cycle is the first to start after
// the source ends, the unfinished KRs (progress < 1.0) come pre-selected, the request names the ticked KRs
// (a bare objective only when it has no KRs, as the server reads a bare objective as "its unfinished KRs"),
// and the answer is told as what was created, or that nothing new was on a repeat.
import { describe, expect, it } from 'vitest';
import {
  type CarryOverResponse,
  carryOverChoices,
  carryOverMessage,
  carryOverRequest,
  nextCycleOf,
  parseCarryOverForm,
  sourceCycleOf,
} from '../../../addon/src/core/carry-over.js';
import { menuEntries } from '../../../addon/src/core/menu.js';
import { board, cycleView, keyResultView, objectiveView } from './fixtures.js';

const Q3 = cycleView({ id: '2026-Q3', startsOn: '2026-07-01', endsOn: '2026-09-30', status: 'closed' });
const Q4 = cycleView({ id: '2026-Q4', startsOn: '2026-10-01', endsOn: '2026-12-31' });
const YEAR = cycleView({ id: '2026', startsOn: '2026-01-01', endsOn: '2026-12-31' });
const Y2027 = cycleView({ id: '2027', startsOn: '2027-01-01', endsOn: '2027-12-31', status: 'planning' });
const Q1 = cycleView({ id: '2027-Q1', startsOn: '2027-01-01', endsOn: '2027-03-31', status: 'planning' });
const Q2 = cycleView({ id: '2027-Q2', startsOn: '2027-04-01', endsOn: '2027-06-30', status: 'planning' });
const CYCLES = [Q3, Q4, YEAR, Y2027, Q2, Q1];

const source = board(
  [
    objectiveView('obj_a', {
      keyResults: [
        keyResultView('kr_half', 'obj_a', { progress: 0.5 }),
        keyResultView('kr_done', 'obj_a', { progress: 1 }),
        keyResultView('kr_over', 'obj_a', { progress: 1.25 }),
        keyResultView('kr_almost', 'obj_a', { progress: 0.999 }),
        keyResultView('kr_gone', 'obj_a', { progress: 0.1, removed: true }),
      ],
    }),
    objectiveView('obj_finished', {
      keyResults: [keyResultView('kr_full', 'obj_finished', { progress: 1 })],
    }),
    objectiveView('obj_bare'),
    objectiveView('obj_archived', {
      archived: true,
      keyResults: [keyResultView('kr_arch', 'obj_archived', { progress: 0 })],
    }),
  ],
  Q4,
);

describe('the next cycle', () => {
  it('is the first to start after the source ends, the quarter before the year starting the same day', () => {
    expect(nextCycleOf(CYCLES, Q4)?.id).toBe('2027-Q1');
    expect(nextCycleOf(CYCLES, Q1)?.id).toBe('2027-Q2');
    expect(nextCycleOf(CYCLES, Q3)?.id).toBe('2026-Q4');
  });

  it('is none when no later cycle exists or only closed ones do', () => {
    expect(nextCycleOf([Q3, Q4], Q4)).toBeUndefined();
    expect(nextCycleOf([Q4, { ...Q1, status: 'closed' as const }], Q4)).toBeUndefined();
  });

  it('the source is the one asked for, else the sheet’s, else the current cycle', () => {
    expect(sourceCycleOf(CYCLES, '2026-Q3', '2026-Q4')?.id).toBe('2026-Q3');
    expect(sourceCycleOf(CYCLES, null, '2027-Q1')?.id).toBe('2027-Q1');
    expect(sourceCycleOf(CYCLES, 'nope', null)?.id).toBe('2026-Q4');
  });
});

describe('the choices', () => {
  const choices = carryOverChoices(CYCLES, source);
  const selected = (objectiveId: string) =>
    choices.objectives
      .find((o) => o.id === objectiveId)
      ?.keyResults.filter((kr) => kr.selected)
      .map((kr) => kr.id);

  it('pre-selects the unfinished KRs (progress < 1.0) and leaves finished ones unticked', () => {
    expect(choices.objectives.find((o) => o.id === 'obj_a')?.keyResults.map((kr) => kr.id)).toEqual([
      'kr_half',
      'kr_done',
      'kr_over',
      'kr_almost',
    ]);
    expect(selected('obj_a')).toEqual(['kr_half', 'kr_almost']);
    expect(selected('obj_finished')).toEqual([]);
  });

  it('ticks an objective when it has unfinished KRs; leaves out archived objectives and removed KRs', () => {
    expect(choices.objectives.map((o) => [o.id, o.selected])).toEqual([
      ['obj_a', true],
      ['obj_finished', false],
      ['obj_bare', false],
    ]);
  });

  it('proposes the next cycle and offers every other cycle that is not closed', () => {
    expect(choices.sourceCycleId).toBe('2026-Q4');
    expect(choices.targetCycleId).toBe('2027-Q1');
    expect(choices.targets).toEqual(['2026', '2027', '2027-Q2', '2027-Q1']);
    expect(choices.cycles.map((c) => c.id)).toEqual(CYCLES.map((c) => c.id));
  });

  it('proposes no target when no later cycle exists', () => {
    expect(carryOverChoices([Q3, Q4], source).targetCycleId).toBeNull();
  });
});

describe('the request', () => {
  const choices = carryOverChoices(CYCLES, source);
  const form = (fields: Record<string, unknown>) => {
    const parsed = parseCarryOverForm({ sourceCycleId: '2026-Q4', targetCycleId: '2027-Q1', ...fields });
    if (!parsed.ok) throw new Error(parsed.message);
    return parsed.value;
  };

  it('names the ticked KRs, in board order, and not their objectives (which would bring unticked KRs)', () => {
    const body = carryOverRequest(
      form({ keyResultIds: ['kr_almost', 'kr_half', 'kr_half'], objectiveIds: ['obj_a'], pull: true }),
      choices,
    );
    expect(body).toEqual({
      sourceCycleId: '2026-Q4',
      objectiveIds: [],
      keyResultIds: ['kr_half', 'kr_almost'],
    });
  });

  it('names an objective without KRs on its own', () => {
    expect(carryOverRequest(form({ objectiveIds: ['obj_bare'] }), choices)).toEqual({
      sourceCycleId: '2026-Q4',
      objectiveIds: ['obj_bare'],
      keyResultIds: [],
    });
  });

  it('keeps the pull choice only when it is exactly true', () => {
    expect(form({ keyResultIds: ['kr_half'], pull: true }).pull).toBe(true);
    expect(form({ keyResultIds: ['kr_half'], pull: 'yes' }).pull).toBe(false);
  });

  it('refuses a form without a target, with the same cycle twice, or with nothing ticked', () => {
    expect(parseCarryOverForm({ sourceCycleId: '2026-Q4', keyResultIds: ['kr_half'] })).toEqual({
      ok: false,
      message: 'Choose the cycle to carry over into.',
    });
    expect(
      parseCarryOverForm({ sourceCycleId: '2026-Q4', targetCycleId: '2026-Q4', keyResultIds: ['kr_half'] }),
    ).toEqual({ ok: false, message: 'Carry over into another cycle than the one carried from.' });
    expect(
      parseCarryOverForm({ sourceCycleId: '2026-Q4', targetCycleId: '2027-Q1', keyResultIds: [] }),
    ).toEqual({ ok: false, message: 'Choose at least one key result (or an objective without KRs).' });
    expect(parseCarryOverForm(null).ok).toBe(false);
  });
});

describe('the report', () => {
  const response = (statuses: CarryOverResponse['items'][number]['status'][]): CarryOverResponse => {
    const items = statuses.map((status, index) => ({
      kind: index === 0 ? ('objective' as const) : ('key_result' as const),
      from: index === 0 ? 'obj_a' : `kr_${index}`,
      to: index === 0 ? 'obj_cX' : `kr_c${index}`,
      status,
      ...(status === 'invalid'
        ? { code: 'start_equals_target', message: 'the start equals the target' }
        : {}),
    }));
    const count = (s: string) => statuses.filter((status) => status === s).length;
    return {
      sourceCycleId: '2026-Q4',
      targetCycleId: '2027-Q1',
      items,
      summary: {
        created: count('created'),
        alreadyCarried: count('already_carried'),
        invalid: count('invalid'),
      },
    };
  };

  it('counts what was created', () => {
    expect(carryOverMessage(response(['created', 'created', 'created']))).toBe(
      'Carried into 2027-Q1: 1 new objective and 2 new key results (each KR starts at the last value of the one it continues).',
    );
  });

  it('says nothing new was created when everything was carried before', () => {
    expect(carryOverMessage(response(['already_carried', 'already_carried']))).toBe(
      'Nothing new was created: everything chosen was already carried into 2027-Q1.',
    );
  });

  it('names what was already there and what was refused beside what was created', () => {
    expect(carryOverMessage(response(['already_carried', 'created', 'invalid'])).split('\n')).toEqual([
      'Carried into 2027-Q1: 0 new objectives and 1 new key result (each KR starts at the last value of the one it continues).',
      'Already carried before, left as it was: 1 item.',
      'Not carried: kr_2: the start equals the target.',
    ]);
  });
});

describe('the menu item', () => {
  it('is offered to editors and admins, not to viewers', () => {
    const item = { caption: 'Carry over to next cycle…', functionName: 'openCarryOver' };
    expect(menuEntries('editor')).toContainEqual(item);
    expect(menuEntries('admin')).toContainEqual(item);
    expect(menuEntries('viewer')).not.toContainEqual(item);
  });
});
