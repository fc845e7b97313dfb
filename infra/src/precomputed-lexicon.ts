// compromise's tagger lexicon, expanded at build time instead of at every cold start. Importing
// `compromise/two` unpacks its packed lexicon and conjugates every verb and adjective in it (about half of
// the 300-odd ms the KR lint's chunk takes to load); the result depends only on compromise's own data. The
// build runs that module once and hands the bundle a stand-in holding the five parts the expansion writes
// (the lexicon, the multi-word cache, the frozen lexicon, the switches and the uncountable nouns) as one
// JSON text; the rest of the model it imports from compromise's own modules, which the expansion leaves
// as they are.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Plugin } from 'esbuild';

const NAMESPACE = 'precomputed-lexicon';
const PRE_TAGGER_PLUGIN = /[\\/]compromise[\\/]src[\\/]2-two[\\/]preTagger[\\/]plugin\.js$/;

/** The model parts the expansion leaves as their modules export them, with those modules. */
const UNTOUCHED: ReadonlyArray<readonly [string, string]> = [
  ['irregularPlurals', 'irregulars/plurals.js'],
  ['models', 'models/index.js'],
  ['suffixPatterns', 'patterns/suffixes.js'],
  ['prefixPatterns', 'patterns/prefixes.js'],
  ['endsWith', 'patterns/endsWith.js'],
  ['neighbours', 'patterns/neighbours.js'],
  ['regexNormal', 'regex/regex-normal.js'],
  ['regexText', 'regex/regex-text.js'],
  ['regexNumbers', 'regex/regex-numbers.js'],
  ['clues', 'clues/index.js'],
  ['orgWords', 'orgWords.js'],
  ['placeWords', 'placeWords.js'],
];

/** The model parts the expansion writes, carried as JSON. */
const EXPANDED = { one: ['_multiCache', 'lexicon', 'frozenLex'], two: ['switches', 'uncountable'] } as const;

interface Model {
  one: Record<(typeof EXPANDED.one)[number], object>;
  two: Record<string, unknown> & Record<(typeof EXPANDED.two)[number], object>;
}

/** Refuses a compromise whose model has parts other than those the stand-in carries (a newer version, say). */
function assertCarriesEveryPart(model: Model): void {
  const carried = [
    ...EXPANDED.one.map((name) => `one.${name}`),
    ...EXPANDED.two.map((name) => `two.${name}`),
    ...UNTOUCHED.map(([name]) => `two.${name}`),
  ];
  const parts = Object.keys(model).flatMap((level) =>
    Object.keys(model[level as keyof Model]).map((name) => `${level}.${name}`),
  );
  const differing = [
    ...parts.filter((part) => !carried.includes(part)).map((part) => `${part} is not carried`),
    ...carried.filter((part) => !parts.includes(part)).map((part) => `${part} is gone`),
  ];
  if (differing.length > 0)
    throw new Error(
      `compromise's preTagger model no longer matches the precomputed lexicon (${differing.join('; ')}): update infra/src/precomputed-lexicon.ts`,
    );
}

/**
 * The stand-in for the model in `directory` (compromise's src/2-two/preTagger/model): the untouched parts
 * imported, the expanded ones parsed from JSON.
 */
export async function precomputedModelSource(directory: string): Promise<string> {
  const model = ((await import(pathToFileURL(path.join(directory, 'index.js')).href)) as { default: Model })
    .default;
  assertCarriesEveryPart(model);
  const expanded = JSON.stringify({
    multi: model.one._multiCache,
    lexicon: model.one.lexicon,
    frozenLex: model.one.frozenLex,
    switches: model.two.switches,
    uncountable: model.two.uncountable,
  });
  const imports = UNTOUCHED.map(
    ([name, file]) => `import ${name} from ${JSON.stringify(path.join(directory, file))};`,
  );
  // JSON.parse of one string literal is far cheaper for V8 than the same data as an object literal.
  return [
    ...imports,
    `const expanded = JSON.parse(${JSON.stringify(expanded)});`,
    'export default {',
    '  one: { _multiCache: expanded.multi, lexicon: expanded.lexicon, frozenLex: expanded.frozenLex },',
    '  two: {',
    '    irregularPlurals, models, suffixPatterns, prefixPatterns, endsWith, neighbours,',
    '    regexNormal, regexText, regexNumbers, switches: expanded.switches, clues,',
    '    uncountable: expanded.uncountable, orgWords, placeWords,',
    '  },',
    '};',
  ].join('\n');
}

/** `./model/index.js` as compromise's preTagger plugin imports it → the precomputed stand-in. */
export const precomputedLexicon: Plugin = {
  name: NAMESPACE,
  setup(builder) {
    const sources = new Map<string, Promise<string>>();
    builder.onResolve({ filter: /^\.\/model\/index\.js$/ }, (args) => {
      if (!PRE_TAGGER_PLUGIN.test(args.importer)) return undefined;
      return { path: path.join(path.dirname(args.importer), 'model'), namespace: NAMESPACE };
    });
    builder.onLoad({ filter: /.*/, namespace: NAMESPACE }, async (args) => {
      let source = sources.get(args.path);
      if (source === undefined) {
        source = precomputedModelSource(args.path);
        sources.set(args.path, source);
      }
      return { contents: await source, resolveDir: args.path, loader: 'js' };
    });
  },
};
