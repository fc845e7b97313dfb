// Item sizes as DynamoDB counts them (names + values, UTF-8; numbers by significant digits; 3 bytes per
// map or list plus 1 per element), and the conversion of JS data into storable values.
import { estimateItemSize, estimateValueSize, toStorable, toStorableItem } from '@okr-ledger/event-store';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

describe('estimateItemSize', () => {
  it.each([
    ['ASCII string', { name: 'abc' }, 4 + 3],
    ['multi-byte string counts UTF-8 bytes', { t: 'é€😀' }, 1 + 2 + 3 + 4],
    ['empty string', { s: '' }, 1],
    ['boolean and null', { b: true, n: null }, 1 + 1 + 1 + 1],
    ['one significant digit', { n: 7 }, 1 + 2],
    ['trailing zeros do not count', { n: 1_000_000 }, 1 + 2],
    ['leading zeros do not count', { n: 0.0005 }, 1 + 2],
    ['twelve significant digits', { n: 123456.789012 }, 1 + 7],
    ['negative numbers count digits only', { n: -12345 }, 1 + 4],
    ['empty map', { m: {} }, 1 + 3],
    ['map: 3 + per member 1 + name + value', { m: { a: 'xy' } }, 1 + 3 + 1 + 1 + 2],
    ['list: 3 + per element 1 + value', { l: ['xy', 5] }, 1 + 3 + (1 + 2) + (1 + 2)],
    ['binary counts bytes', { b: new Uint8Array(10) }, 1 + 10],
  ])('%s', (_label, item, expected) => {
    // Prepare
    const storable = toStorableItem(item);

    // Act
    const size = estimateItemSize(storable);

    // Assess
    expect(size).toBe(expected);
  });

  it('grows by exactly the UTF-8 length of any text added to a string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'grapheme' }), (left, right) => {
        const bytes = new TextEncoder().encode(right).length;
        expect(estimateValueSize(left + right)).toBe(estimateValueSize(left) + bytes);
      }),
    );
  });
});

describe('toStorable', () => {
  it('drops undefined members, turns undefined list entries into null and dates into ISO strings', () => {
    // Prepare
    const data = { keep: 1, drop: undefined, list: [1, undefined], at: new Date('2026-10-01T00:00:00Z') };

    // Act
    const storable = toStorable(data);

    // Assess
    expect(storable).toEqual({ keep: 1, list: [1, null], at: '2026-10-01T00:00:00.000Z' });
    expect(Object.keys(storable as object)).not.toContain('drop');
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])(
    'refuses %s with its path',
    (value) => {
      expect(() => toStorable({ kr: { values: [1, value] } })).toThrow(/\$\.kr\.values\[1\]/);
    },
  );

  it('refuses functions and symbols', () => {
    expect(() => toStorable({ f: () => 1 })).toThrow(TypeError);
    expect(() => toStorable({ s: Symbol('x') })).toThrow(TypeError);
  });
});
