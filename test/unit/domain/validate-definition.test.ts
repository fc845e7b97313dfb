// validateKeyResultDefinition: what each KR type needs, what it must not carry, and direction vs numbers.
import { type KeyResultDefinition, validateKeyResultDefinition } from '@okr-ledger/okr-domain';
import { describe, expect, it } from 'vitest';
import { keyResultDefinition, MILESTONES } from './specification.js';

const none = { start: null, target: null, threshold: null, milestones: [] };
const verdict = (overrides: Partial<KeyResultDefinition>) => {
  const error = validateKeyResultDefinition(keyResultDefinition(overrides));
  return error === null ? 'valid' : { code: error.code, path: error.path, message: error.message };
};

describe('increase and decrease', () => {
  it('refuses increase 24 → 9: the numbers go down, so the type is decrease (worked vector)', () => {
    expect(verdict({ type: 'increase', start: 24, target: 9 })).toEqual({
      code: 'direction_contradicts_numbers',
      path: ['type'],
      message: 'the numbers go down, so the type is decrease',
    });
  });

  it('refuses decrease 9 → 24 the mirror way', () => {
    expect(verdict({ type: 'decrease', start: 9, target: 24 })).toMatchObject({
      code: 'direction_contradicts_numbers',
      message: 'the numbers go up, so the type is increase',
    });
  });

  it('accepts the worked vectors that are valid', () => {
    expect(verdict({ type: 'decrease', start: 24, target: 9 })).toBe('valid');
    expect(verdict({ type: 'increase', start: 41, target: 75 })).toBe('valid');
    expect(verdict({ type: 'increase', start: 8.1, target: 9.0 })).toBe('valid');
    expect(verdict({ type: 'decrease', start: 200, target: 0 })).toBe('valid');
  });

  it('refuses start = target, and treats a missing start as 0', () => {
    expect(verdict({ type: 'increase', start: 5, target: 5 })).toEqual({
      code: 'start_equals_target',
      path: ['target'],
      message: 'start and target must differ',
    });
    expect(verdict({ type: 'increase', start: null, target: 0 })).toMatchObject({
      code: 'start_equals_target',
    });
    expect(verdict({ type: 'increase', start: null, target: 100 })).toBe('valid');
    expect(verdict({ type: 'decrease', start: null, target: 10 })).toMatchObject({
      code: 'direction_contradicts_numbers',
    });
  });

  it('needs a target', () => {
    expect(verdict({ type: 'increase', target: null })).toMatchObject({
      code: 'invalid_definition',
      path: ['target'],
    });
    expect(verdict({ type: 'decrease', target: null })).toMatchObject({
      code: 'invalid_definition',
      path: ['target'],
    });
  });

  it('refuses a threshold or milestones on a direction KR', () => {
    expect(verdict({ type: 'increase', threshold: 3 })).toMatchObject({
      code: 'invalid_definition',
      path: ['threshold'],
    });
    expect(verdict({ type: 'increase', milestones: MILESTONES })).toMatchObject({
      code: 'invalid_definition',
      path: ['milestones'],
    });
  });

  it('refuses numbers that are not finite and negative weights', () => {
    expect(verdict({ type: 'increase', target: Number.POSITIVE_INFINITY })).toMatchObject({
      code: 'invalid_definition',
      path: ['target'],
    });
    expect(verdict({ type: 'increase', start: Number.NaN })).toMatchObject({
      code: 'invalid_definition',
      path: ['start'],
    });
    expect(verdict({ weight: -1 })).toMatchObject({ code: 'invalid_definition', path: ['weight'] });
  });
});

describe('stay_above and stay_below', () => {
  it('need a threshold and nothing else', () => {
    expect(verdict({ ...none, type: 'stay_below', threshold: 12 })).toBe('valid');
    expect(verdict({ ...none, type: 'stay_above', threshold: 60 })).toBe('valid');
    expect(verdict({ ...none, type: 'stay_above' })).toMatchObject({
      code: 'invalid_definition',
      path: ['threshold'],
    });
    expect(verdict({ ...none, type: 'stay_below', threshold: 12, target: 10 })).toMatchObject({
      code: 'invalid_definition',
      path: ['target'],
    });
    expect(verdict({ ...none, type: 'stay_below', threshold: 12, start: 10 })).toMatchObject({
      code: 'invalid_definition',
      path: ['start'],
    });
  });
});

describe('milestone', () => {
  it('needs at least one milestone, unique ids and weight above 0', () => {
    expect(verdict({ ...none, type: 'milestone', milestones: MILESTONES })).toBe('valid');
    expect(verdict({ ...none, type: 'milestone' })).toMatchObject({
      code: 'invalid_definition',
      path: ['milestones'],
    });
    const [first, second] = MILESTONES;
    if (first === undefined || second === undefined) throw new Error('fixture needs two milestones');
    expect(
      verdict({ ...none, type: 'milestone', milestones: [first, { ...second, id: first.id }] }),
    ).toMatchObject({
      code: 'invalid_definition',
      path: ['milestones', 1, 'id'],
    });
    expect(
      verdict({
        ...none,
        type: 'milestone',
        milestones: [
          { ...first, weight: 0 },
          { ...second, weight: 0 },
        ],
      }),
    ).toMatchObject({
      code: 'invalid_definition',
      path: ['milestones'],
    });
    expect(verdict({ ...none, type: 'milestone', milestones: [{ ...first, weight: -1 }] })).toMatchObject({
      code: 'invalid_definition',
      path: ['milestones', 0, 'weight'],
    });
    expect(verdict({ ...none, type: 'milestone', milestones: MILESTONES, threshold: 1 })).toMatchObject({
      path: ['threshold'],
    });
  });
});

describe('binary', () => {
  it('needs nothing and accepts nothing', () => {
    expect(verdict({ ...none, type: 'binary' })).toBe('valid');
    expect(verdict({ ...none, type: 'binary', target: 1 })).toMatchObject({
      code: 'invalid_definition',
      path: ['target'],
    });
    expect(verdict({ ...none, type: 'binary', milestones: MILESTONES })).toMatchObject({
      code: 'invalid_definition',
      path: ['milestones'],
    });
  });
});
