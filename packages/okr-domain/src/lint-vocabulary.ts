// The words OKR lint reads titles with: verbs that describe work, verbs of change, phrases that name a
// deliverable or work done, words that state a checkable state, and the labels people paste in front of a
// title. Kept apart from the rules (lint-output.ts) so the vocabulary can grow without touching them; the
// nouns are in lint-nouns.ts.

/**
 * Verbs that describe work. A KR that leads with one of these promises an activity, not a change, unless
 * its object is a success rate. Verbs not listed here are recognised from the sentence's grammar
 * (lint-grammar.ts); the list also names the past forms a status title ends with ("… reviewed").
 * Outcome verbs (increase, reduce, raise, reach, achieve, grow, keep, maintain, …) are absent on purpose.
 */
export const ACTIVITY_VERBS: readonly string[] = [
  // The list the domain names.
  'launch',
  'create',
  'build',
  'implement',
  'run',
  'conduct',
  'complete',
  'design',
  'write',
  'develop',
  'set up',
  'migrate',
  'hold',
  'organize',
  'organise',
  'publish',
  'ship',
  'release',
  'deliver',
  'train',
  'hire',
  'introduce',
  'roll out',
  'define',
  'research',
  'analyze',
  'analyse',
  // Others that, leading a KR, describe the same kind of work.
  'collect',
  'gather',
  'send',
  'prepare',
  'draft',
  'plan',
  'host',
  'document',
  'redesign',
  'rebuild',
  'refactor',
  'deploy',
  'install',
  'configure',
  'integrate',
  'add',
  'update',
  'upgrade',
  'review',
  'audit',
  'interview',
  'survey',
  'map',
  'identify',
  'evaluate',
  'assess',
  'explore',
  'investigate',
  'brainstorm',
  'attend',
  'schedule',
  'kick off',
  'start',
  'begin',
  'finish',
  'finalize',
  'finalise',
  'produce',
  'make',
  'arrange',
  'coordinate',
  'establish',
  'execute',
  'perform',
  'carry out',
  'work on',
  'test',
  'a/b test',
  'go live',
  'move',
  'transfer',
  'rewrite',
  'translate',
];

/** Past and present forms people write in status-style titles ("Launched …", "Running …"). */
const IRREGULAR_FORMS: Readonly<Record<string, readonly string[]>> = {
  build: ['built'],
  run: ['ran', 'running'],
  write: ['wrote', 'written'],
  hold: ['held'],
  send: ['sent'],
  begin: ['began', 'begun', 'beginning'],
  make: ['made'],
  ship: ['shipped', 'shipping'],
  plan: ['planned', 'planning'],
  map: ['mapped', 'mapping'],
  'set up': ['setting up'],
  'kick off': ['kicked off', 'kicking off'],
  'go live': ['went live', 'gone live', 'going live'],
};

/**
 * Base, past and -ing forms. The third person ("launches") is left out: KR titles do not lead with it,
 * while plural nouns that share its spelling ("reviews", "releases") do.
 */
function regularForms(verb: string): string[] {
  const [head = verb, ...rest] = verb.split(' ');
  const tail = rest.length > 0 ? ` ${rest.join(' ')}` : '';
  const stem = head.endsWith('e') ? head.slice(0, -1) : head;
  const past = head.endsWith('e') ? `${head}d` : `${head}ed`;
  return [head, past, `${stem}ing`].map((form) => form + tail);
}

/** Every form of every activity verb, lower case, longest first so "a/b test" wins over "a". */
export const ACTIVITY_VERB_FORMS: readonly string[] = [
  ...new Set(ACTIVITY_VERBS.flatMap((verb) => [...regularForms(verb), ...(IRREGULAR_FORMS[verb] ?? [])])),
].sort((a, b) => b.length - a.length);

const words = (list: string): readonly string[] => list.trim().split(/\s*\n\s*|\s*,\s*/);

/**
 * Verbs that move a measure in a direction ("increase", "reduce", "keep") or obtain a result from other
 * people's choices ("win", "retain", "convert"). Leading a KR, they announce a change, unless what they
 * move is itself work or headcount ("Raise the number of blog posts …"): lint-output.ts checks that.
 */
export const CHANGE_VERBS: ReadonlySet<string> = new Set(
  words(`
    increase, raise, grow, lift, boost, double, triple, expand, extend, scale, accelerate, speed up, improve,
    strengthen, widen, deepen, maximise, maximize, push, drive, bring, get,
    reduce, decrease, lower, cut, halve, shorten, shrink, narrow, trim, slash, minimise, minimize, limit,
    cap, eliminate, prevent, avoid, drop,
    keep, maintain, sustain, stay, remain, hold on to, protect, preserve,
    reach, achieve, attain, hit, exceed, surpass, beat, match,
    win, earn, gain, generate, secure, attract, acquire, retain, convert, renew, sell, save, recover`),
);

/** Change verbs whose direction is "more": more of a count of work is more work, not a result. */
export const MORE_VERBS: ReadonlySet<string> = new Set(
  words(`
    increase, raise, grow, lift, boost, double, triple, expand, extend, scale, accelerate, push, drive,
    get, maximise, maximize, strengthen, widen, deepen, generate`),
);

/**
 * A title that opens by naming a thing to be made ("New platform for internal documents", "A new CRM",
 * "Updated onboarding guide", "First version of …") promises a deliverable.
 */
export const DELIVERABLE_OPENING =
  /^(?:(?:a|an|the|our)\s+)?(?:(?:brand[\s-])?new|updated|redesigned|revamped|refreshed|first\s+version\s+of|v\d+(?:\.\d+)*\s+of)\b/i;

/** "100% of documents moved to the new platform": the share of work done, not of change caused. */
export const WORK_DONE_PHRASE =
  /\b(?:moved|migrated|transferred|ported|converted|rolled\s+out|deployed|uploaded)\s+(?:to|into|onto)\b/i;

/** Words that state a checkable end state, which makes a binary or milestone KR measurable. */
export const MEASURABLE_STATE_WORDS: readonly string[] = [
  'live',
  'in production',
  'generally available',
  'available',
  'approved',
  'signed',
  'certified',
  'certification',
  'compliant',
  'compliance',
  'passed',
  'accepted',
  'adopted',
  'audited',
  'zero',
  'none',
  'all',
  'every',
  'each',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'dozen',
  'hundred',
  'thousand',
  'million',
  'billion',
  'half',
];

/**
 * Bullets, numbering and labels people paste in front of a KR ("• KR 1:", "(KR2)", "3.", "Key Result:"),
 * and a leading "We will", removed before looking at the first word.
 */
export const TITLE_PREFIX =
  /^(?:\s|[•\-*–—>"'“‘]|\d+[.)]\s|\((?:kr|key\s+result)\s*\d*\)|(?:kr|key\s+result)\s*\d*\s*[:.)-]|(?:kr|key\s+result)\s*\d+\b|we\s+will\b|we'll\b|to\s+(?=[a-z]))+/i;

/** Time references that are not figures: "Q4", "H2", "FY26", "2026-Q4", "in 2026". */
export const TIME_REFERENCE =
  /\b(?:\d{4}-)?[qh][1-4]\b|\bfy\s?\d{2,4}\b|\b(?:in|by|for|during|until|before|after|of|through)\s+(?:19|20)\d{2}\b/gi;
