// The contract between a kind of stream and the one command handler: the commands it takes, how it
// decides and folds (its pure parts come from the domain), the ids its events claim, and the verdict the
// handler gives each command.
import type { EventLike, LookupEntry, StoredEvent } from '@okr-ledger/event-store';
import type { Decision, DomainError } from '@okr-ledger/okr-domain';

/** An id the events create: a look-up written only if no stream of the organization holds it yet. */
export interface IdClaim extends LookupEntry {
  /** The command field the id came from, for the `id_taken` rejection. */
  path: (string | number)[];
}

export interface Command {
  commandId: string;
  /** The stream version the sender saw; a command that names it is a conflict once the stream moved on. */
  expectedVersion?: number | undefined;
}

/** How a kind of stream decides and folds; the pure parts come from the domain. */
export interface Decider<S, E extends EventLike, C extends Command> {
  /** Version of the state shape stored on tips; tips written with another are refolded from the events. */
  snapshotSchemaVersion: number;
  decide(command: C, state: S | null): Decision<E>;
  evolve(state: S | null, event: StoredEvent<E>): S;
  fold(events: StoredEvent<E>[]): S | null;
  /** Ids the events create, claimed atomically with them. */
  claims?(events: E[]): IdClaim[];
  /** Look-ups written with the events, last writer wins. */
  lookups?(events: E[]): LookupEntry[];
  /** What the tip keeps of the state (only what `decide` needs); defaults to the whole state. */
  compact?(state: S): S;
  /** Whether deciding this command needs more of the state than the tip keeps: the stream is then folded. */
  needsFullState?(command: C, state: S | null): boolean;
}

export type Verdict<E extends EventLike> =
  | {
      status: 'applied';
      commandId: string;
      /** The events this command recorded now; empty on a replay. */
      events: StoredEvent<E>[];
      replayed: boolean;
      /** The stored answer of a replay, or the answer stored with this command now. */
      response?: Record<string, unknown>;
    }
  | { status: 'rejected'; commandId: string; error: DomainError }
  | { status: 'conflict'; commandId: string; expectedVersion: number; currentVersion: number }
  | { status: 'key_reused'; commandId: string; recordedStreamId: string };
