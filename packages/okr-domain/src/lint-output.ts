// Owns the `kr-is-output` verdict: whether a KR title measures work done or a state of the world, decided
// from the sentence's structure (lint-grammar.ts) rather than from the first word alone, and explained in
// words the writer can act on. The question asked of every title: what does it measure?
//   - a verb of change ("increase", "win") measures a state, unless what it moves is work or headcount;
//   - any other verb promises work, unless its object is a success rate ("Ship 97% of orders within
//     24 hours") or the verb is really a noun in front of a metric ("Build times under 6 minutes");
//   - a title without a verb is a metric, unless it names a deliverable or reports a project's status.
import { BoundedMap } from './bounded-map.js';
import {
  has,
  type Lead,
  leadingVerb,
  nounPhrase,
  opensWithMeasure,
  type Token,
  tokenize,
} from './lint-grammar.js';
import { CAPACITY_NOUNS, listed, METRIC_NOUNS, WORK_NOUNS } from './lint-nouns.js';
import {
  ACTIVITY_VERB_FORMS,
  DELIVERABLE_OPENING,
  TITLE_PREFIX,
  WORK_DONE_PHRASE,
} from './lint-vocabulary.js';

export type OutputKind = 'work' | 'activity-count' | 'capacity' | 'status' | 'deliverable' | 'work-done';

export interface OutputVerdict {
  kind: OutputKind;
  /** The words of the title that made it an output. */
  words: string;
  /** Why, in a clause that follows "describes work, not a change: ". */
  reason: string;
  hint: string;
}

const HINTS: Record<OutputKind, string> = {
  work: 'Move it to Initiatives and ask: what changes for customers (or the business) when this is done? Measure that as the Key Result (e.g. "Reduce onboarding time from 24 to 9 days").',
  'activity-count':
    'More activity is not a result. Keep the activity in Initiatives and measure what it should change: who reads, signs up, buys, stays or gets helped because of it.',
  capacity:
    'A bigger team or fleet is capacity, not a result. Keep the hiring or buying in Initiatives and measure what it should change (waiting time, backlog, coverage, revenue).',
  status:
    'How far a project has got belongs to its initiative (percent complete). Move it to Initiatives and measure what will be different once it is finished, for customers or the business.',
  deliverable:
    'A thing to make is an initiative. Move it to Initiatives and measure what it should change for the people who will use it.',
  'work-done':
    'Moving or rolling things out is work. Keep it in Initiatives and measure what the move should change (usage, time saved, cost).',
};

const WORK_FORMS = new Set([
  ...ACTIVITY_VERB_FORMS,
  'done',
  'given',
  'attended',
  'closed',
  'processed',
  'completed',
]);
const COMPLETION_WORD = /^(?:done|complete|completed|finished|ready|live|in place|underway|signed off)$/;

/** "60% finished", "75% done", "fully deployed", "SEO audit … done": how far a piece of work has got. */
const COMPLETION =
  /(?:\b\d+(?:\.\d+)?\s?%|\b(?:fully|completely|partly|partially|half|mostly))\s+([a-z]+(?:\s(?:up|out|off|down))?)\b|\b(?:done|completed?|finished)$/;

/** A share below 100% of things: with a time or quality condition it is a success rate. */
const SHARE = /(?:^|\bfor\s|\bto\s|\bon\s)(\d+(?:\.\d+)?)\s?%\s+of\b/;
const CONDITION =
  /\b(?:within|on time|on schedule|on the (?:first|same|promised|agreed|next)|first[- ]time|at first|without|before|by \d|same[- ]day|in (?:one|a single|under|less than)|under \d|error[- ]free|right first)\b/;
/** A cycle time against its baseline: "Close the books in 4 working days instead of 9". */
const CYCLE_TIME =
  /\bin (?:\d+|one|two|three|four|five)\b.*\b(?:instead of|rather than|or (?:less|fewer)|down from)\b/;
