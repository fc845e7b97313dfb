// Small request helpers with rules of their own: If-Match parsing and the fingerprint of a command.
import { canonicalJson, fingerprintOf } from '@okr-ledger/command-handling';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../functions/api/src/errors.js';
import { versionFromIfMatch } from '../../../functions/api/src/routes/check-ins.js';

describe('If-Match', () => {
  it.each([
    ['"12"', 12],
    ['W/"12"', 12],
    ['7', 7],
    [' "0" ', 0],
  ])('reads %s as version %i', (header, version) => {
    expect(versionFromIfMatch(header)).toBe(version);
  });

  it('is optional', () => {
    expect(versionFromIfMatch(undefined)).toBeUndefined();
  });

  it.each(['*', '"abc"', '"1", "2"', ''])('refuses %j with a field error', (header) => {
    expect(() => versionFromIfMatch(header)).toThrow(ValidationError);
  });
});

describe('the fingerprint of a command', () => {
  const command = { commandId: 'cmd-aaaaaaaa', type: 'RecordCheckIn', value: 63, note: 'n' };
  const base = { streamId: 'objective-obj_a', callerSub: 'sub-1', command };

  it('ignores the command id, key order and absent fields', () => {
    // Act
    const first = fingerprintOf(base);
    const same = fingerprintOf({
      ...base,
      command: { note: 'n', value: 63, type: 'RecordCheckIn', commandId: 'cmd-other', done: undefined },
    });
    // Assess
    expect(same).toBe(first);
  });

  it.each([
    ['another value', { ...base, command: { ...command, value: 64 } }],
    ['another stream', { ...base, streamId: 'objective-obj_b' }],
    ['another caller', { ...base, callerSub: 'sub-2' }],
  ])('differs for %s', (_, other) => {
    expect(fingerprintOf(other)).not.toBe(fingerprintOf(base));
  });

  it('writes nested objects canonically', () => {
    expect(canonicalJson({ b: [1, { d: 2, c: null }], a: 'x', e: undefined })).toBe(
      '{"a":"x","b":[1,{"c":null,"d":2}]}',
    );
  });
});
