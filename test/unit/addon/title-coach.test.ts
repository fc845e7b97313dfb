// The sidebar's title coach says what the API's board says: for every labelled KR title, the same
// `kr-is-output` message and hint as lintObjective, and "outcome" exactly when the board has no finding.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { lintObjective } from '@okr-ledger/okr-domain';
import { describe, expect, it } from 'vitest';
import { coachTitle } from '../../../addon/src/core/title-coach.js';
import { parseLabelledTitles } from '../../../packages/okr-domain/test/lint/evaluate.js';
import { krDefinition, ObjectiveStream, objectiveDefinition } from '../domain/builders.js';

const DATA_DIR = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../packages/okr-domain/test/lint',
);
const titles = ['kr-titles.tuning.tsv', 'kr-titles.held-out.tsv'].flatMap((file) =>
  parseLabelledTitles(readFileSync(path.join(DATA_DIR, file), 'utf8')).map((item) => item.title),
);

function boardFinding(title: string) {
  const objective = new ObjectiveStream('obj_coached0001', objectiveDefinition())
    .addKeyResult('kr_coached0001', krDefinition({ title }))
    .state();
  return lintObjective(objective).find((finding) => finding.rule === 'kr-is-output') ?? null;
}

describe('coachTitle', () => {
  it('gives the board’s kr-is-output verdict, message and hint for every labelled title', () => {
    // Act
    const mismatches = titles.filter((title) => {
      const coaching = coachTitle(title);
      const finding = boardFinding(title);
      return finding === null
        ? coaching.state !== 'outcome'
        : coaching.state !== 'output' ||
            coaching.verdict !== finding.message ||
            coaching.hint !== finding.hint;
    });

    // Assess
    expect(titles.length).toBeGreaterThanOrEqual(400);
    expect(mismatches).toEqual([]);
  });

  it('says nothing about an empty title', () => {
    expect(coachTitle('  ')).toEqual({ state: 'empty', verdict: '', hint: '' });
  });
});
