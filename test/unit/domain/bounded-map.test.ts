// The bounded cache every in-memory memory of the code base uses: at most `capacity` entries, the oldest
// set first out, a key set again counting as new.
import { BoundedMap } from '@okr-ledger/okr-domain';
import { describe, expect, it } from 'vitest';

describe('BoundedMap', () => {
  it('keeps at most its capacity, dropping the entry set longest ago', () => {
    const map = new BoundedMap<string, number>(2);
    map.set('a', 1).set('b', 2).set('c', 3);
    expect(map.size).toBe(2);
    expect(map.has('a')).toBe(false);
    expect([map.get('b'), map.get('c')]).toEqual([2, 3]);
  });

  it('counts a key set again as the newest, so the other goes first', () => {
    const map = new BoundedMap<string, number>(2);
    map.set('a', 1).set('b', 2).set('a', 10).set('c', 3);
    expect(map.has('b')).toBe(false);
    expect(map.get('a')).toBe(10);
    expect(map.get('c')).toBe(3);
  });

  it('forgets a deleted key and refuses a capacity that is not a positive integer', () => {
    const map = new BoundedMap<string, number>(1);
    map.set('a', 1);
    expect(map.delete('a')).toBe(true);
    expect(map.size).toBe(0);
    expect(() => new BoundedMap(0)).toThrow('capacity must be a positive integer, got 0');
    expect(() => new BoundedMap(1.5)).toThrow('capacity must be a positive integer, got 1.5');
  });
});
