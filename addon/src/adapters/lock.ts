/// <reference types="google-apps-script" />
// Owns the document lock around pull, push and check-in refreshes: two people syncing one spreadsheet at
// once would otherwise interleave their writes to the same sheets.
import { AddonError, failure } from '../core/failures.js';

type LockService = GoogleAppsScript.Lock.LockService;

const WAIT_MS = 10_000;

export function withDocumentLock<T>(locks: LockService, work: () => T): T {
  const lock = locks.getDocumentLock();
  // Outside a document (e.g. run from the script editor) there is nothing to share, so nothing to lock.
  if (lock === null) return work();
  if (!lock.tryLock(WAIT_MS)) throw new AddonError(failure('busy'));
  try {
    return work();
  } finally {
    lock.releaseLock();
  }
}
