// Owns LockService. There is one execution (the code under test); "another execution" is played by the
// test through the lock's control (`env.locks.document.holdByOther()`). Time is virtual: tryLock/waitLock
// never sleep — they succeed at once if the other execution lets go within the timeout (releaseAfterMs),
// and fail otherwise — so contention tests run instantly and deterministically.
import type { Execution } from './execution.js';

export type LockScope = 'document' | 'script' | 'user';

export interface LockEvent {
  action: 'tryLock' | 'waitLock' | 'releaseLock';
  timeoutMs: number | null;
  acquired: boolean;
}

export class LockControl {
  holder: 'nobody' | 'this execution' | 'another execution' = 'nobody';
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

  /** Internal. */
  acquire(timeoutMs: number): boolean {
    if (this.holder === 'another execution') {
      if (this.otherReleasesAfterMs === null || this.otherReleasesAfterMs > timeoutMs) return false;
      this.otherReleasesAfterMs = null;
    }
    this.holder = 'this execution';
    return true;
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
    const acquired = this.control.acquire(timeoutMs);
    this.control.events.push({ action: 'tryLock', timeoutMs, acquired });
    return acquired;
  }

  waitLock(timeoutInMillis: number): void {
    const timeoutMs = this.checkTimeout(timeoutInMillis);
    const acquired = this.control.acquire(timeoutMs);
    this.control.events.push({ action: 'waitLock', timeoutMs, acquired });
    if (!acquired)
      throw this.execution.exception('Lock timeout: another process was holding the lock for too long.');
  }

  releaseLock(): void {
    if (this.control.holder === 'this execution') this.control.holder = 'nobody';
    this.control.events.push({ action: 'releaseLock', timeoutMs: null, acquired: false });
  }

  hasLock(): boolean {
    return this.control.holder === 'this execution';
  }
}

export function createLockService(execution: Execution, controls: Record<LockScope, LockControl>) {
  return {
    getDocumentLock: () => new FakeLock(execution, controls.document),
    getScriptLock: () => new FakeLock(execution, controls.script),
    getUserLock: () => new FakeLock(execution, controls.user),
  };
}
