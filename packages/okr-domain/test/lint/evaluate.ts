// Measures the `kr-is-output` lint against the labelled KR titles beside this file: precision, recall and
// F1 for the `output` label, and the titles it got wrong. Pure (the caller reads the files), so the eval
// script and the unit test share one definition of the figures.
import { isOutputTitle } from '../../src/lint.js';

export type Label = 'output' | 'outcome';

export interface LabelledTitle {
  label: Label;
  field: string;
  title: string;
}

export interface Evaluation {
  size: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  precision: number;
  recall: number;
  f1: number;
  /** Outcomes flagged as outputs, then outputs that were missed. */
  misclassified: LabelledTitle[];
}

/** Reads the tab-separated data set: a header line, then `label<TAB>field<TAB>title` per line. */
export function parseLabelledTitles(tsv: string): LabelledTitle[] {
  const [, ...lines] = tsv.split(/\r?\n/).filter((line) => line.trim() !== '');
  return lines.map((line, index) => {
    const [label, field, title] = line.split('\t');
    if ((label !== 'output' && label !== 'outcome') || field === undefined || title === undefined) {
      throw new Error(`line ${index + 2} is not "label<TAB>field<TAB>title": ${line}`);
    }
    return { label, field, title };
  });
}

const ratio = (part: number, whole: number): number => (whole === 0 ? 0 : part / whole);

export function evaluate(
  titles: readonly LabelledTitle[],
  isOutput: (title: string) => boolean = isOutputTitle,
): Evaluation {
  const falsePositives: LabelledTitle[] = [];
  const falseNegatives: LabelledTitle[] = [];
  let truePositives = 0;
  for (const item of titles) {
    const flagged = isOutput(item.title);
    if (flagged && item.label === 'output') truePositives += 1;
    else if (flagged) falsePositives.push(item);
    else if (item.label === 'output') falseNegatives.push(item);
  }
  const precision = ratio(truePositives, truePositives + falsePositives.length);
  const recall = ratio(truePositives, truePositives + falseNegatives.length);
  return {
    size: titles.length,
    truePositives,
    falsePositives: falsePositives.length,
    falseNegatives: falseNegatives.length,
    precision,
    recall,
    f1: ratio(2 * precision * recall, precision + recall),
    misclassified: [...falsePositives, ...falseNegatives],
  };
}
