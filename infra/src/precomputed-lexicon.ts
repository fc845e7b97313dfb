// compromise's tagger lexicon, expanded at build time instead of at every cold start. Importing
// `compromise/two` unpacks its packed lexicon and conjugates every verb and adjective in it (about half of
// the 300-odd ms the KR lint's chunk takes to load); the result depends only on compromise's own data. The
// build runs that module once and hands the bundle a stand-in holding the five parts the expansion writes
// (the lexicon, the multi-word cache, the frozen lexicon, the switches and the uncountable nouns) as one
// JSON text, which the preTagger plugin hands to compromise's world whole instead of having it copied in
// key by key; the rest of the model it imports from compromise's own modules, which the expansion leaves
// as they are.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Plugin } from 'esbuild';

const NAMESPACE = 'precomputed-lexicon';
const PRE_TAGGER_PLUGIN = /[\\/]compromise[\\/]src[\\/]2-two[\\/]preTagger[\\/]plugin\.js$/;
const COMPROMISE_SOURCE = /[\\/]compromise[\\/]src[\\/][^\\/]+\.js$/;

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

/** mergeDeep's guard against prototype pollution: keys compromise never merges. */
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * The expanded parts as the JSON the stand-in parses. compromise merges a plugin's model into its world key
 * by key, which for the 24,000-word lexicon cost as much as parsing it; the stand-in instead hands its
 * parsed parts to the world whole (`adoptExpanded`), which is the same merge only while every value is a
 * string, a number, a boolean, null or a list: anything else would be merged deeper, and the build
 * refuses it.
 */
function expandedJson(model: Model): string {
  const part = (where: string, entries: object) => {
    const kept: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(entries)) {
      if (UNSAFE_KEYS.has(key)) continue;
      const flat =
        value === null || Array.isArray(value) || (typeof value !== 'object' && typeof value !== 'function');
      if (!flat)
        throw new Error(
          `compromise's ${where}.${key} is an object, which its merge would combine key by key: update infra/src/precomputed-lexicon.ts`,
        );
      kept[key] = value;
    }
    return kept;
  };
  return JSON.stringify({
    one: Object.fromEntries(EXPANDED.one.map((name) => [name, part(`one.${name}`, model.one[name])])),
    two: Object.fromEntries(EXPANDED.two.map((name) => [name, part(`two.${name}`, model.two[name])])),
  });
}

/**
 * Runs as the preTagger plugin's `mutate`, when compromise would have merged its model: each expanded part
 * becomes the world's, with what the world already held added as compromise's merge adds it (a key the
 * part lacks is kept; two lists are joined, the world's first; otherwise the part's value wins).
 */
const ADOPT_EXPANDED = `export function adoptExpanded(world) {
  for (const level of Object.keys(expanded)) {
    const into = (world.model[level] ??= {});
    for (const [name, part] of Object.entries(expanded[level])) {
      const held = into[name] ?? {};
      for (const key in held) {
        if (!Object.hasOwn(part, key)) part[key] = held[key];
        else if (Array.isArray(part[key]) && Array.isArray(held[key])) part[key] = held[key].concat(part[key]);
      }
      into[name] = part;
    }
  }
}`;

/**
 * The stand-in for the model in `directory` (compromise's src/2-two/preTagger/model): the untouched parts
 * imported and merged by compromise as usual, the expanded ones parsed from JSON and adopted whole.
 */
export async function precomputedModelSource(directory: string): Promise<string> {
  const model = ((await import(pathToFileURL(path.join(directory, 'index.js')).href)) as { default: Model })
    .default;
  assertCarriesEveryPart(model);
  const imports = UNTOUCHED.map(
    ([name, file]) => `import ${name} from ${JSON.stringify(path.join(directory, file))};`,
  );
  // JSON.parse of one string literal is far cheaper for V8 than the same data as an object literal.
  return [
    ...imports,
    `const expanded = JSON.parse(${JSON.stringify(expandedJson(model))});`,
    'export default {',
    '  two: {',
    '    irregularPlurals, models, suffixPatterns, prefixPatterns, endsWith, neighbours,',
    '    regexNormal, regexText, regexNumbers, clues, orgWords, placeWords,',
    '  },',
    '};',
    ADOPT_EXPANDED,
  ].join('\n');
}

/** compromise's preTagger plugin with `adoptExpanded` as its `mutate` (the plugin has none of its own). */
export async function preTaggerPluginSource(pluginFile: string): Promise<string> {
  const plugin = ((await import(pathToFileURL(pluginFile).href)) as { default: Record<string, unknown> })
    .default;
  if ('mutate' in plugin)
    throw new Error(
      "compromise's preTagger plugin now has a mutate of its own: update infra/src/precomputed-lexicon.ts",
    );
  return [
    `import plugin from ${JSON.stringify(pluginFile)};`,
    "import { adoptExpanded } from './model/index.js';",
    'export default { ...plugin, mutate: adoptExpanded };',
  ].join('\n');
}

/**
 * compromise's preTagger plugin → the same plugin with `adoptExpanded` as its mutate, and the
 * `./model/index.js` it imports → the precomputed stand-in.
 */
export const precomputedLexicon: Plugin = {
  name: NAMESPACE,
  setup(builder) {
    const sources = new Map<string, Promise<string>>();
    const once = (key: string, make: () => Promise<string>) => {
      let source = sources.get(key);
      if (source === undefined) {
        source = make();
        sources.set(key, source);
      }
      return source;
    };
    builder.onResolve({ filter: /^\.\/2-two\/preTagger\/plugin\.js$/ }, (args) => {
      if (!COMPROMISE_SOURCE.test(args.importer)) return undefined;
      return { path: path.join(args.resolveDir, args.path), namespace: NAMESPACE };
    });
    builder.onResolve({ filter: /^\.\/model\/index\.js$/ }, (args) => {
      if (!PRE_TAGGER_PLUGIN.test(args.importer)) return undefined;
      return { path: path.join(path.dirname(args.importer), 'model'), namespace: NAMESPACE };
    });
    builder.onLoad({ filter: /.*/, namespace: NAMESPACE }, async (args) => {
      const plugin = PRE_TAGGER_PLUGIN.test(args.path);
      const contents = await once(args.path, () =>
        plugin ? preTaggerPluginSource(args.path) : precomputedModelSource(args.path),
      );
      return { contents, resolveDir: plugin ? path.dirname(args.path) : args.path, loader: 'js' };
    });
  },
};
