// The attention list of a cycle, built from its board: the live KRs due for a check-in or behind pace (the
// domain's rules, docs/attention.md), with what a nudge needs to say, and the KRs whose linked value could
// not be read. One builder for everything that nudges: the attention route and the weekly digest.
import type {
  AttentionItem,
  AttentionResponse,
  Board,
  FailingLink,
  KeyResultView,
} from '@okr-ledger/api-contract';
import { type AttentionFacts, expectedProgress, keyResultAttention } from '@okr-ledger/okr-domain';

/** The board view says what the rules need: a confidence it marks as set is the latest check-in's. */
const factsOf = (kr: KeyResultView): AttentionFacts => ({
  score: kr.score,
  lastCheckInAt: kr.lastCheckInAt,
  lastConfidence: kr.confidenceSource === 'set' ? kr.confidence : null,
});

function itemsOf(board: Board, now: string, cadenceDays: number): AttentionItem[] {
  return board.objectives
    .filter((objective) => !objective.archived)
    .flatMap((objective) =>
      objective.keyResults
        .filter((kr) => !kr.removed)
        .map((kr) => ({
          objective,
          kr,
          verdict: keyResultAttention(board.cycle, factsOf(kr), { now, cadenceDays }),
        })),
    )
    .filter(({ verdict }) => verdict.due || verdict.behindPace)
    .map(({ objective, kr, verdict }) => ({
      objectiveId: objective.id,
      objectiveTitle: objective.title,
      keyResultId: kr.id,
      title: kr.title,
      owner: kr.owner ?? objective.owner,
      current: kr.current,
      done: kr.done,
      unit: kr.unit,
      score: kr.score,
      lastCheckInAt: kr.lastCheckInAt,
      confidence: kr.confidence,
      confidenceSource: kr.confidenceSource,
      daysSinceCheckIn: verdict.daysSinceCheckIn,
      due: verdict.due,
      behindPace: verdict.behindPace,
      reasons: verdict.reasons,
    }));
}

/**
 * Live KRs of live objectives whose linked cell gave no value at the last sync, in board order. The flag
 * stands until a value read from the link is recorded (see docs/attention.md, Failing links).
 */
function failingLinksOf(board: Board): FailingLink[] {
  return board.objectives
    .filter((objective) => !objective.archived)
    .flatMap((objective) =>
      objective.keyResults.flatMap((kr): FailingLink[] => {
        const failure = kr.linkFailure ?? null;
        const valueSource = kr.valueSource ?? null;
        return kr.removed || failure === null || valueSource === null
          ? []
          : [
              {
                objectiveId: objective.id,
                objectiveTitle: objective.title,
                keyResultId: kr.id,
                title: kr.title,
                owner: kr.owner ?? objective.owner,
                valueSource,
                problem: failure.problem,
                detail: failure.detail,
                since: failure.since,
                message: failure.message,
              },
            ];
      }),
    );
}

/** The attention list of a board at `now`, with the organization's cadence. */
export function attentionList(board: Board, now: string, cadenceDays: number): AttentionResponse {
  return {
    cycleId: board.cycle.id,
    asOf: now,
    cadenceDays,
    expectedProgress: expectedProgress(board.cycle, now),
    keyResults: itemsOf(board, now, cadenceDays),
    failingLinks: failingLinksOf(board),
  };
}
