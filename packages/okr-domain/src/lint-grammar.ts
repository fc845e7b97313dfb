// Reads the grammar of a KR title with compromise (pure JavaScript, no model to download, so it runs the
// same in Node and in the add-on's Apps Script bundle): its words with their parts of speech, the verb it
// leads with and the noun phrase that verb acts on. lint-output.ts judges what these measure.
import nlp from 'compromise/two';
import { ACTIVITY_VERB_FORMS, CHANGE_VERBS, MORE_VERBS } from './lint-vocabulary.js';

export interface Token {
  /** Lower case, punctuation removed, thousands separators dropped ("1,200" → "1200"). */
  word: string;
  tags: ReadonlySet<string>;
}

export type LeadKind = 'work' | 'change' | 'more' | 'verb';

export interface Lead {
  /** The verb as written, e.g. "set up". */
  verb: string;
  /** Tokens it spans. */
  length: number;
  /** Listed work verb, change verb, "more" verb, or a verb known only from the sentence's grammar. */
  kind: LeadKind;
}

export const tokenize = (text: string): Token[] =>
  nlp(text)
    .docs.flat()
    .map((term) => ({ word: term.normal, tags: term.tags ?? new Set<string>() }))
    .filter((token) => token.word !== '');

export const has = (token: Token | undefined, ...tags: string[]): boolean =>
  token !== undefined && tags.some((tag) => token.tags.has(tag));

/** Words that end a noun phrase: comparisons, directions and prepositions ("above", "down", "per"). */
const PHRASE_END = new Set(
  'above below under over up down at within from to of for in on by per with without across into onto than fewer less more and or among between through before after about instead against vs versus'.split(
    ' ',
  ),
);

/** Determiners and possessives that open an object: a word followed by one of these is a verb. */
const OBJECT_OPENER = new Set(
  'a an the our their your its my all every each both some any this these that those no'.split(' '),
);

const KNOWN_LEADS: readonly { words: string[]; kind: LeadKind }[] = [
  ...ACTIVITY_VERB_FORMS.map((form) => ({ form, kind: 'work' as const })),
  ...[...CHANGE_VERBS].map((form) => ({
    form,
    kind: MORE_VERBS.has(form) ? ('more' as const) : ('change' as const),
  })),
]
  .map(({ form, kind }) => ({ words: form.split(' '), kind }))
  .sort((a, b) => b.words.length - a.words.length);

/** The verb a title leads with: a listed one, or a word the sentence's grammar makes a verb. */
export function leadingVerb(tokens: readonly Token[]): Lead | null {
  for (const lead of KNOWN_LEADS) {
    if (lead.words.every((word, index) => tokens[index]?.word === word)) {
      return { verb: lead.words.join(' '), length: lead.words.length, kind: lead.kind };
    }
  }
  const [first, next] = tokens;
  if (
    first === undefined ||
    has(first, 'Value', 'Determiner', 'Date', 'Preposition', 'Adverb', 'Conjunction')
  ) {
    return null;
  }
  if (has(first, 'Gerund', 'Hyphenated')) return null;
  // Tagged a verb in context, or followed by what only follows a verb at the start of a sentence
  // ("Harden the CI pipeline", "Onboard 4 new account executives").
  const verbByTag = has(first, 'Imperative', 'Infinitive') || (has(first, 'PastTense') && !has(next, 'Verb'));
  const verbByPosition =
    next !== undefined &&
    (OBJECT_OPENER.has(next.word) ||
      has(next, 'Possessive') ||
      (has(next, 'Value') && !has(next, 'Percent')));
  return verbByTag || verbByPosition ? { verb: first.word, length: 1, kind: 'verb' } : null;
}

/** Words of the noun phrase that opens `tokens` (after any determiner), up to its first phrase end. */
export function nounPhrase(tokens: readonly Token[]): { words: string[]; length: number } {
  let start = 0;
  while (
    start < tokens.length &&
    (OBJECT_OPENER.has(tokens[start]?.word ?? '') || has(tokens[start], 'Possessive'))
  ) {
    start += 1;
  }
  let end = start;
  for (; end < tokens.length; end += 1) {
    const token = tokens[end];
    if (token === undefined) break;
    const joined = has(token, 'Hyphenated');
    if (!joined && (PHRASE_END.has(token.word) || has(token, 'Value', 'Determiner', 'Adverb', 'Pronoun')))
      break;
    if (!joined && has(token, 'PastTense') && end > start) break;
  }
  return { words: tokens.slice(start, end).map((token) => token.word), length: end };
}

/** Whether `tokens` open with a measure: "down from 12 to 3", "above 115%", "from 2 to 8", "at 96%". */
export function opensWithMeasure(tokens: readonly Token[]): boolean {
  const [first] = tokens;
  if (first === undefined) return false;
  if (first.word === 'up' || first.word === 'down') return true;
  const figure = (token: Token | undefined): boolean => has(token, 'Value') || /\d/.test(token?.word ?? '');
  const figureNext =
    figure(tokens[1]) || (['least', 'most'].includes(tokens[1]?.word ?? '') && figure(tokens[2]));
  if (first.word === 'from') return figureNext || tokens.slice(1, 4).some((token) => token.word === 'to');
  return (
    ['above', 'below', 'under', 'over', 'at', 'within', 'of', 'between', 'to'].includes(first.word) &&
    figureNext
  );
}
