// Small request helpers with rules of their own: If-Match parsing and the batch group's command id.
import { describe, expect, it } from 'vitest';
import { groupCommandId } from '../../../functions/api/src/batch/run-batch.js';
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

describe('the command id of a batch group', () => {
  it('is the command own id for a group of one, so a later replay finds it', () => {
    expect(groupCommandId(['cmd-aaaaaaaa'])).toBe('cmd-aaaaaaaa');
  });

  it('is the same for the same commands in any order, and differs for other commands', () => {
    // Act
    const first = groupCommandId(['cmd-aaaaaaaa', 'cmd-bbbbbbbb']);
    const reordered = groupCommandId(['cmd-bbbbbbbb', 'cmd-aaaaaaaa']);
    const other = groupCommandId(['cmd-aaaaaaaa', 'cmd-cccccccc']);
    // Assess
    expect(first).toBe(reordered);
    expect(first).not.toBe(other);
    expect(first).toMatch(/^batch-[0-9a-f]{48}$/);
  });
});
