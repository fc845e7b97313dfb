// The bundle runs on the Apps Script V8 runtime: its syntax is lowered to RUNTIME_TARGET, and it calls no
// built-in newer than that, which no build step could lower (`[].at(-1)` would throw "not a function").
import { describe, expect, it } from 'vitest';
import { buildCode, postRuntimeBuiltins, RUNTIME_TARGET } from '../../../addon/build.js';

describe('the Apps Script runtime level', () => {
  it('builds Code.js at the runtime’s level, calling no newer built-in', async () => {
    const code = await buildCode();

    expect(RUNTIME_TARGET).toBe('es2020');
    expect(postRuntimeBuiltins(code)).toEqual([]);
    expect(code).not.toMatch(/\?\?=|\|\|=|&&=/); // ES2021 logical assignment, lowered
  });

  it('names each newer built-in a bundle would call', () => {
    const sample = 'const last = rows.at(-1); Object.hasOwn(a, "b"); s.replaceAll("x", "y"); xs.findLast(f);';

    expect(postRuntimeBuiltins(sample)).toEqual([
      'Array/String.prototype.at (ES2022)',
      'Array.prototype.findLast/findLastIndex (ES2023)',
      'Object.hasOwn (ES2022)',
      'String.prototype.replaceAll (ES2021)',
    ]);
  });
});
