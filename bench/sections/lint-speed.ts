// How long `kr-is-output` takes per KR title in Node, over the labelled titles of
// packages/okr-domain/test/lint: the first call (it builds compromise's lexicon), a first pass over every
// title, then warm passes, with the median per-title time of the passes. Beside it, compromise's own parse
// of the same titles, so the figure also reads as a machine-independent ratio (lint / bare parse).
//
//   tsx bench/sections/lint-speed.ts   (prints the figures; `npm run bench` includes them)
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { judgeOutput } from '@okr-ledger/okr-domain';
import nlp from 'compromise/two';
import { median, round } from '../lib/stats.js';
import type { LintSpeed } from '../report/results.js';

const DATA_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../packages/okr-domain/test/lint',
);
const WARM_PASSES = 9;

function titles(): string[] {
  return ['kr-titles.tuning.tsv', 'kr-titles.held-out.tsv'].flatMap((file) =>
    readFileSync(path.join(DATA_DIR, file), 'utf8')
      .split('\n')
      .slice(1)
      .map((line) => line.split('\t')[2] ?? '')
      .filter((title) => title !== ''),
  );
}

/** Milliseconds per title of one pass of `run` over `all`. */
function pass(all: readonly string[], run: (title: string) => unknown): number {
  const started = performance.now();
  for (const title of all) run(title);
  return (performance.now() - started) / all.length;
}

export function measureLintSpeed(): LintSpeed {
  const all = titles();
  const [first = ''] = all;
  const started = performance.now();
  judgeOutput(first);
  const firstCallMs = performance.now() - started;
  const firstPassMsPerTitle = pass(all, judgeOutput);
  const lint: number[] = [];
  const parse: number[] = [];
  // Alternate so both see the same machine load.
  for (let index = 0; index < WARM_PASSES; index += 1) {
    lint.push(pass(all, judgeOutput));
    parse.push(pass(all, (title) => nlp(title.toLowerCase()).docs));
  }
  const warm = median(lint);
  const bare = median(parse);
  return {
    titles: all.length,
    firstCallMs: round(firstCallMs, 1),
    firstPassMsPerTitle: round(firstPassMsPerTitle, 3),
    warmMsPerTitle: round(warm, 3),
    parseMsPerTitle: round(bare, 3),
    ratioToParse: round(warm / bare, 2),
    passes: WARM_PASSES,
  };
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  process.stdout.write(`${JSON.stringify(measureLintSpeed(), null, 2)}\n`);
}
