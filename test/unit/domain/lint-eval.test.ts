// The `kr-is-output` lint measured on the labelled KR titles in packages/okr-domain/test/lint: the data set
// has the shape it promises, and on the held-out part (never tuned on) the lint keeps its floor.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  evaluate,
  type LabelledTitle,
  parseLabelledTitles,
} from '../../../packages/okr-domain/test/lint/evaluate.js';

const DATA_DIR = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../packages/okr-domain/test/lint',
);
const read = (file: string): LabelledTitle[] =>
  parseLabelledTitles(readFileSync(path.join(DATA_DIR, file), 'utf8'));

const tuning = read('kr-titles.tuning.tsv');
const heldOut = read('kr-titles.held-out.tsv');

describe('the labelled KR titles', () => {
  it('hold at least 400 titles across at least 10 fields, half of them outputs', () => {
    const all = [...tuning, ...heldOut];

    expect(all.length).toBeGreaterThanOrEqual(400);
    expect(new Set(all.map((item) => item.field)).size).toBeGreaterThanOrEqual(10);
    expect(all.filter((item) => item.label === 'output').length).toBe(all.length / 2);
  });

  it('keep the held-out part apart: no title is in both parts, and it covers every field', () => {
    const tuningTitles = new Set(tuning.map((item) => item.title.toLowerCase()));

    expect(heldOut.filter((item) => tuningTitles.has(item.title.toLowerCase()))).toEqual([]);
    expect(new Set(heldOut.map((item) => item.field))).toEqual(new Set(tuning.map((item) => item.field)));
  });
});

describe('kr-is-output on the held-out titles', () => {
  it('flags outputs with precision ≥ 0.95 and recall ≥ 0.90', () => {
    const result = evaluate(heldOut);

    expect(result.size).toBe(143);
    expect(result.precision).toBeGreaterThanOrEqual(0.95);
    expect(result.recall).toBeGreaterThanOrEqual(0.9);
  });
});
