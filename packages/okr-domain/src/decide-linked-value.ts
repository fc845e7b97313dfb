// The decisions of a KR's linked cell: a sync that read no value (empty, text, an error, unreadable)
// reports a failure, and one that reads a good value equal to the last check-in reports the link
// restored. Neither is a definition change. A report that would not change the flag records nothing, so
// every teammate's hourly trigger may report the same failure and the stream holds it once. Linking and
// unlinking themselves are `EditKeyResult` changes of `valueSource` (definition changes, with a reason
// mid-cycle). The rules and vectors are in docs/attention.md.
import type { ObjectiveCommand } from './commands.js';
import { accept, type Decision, domainError, reject } from './errors.js';
import type { ObjectiveEvent } from './events.js';
import type { CycleState, KeyResultState, LinkFailure, ObjectiveState } from './model.js';

type LinkCommand = Extract<
  ObjectiveCommand,
  { type: 'ReportLinkedValueFailure' } | { type: 'ReportLinkedValueRestored' }
>;

/** The KR must be live, linked, and its cycle not closed (a closed cycle takes no measurement at all). */
function linkedKeyResult(
  command: LinkCommand,
  state: ObjectiveState,
  cycle: CycleState,
): KeyResultState | ReturnType<typeof domainError> {
  const keyResult = state.keyResults.find((kr) => kr.id === command.keyResultId);
  if (keyResult === undefined) {
    return domainError(
      'unknown_key_result',
      `key result ${command.keyResultId} is not part of this objective`,
      ['keyResultId'],
    );
  }
  if (keyResult.removed) {
    return domainError('key_result_removed', `key result ${command.keyResultId} was removed`, [
      'keyResultId',
    ]);
  }
  if (cycle.status === 'closed') {
    return domainError('cycle_closed', `cycle ${cycle.id} is closed: its linked cells are no longer read`);
  }
  if ((keyResult.definition.valueSource ?? null) === null) {
    return domainError('not_linked', `key result ${keyResult.id} is not linked to a cell`, ['keyResultId']);
  }
  return keyResult;
}

const isKeyResult = (value: object): value is KeyResultState => 'definition' in value;

/** True when the KR already carries this very failure, for this very link: nothing new to record. */
export function sameLinkFailure(
  current: LinkFailure | null | undefined,
  reported: Pick<LinkFailure, 'problem' | 'detail'>,
): boolean {
  return (
    current !== null &&
    current !== undefined &&
    current.problem === reported.problem &&
    current.detail === reported.detail
  );
}

export function decideLinkedValue(
  command: LinkCommand,
  state: ObjectiveState,
  cycle: CycleState,
): Decision<ObjectiveEvent> {
  const keyResult = linkedKeyResult(command, state, cycle);
  if (!isKeyResult(keyResult)) return reject(keyResult);
  const valueSource = keyResult.definition.valueSource;
  if (valueSource === null) return reject('not_linked', `key result ${keyResult.id} is not linked`);
  if (command.type === 'ReportLinkedValueRestored') {
    if (!keyResult.linkFailure) return accept();
    return accept({
      type: 'LinkedValueRestored',
      data: { objectiveId: state.id, keyResultId: keyResult.id },
    });
  }
  const detail = command.detail.trim();
  if (sameLinkFailure(keyResult.linkFailure, { problem: command.problem, detail })) return accept();
  return accept({
    type: 'LinkedValueFailed',
    data: {
      objectiveId: state.id,
      keyResultId: keyResult.id,
      problem: command.problem,
      detail,
      valueSource,
    },
  });
}
