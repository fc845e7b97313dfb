// Who is writing, and under which command id: the helpers every write route uses to call a decider.
import { randomUUID } from 'node:crypto';
import { CommandId, teamScopeOf, teamsOf } from '@okr-ledger/okr-domain';
import type { Writer } from '@okr-ledger/command-handling';
import type { ApiDependencies } from '../deps.js';
import { ValidationError } from '../errors.js';
import { type ApiContext, callerOf } from './env.js';

export const IDEMPOTENCY_HEADER = 'idempotency-key';

export function writerOf(c: ApiContext, deps: ApiDependencies): Writer {
  const caller = callerOf(c);
  // A team-scoped editor's reach goes with every write, so each command is checked by its decider.
  const scope = teamScopeOf(caller.member, caller.organization);
  return {
    store: deps.store,
    org: caller.organizationId,
    actor: caller.actor,
    role: caller.role,
    clock: deps.clock,
    ...(scope === undefined ? {} : { scope }),
    teams: teamsOf(caller.organization),
  };
}

/**
 * The command id that makes a write idempotent: the `Idempotency-Key` header, else the body's `commandId`,
 * else a fresh one (the request is then not safely repeatable).
 */
export function commandIdOf(c: ApiContext, fromBody?: string): string {
  const header = c.req.header(IDEMPOTENCY_HEADER);
  if (header !== undefined) {
    const parsed = CommandId.safeParse(header);
    if (!parsed.success) {
      throw new ValidationError('The Idempotency-Key header is invalid.', [
        { path: 'header.idempotency-key', message: parsed.error.issues[0]?.message ?? 'invalid' },
      ]);
    }
    return parsed.data;
  }
  return fromBody ?? `srv-${randomUUID()}`;
}
