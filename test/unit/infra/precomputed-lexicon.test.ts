// compromise's lexicon expanded at build time (infra/src/precomputed-lexicon.ts) is the lexicon compromise
// builds when it is imported: the bundled tagger holds the same model, and the KR lint built with it gives
// every labelled title the verdict the lint gives from source. The expansion itself stays out of the bundle.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { judgeOutput } from '@okr-ledger/okr-domain/lint-output';
import nlp from 'compromise/two';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleLambda, type LambdaBundle } from '../../../infra/src/lambda-bundle.js';
import { precomputedModelSource } from '../../../infra/src/precomputed-lexicon.js';
import { parseLabelledTitles } from '../../../packages/okr-domain/test/lint/evaluate.js';

/** The parts of compromise's world the expansion writes (compromise types its world as `object`). */
interface World {
  model: {
    one: { lexicon: object; _multiCache: object };
    two: { switches: object; uncountable: object };
  };
}
const modelOf = (tagger: typeof nlp) => (tagger.world() as World).model;

interface Probe {
  judgeOutput: typeof judgeOutput;
  nlp: typeof nlp;
}

const LINT_DATA = fileURLToPath(new URL('../../../packages/okr-domain/test/lint/', import.meta.url));
const titles = ['kr-titles.tuning.tsv', 'kr-titles.held-out.tsv'].flatMap((file) =>
  parseLabelledTitles(readFileSync(path.join(LINT_DATA, file), 'utf8')).map((item) => item.title),
);

let outDir: string;
let built: LambdaBundle;
let probe: Probe;

beforeAll(async () => {
  outDir = mkdtempSync(path.join(tmpdir(), 'okr-ledger-lexicon-'));
  built = await bundleLambda(fileURLToPath(new URL('./fixtures/lint-probe.ts', import.meta.url)), outDir);
  probe = (await import(pathToFileURL(built.file).href)) as Probe;
}, 120_000);
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe("compromise's lexicon expanded at build time", () => {
  it('replaces the expansion: the bundle holds neither the packed lexicon nor the code that expands it', () => {
    const inputs = Object.keys(built.metafile.inputs);
    expect(inputs.some((input) => input.startsWith('precomputed-lexicon:'))).toBe(true);
    // The preTagger plugin is taken through the stand-in too, which hands the parsed parts over whole.
    expect(inputs.some((input) => /^precomputed-lexicon:.*preTagger[\\/]plugin\.js$/.test(input))).toBe(true);
    expect(inputs.filter((input) => /preTagger[\\/]model[\\/](_expand|lexicon)[\\/]/.test(input))).toEqual(
      [],
    );
  });

  it('gives the bundled tagger the model compromise builds from source', () => {
    const bundled = modelOf(probe.nlp);
    const source = modelOf(nlp);
    expect(Object.keys(bundled.one.lexicon).length).toBe(Object.keys(source.one.lexicon).length);
    expect(isDeepStrictEqual(bundled.one.lexicon, source.one.lexicon)).toBe(true);
    expect(isDeepStrictEqual(bundled.one._multiCache, source.one._multiCache)).toBe(true);
    expect(isDeepStrictEqual(bundled.two.switches, source.two.switches)).toBe(true);
    expect(isDeepStrictEqual(bundled.two.uncountable, source.two.uncountable)).toBe(true);
  });

  it('gives every labelled KR title the verdict the lint gives from source', () => {
    expect(titles.length).toBeGreaterThanOrEqual(400);
    const differing = titles.filter(
      (title) => !isDeepStrictEqual(probe.judgeOutput(title), judgeOutput(title)),
    );
    expect(differing).toEqual([]);
    // And the tags themselves, word by word, on a title the grammar has to work at.
    const tags = (tagger: typeof nlp) =>
      tagger('Refurbish 12 classrooms while onboarding dozens of new teachers')
        .termList()
        .map((term) => [term.text, [...(term.tags ?? [])].sort()]);
    expect(tags(probe.nlp)).toEqual(tags(nlp));
  });

  it("refuses to build when compromise's model has a part it does not carry", async () => {
    const directory = path.join(outDir, 'newer-model');
    mkdirSync(directory);
    writeFileSync(
      path.join(directory, 'index.js'),
      'export default { one: { _multiCache: {}, lexicon: {}, frozenLex: {} }, two: { switches: {}, uncountable: {}, moods: {} } };',
    );
    await expect(precomputedModelSource(directory)).rejects.toThrow(
      /two\.moods is not carried; two\.irregularPlurals is gone/,
    );
  });

  it('refuses to build when an expanded part holds a value that compromise would merge key by key', async () => {
    const directory = path.join(outDir, 'nested-model');
    mkdirSync(directory);
    const untouched = [
      'irregularPlurals',
      'models',
      'suffixPatterns',
      'prefixPatterns',
      'endsWith',
      'neighbours',
      'regexNormal',
      'regexText',
      'regexNumbers',
      'clues',
      'orgWords',
      'placeWords',
    ].map((name) => `${name}: {}`);
    writeFileSync(
      path.join(directory, 'index.js'),
      `export default { one: { _multiCache: {}, lexicon: { plan: 'Noun', goal: { tag: 'Noun' } }, frozenLex: {} }, two: { switches: {}, uncountable: {}, ${untouched.join(', ')} } };`,
    );
    await expect(precomputedModelSource(directory)).rejects.toThrow(/one\.lexicon\.goal is an object/);
  });
});
