// `npm run lint-eval`: how well `kr-is-output` tells outputs from outcomes on the labelled KR titles in
// packages/okr-domain/test/lint — precision, recall and F1 on the tuning part and on the held-out part,
// and every title it got wrong, with the reason it gave.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { outputReason } from '@okr-ledger/okr-domain';
import { type Evaluation, evaluate, parseLabelledTitles } from '../packages/okr-domain/test/lint/evaluate.js';

const DATA_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '../packages/okr-domain/test/lint');
const PARTS = [
  ['tuning', 'kr-titles.tuning.tsv'],
  ['held-out', 'kr-titles.held-out.tsv'],
] as const;

const figure = (value: number): string => value.toFixed(3);

function report(name: string, result: Evaluation): string[] {
  const lines = [
    `${name}: ${result.size} titles · output precision ${figure(result.precision)} · recall ${figure(result.recall)} · F1 ${figure(result.f1)} (TP ${result.truePositives}, FP ${result.falsePositives}, FN ${result.falseNegatives})`,
  ];
  for (const item of result.misclassified) {
    const reason = outputReason(item.title);
    const verdict = reason === null ? 'missed output' : `flagged outcome: ${reason}`;
    lines.push(`  [${item.field}] ${item.title}  — ${verdict}`);
  }
  return lines;
}

const lines = PARTS.flatMap(([name, file]) =>
  report(name, evaluate(parseLabelledTitles(readFileSync(path.join(DATA_DIR, file), 'utf8')))),
);
process.stdout.write(`${lines.join('\n')}\n`);
