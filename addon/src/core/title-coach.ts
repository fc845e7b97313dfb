// Owns what the sidebar says about a Key Result title as it is typed: the domain's own `kr-is-output`
// finding (the words the API's board shows after a push), or that the title reads as an outcome.
// Imports the lint module alone, so the sidebar bundle carries the lint and not the rest of the domain.
import { outputFinding } from '@okr-ledger/okr-domain/lint-output';

export interface TitleCoaching {
  state: 'empty' | 'outcome' | 'output';
  verdict: string;
  hint: string;
}

export function coachTitle(title: string): TitleCoaching {
  if (title.trim() === '') return { state: 'empty', verdict: '', hint: '' };
  const finding = outputFinding(title);
  if (finding === null) {
    return {
      state: 'outcome',
      verdict: 'Reads as an outcome: it measures a change, not the work.',
      hint: '',
    };
  }
  return { state: 'output', verdict: finding.message, hint: finding.hint };
}
