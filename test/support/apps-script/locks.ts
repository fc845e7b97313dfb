// Owns LockService. There is one execution (the code under test); "another execution" is played by the
// test through the lock's control (`env.locks.document.holdByOther()`). Time is virtual: tryLock/waitLock
// never sleep — they succeed at once if the other execution lets go within the timeout (releaseAfterMs),
// and fail otherwise — so contention tests run instantly and deterministically. When two people run the
// add-on in one document (openAsAnotherUser), the document lock is theirs to share: a lock one person's
// script holds is held by "another execution" for the other's.
import type { Execution } from './execution.js';

export type LockScope = 'document' | 'script' | 'user';

export interface LockEvent {
  action: 'tryLock' | 'waitLock' | 'releaseLock';
  timeoutMs: number | null;
  acquired: boolean;
}

export class LockControl {
  holder: 'nobody' | 'this execution' | 'another execution' = 'nobody';
  /** Whose script holds it, when one of the document's people does. */
  private owner: unknown = null;
  private otherReleasesAfterMs: number | null = null;
  readonly events: LockEvent[] = [];

  /** Another execution takes the lock; it lets go `releaseAfterMs` after someone starts waiting, or never. */
  holdByOther(options: { releaseAfterMs?: number } = {}): void {
    this.holder = 'another execution';
    this.otherReleasesAfterMs = options.releaseAfterMs ?? null;
  }

  releaseByOther(): void {
    if (this.holder === 'another execution') this.holder = 'nobody';
    this.otherReleasesAfterMs = null;
  }

  /** Internal: `owner` is the person whose script asks. */
  acquire(timeoutMs: number, owner: unknown): boolean {
    // Another person's script that holds it lets go only when it releases: tests run scripts one by one.
    if (this.holder === 'this execution' && this.owner !== owner) return false;
    if (this.holder === 'another execution') {
      if (this.otherReleasesAfterMs === null || this.otherReleasesAfterMs > timeoutMs) return false;
      this.otherReleasesAfterMs = null;
    }
    this.holder = 'this execution';
    this.owner = owner;
    return true;
  }

  /** Internal. */
  heldBy(owner: unknown): boolean {
    return this.holder === 'this execution' && this.owner === owner;
  }

  /** Internal. */
  release(owner: unknown): void {
    if (this.heldBy(owner)) {
      this.holder = 'nobody';
      this.owner = null;
    }
  }
}

export class FakeLock {
  constructor(
    private readonly execution: Execution,
    private readonly control: LockControl,
  ) {}

  private checkTimeout(timeoutInMillis: unknown): number {
    if (typeof timeoutInMillis !== 'number' || !Number.isFinite(timeoutInMillis) || timeoutInMillis < 0) {
      throw this.execution.exception('Invalid argument: timeoutInMillis');
    }
    return timeoutInMillis;
  }

  tryLock(timeoutInMillis: number): boolean {
    const timeoutMs = this.checkTimeout(timeoutInMillis);
    const acquired = this.control.acquire(timeoutMs, this.execution.current);
    this.control.events.push({ action: 'tryLock', timeoutMs, acquired });
    return acquired;
  }

  waitLock(timeoutInMillis: number): void {
    const timeoutMs = this.checkTimeout(timeoutInMillis);
    const acquired = this.control.acquire(timeoutMs, this.execution.current);
    this.control.events.push({ action: 'waitLock', timeoutMs, acquired });
    if (!acquired)
      throw this.execution.exception('Lock timeout: another process was holding the lock for too long.');
  }

  releaseLock(): void {
    this.control.release(this.execution.current);
    this.control.events.push({ action: 'releaseLock', timeoutMs: null, acquired: false });
  }

  hasLock(): boolean {
    return this.control.heldBy(this.execution.current);
  }
}

export function createLockService(execution: Execution, controls: Record<LockScope, LockControl>) {
  return {
    getDocumentLock: () => new FakeLock(execution, controls.document),
    getScriptLock: () => new FakeLock(execution, controls.script),
    getUserLock: () => new FakeLock(execution, controls.user),
  };
}