/** Anything that states a level: a share, a comparison, a trend or a time window. */
const MEASURE =
  /\b(?:fewer|less|more) than\b|\bat (?:least|most)\b|\b(?:above|below|under|over|within)\s+\S*\d|\b(?:up|down) (?:by|from|to)\b|\bfrom\s+\S*\d.*\bto\s+\S*\d|\b(?:[1-9]\d?(?:\.\d+)?|0\.\d+)\s?%/;

/** Without pasted labels and bullets, or symbols in front ("🚀 Launch …"), which hide the first word. */
const normalised = (title: string): string =>
  title
    .trim()
    .replace(/^[^\p{L}\p{N}(]+/u, '')
    .replace(TITLE_PREFIX, '')
    .replace(/\s+/g, ' ')
    .toLowerCase();

const quote = (words: readonly string[] | string): string =>
  `"${typeof words === 'string' ? words : words.join(' ')}"`;

const verdict = (kind: OutputKind, words: string, reason: string): OutputVerdict => ({
  kind,
  words,
  reason,
  hint: HINTS[kind],
});

/** A success rate: "Ship 97% of orders within 24 hours", "Resolve 80% of tickets at first contact". */
function measuresRate(text: string): boolean {
  const share = SHARE.exec(text);
  if (share !== null && Number(share[1]) < 100 && CONDITION.test(text)) return true;
  return CYCLE_TIME.test(text);
}

/** "Raise the number of blog posts …", "Expand the support team from 6 to 9 agents": work or headcount. */
function countedWork(lead: Lead, rest: readonly Token[]): OutputVerdict | null {
  const object = nounPhrase(rest);
  let counted = object.words;
  let after = rest.slice(object.length);
  if (
    ['number', 'count', 'amount', 'total', 'volume', 'quantity'].includes(counted.at(-1) ?? '') &&
    after[0]?.word === 'of'
  ) {
    const inner = nounPhrase(after.slice(1));
    counted = inner.words;
    after = after.slice(1 + inner.length);
  } else if (listed(METRIC_NOUNS, counted)) {
    return null;
  }
  const unitIndex = after.findLastIndex((token) => has(token, 'Value'));
  const unit = unitIndex < 0 ? [] : nounPhrase(after.slice(unitIndex + 1)).words;
  const participle = after[0] !== undefined && WORK_FORMS.has(after[0].word) ? after[0].word : null;
  const what = [...counted, ...(participle === null ? [] : [participle])];
  if (listed(CAPACITY_NOUNS, counted) || (counted.length === 0 && listed(CAPACITY_NOUNS, unit))) {
    return verdict(
      'capacity',
      `${lead.verb} ${counted.join(' ')}`,
      `it grows capacity (${quote(what)}), not a result`,
    );
  }
  if (
    listed(WORK_NOUNS, counted) ||
    participle !== null ||
    (listed(WORK_NOUNS, unit) && !listed(METRIC_NOUNS, counted))
  ) {
    const work = listed(WORK_NOUNS, counted) || participle !== null ? what : unit;
    return verdict(
      'activity-count',
      `${lead.verb} … ${work.join(' ')}`,
      `it counts activity (${quote(work)}), not what the activity achieves`,
    );
  }
  return null;
}

/** "Build times under 6 minutes", "Audit findings down from 12 to 3": the lead word names the metric. */
function leadIsModifier(rest: readonly Token[]): boolean {
  const phrase = nounPhrase(rest);
  if (phrase.words.length === 0 || phrase.length !== phrase.words.length) return false;
  const after = rest.slice(phrase.length);
  return (
    opensWithMeasure(after) ||
    (listed(METRIC_NOUNS, phrase.words) && after.some((token) => has(token, 'Value')))
  );
}

/** A title that reports the state of a piece of work: "Payroll system upgrade 60% finished". */
function statusOf(text: string, tokens: readonly Token[]): OutputVerdict | null {
  const completion = COMPLETION.exec(text);
  if (completion !== null) {
    const word = completion[1];
    const isCompletion =
      word === undefined ||
      COMPLETION_WORD.test(word) ||
      WORK_FORMS.has(word) ||
      (!/^\d/.test(completion[0]) && /(?:ed|en)$/.test(word));
    if (isCompletion) {
      return verdict(
        'status',
        completion[0].trim(),
        `it reports how far a piece of work has got (${quote(completion[0].trim())})`,
      );
    }
  }
  const verbAt = tokens.findIndex(
    (token, index) => index > 0 && has(token, 'Verb') && !has(token, 'Hyphenated', 'Gerund'),
  );
  const verb = tokens[verbAt];
  if (verb === undefined || !has(verb, 'PastTense') || MEASURE.test(text)) return null;
  const subject = tokens.slice(0, verbAt).map((token) => token.word);
  const known = WORK_FORMS.has(verb.word);
  const figures = tokens.some((token) => has(token, 'Value') && !has(token, 'Year', 'Date', 'Ordinal'));
  if (!known && figures) return null;
  return verdict(
    'status',
    `${subject.join(' ')} ${verb.word}`,
    `it reports work done (${quote(verb.word)}) to ${quote(subject)}`,
  );
}

/**
 * Verdicts already reached, by title: a board and every check-in's answer lint the same titles again and
 * again, and tagging a sentence is the costliest step of rendering an objective. Bounded, oldest first out.
 */
const verdicts = new BoundedMap<string, OutputVerdict | null>(5_000);

/** Why a KR title describes work rather than a change, or null when it measures a state of the world. */
export function outputVerdict(title: string): OutputVerdict | null {
  if (verdicts.has(title)) return verdicts.get(title) ?? null;
  const verdict = judgeOutput(title);
  verdicts.set(title, verdict);
  return verdict;
}

/** `outputVerdict` without the memory: the analysis itself, every time (what the bench times). */
export function judgeOutput(title: string): OutputVerdict | null {
  const text = normalised(title);
  const tokens = tokenize(text);
  const lead = leadingVerb(tokens);
  if (lead !== null) {
    const rest = tokens.slice(lead.length);
    if (lead.kind === 'more') return countedWork(lead, rest);
    if (lead.kind === 'change') return null;
    // "Cost per lead under $60", "Time to first value …": a metric that compromise reads as a verb.
    const namesMetric = lead.kind === 'verb' && METRIC_NOUNS.has(lead.verb) && MEASURE.test(text);
    const restText = rest.map((token) => token.word).join(' ');
    if (measuresRate(restText)) return null;
    if (!namesMetric && !leadIsModifier(rest)) {
      // Quote the work as written up to its first preposition: "refurbish 12 classrooms".
      const end = rest.findIndex((token, index) => index > 0 && has(token, 'Preposition'));
      const work = [lead.verb, ...rest.slice(0, end < 0 ? 5 : Math.min(end, 5)).map((token) => token.word)];
      return verdict(
        'work',
        work.join(' '),
        `it leads with the work ${quote(work)}: what the team will do, not the change it should cause`,
      );
    }
  }
  const deliverable = DELIVERABLE_OPENING.exec(text);
  if (deliverable !== null) {
    const thing = nounPhrase(tokenize(text.slice(deliverable[0].length))).words;
    return verdict(
      'deliverable',
      `${deliverable[0]} ${thing.join(' ')}`.trim(),
      `it names a deliverable (${quote(`${deliverable[0]} ${thing.join(' ')}`.trim())})`,
    );
  }
  const moved = WORK_DONE_PHRASE.exec(text);
  if (moved !== null) return verdict('work-done', moved[0], `it counts work done (${quote(moved[0])})`);
  return statusOf(text, tokens);
}

/**
 * The `kr-is-output` finding's words for a title, or null for an outcome: one function for the API's
 * board and for the add-on's sidebar, so both tell the writer the same thing.
 */
export function outputFinding(title: string): { message: string; hint: string } | null {
  const output = outputVerdict(title);
  if (output === null) return null;
  return { message: `"${title}" describes work, not a change: ${output.reason}.`, hint: output.hint };
}

/**
 * Resolves once `outputVerdict` can be called. Importing this module loads the grammar (compromise builds
 * its lexicon then), so here it is ready at once; the API's Lambda bundle swaps this module for a stand-in
 * that loads it on first need instead of at cold start (infra/src/lambda-bundle.ts), and the API awaits
 * this before a request can lint.
 */
export async function loadOutputLint(): Promise<void> {}
