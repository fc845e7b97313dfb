// The digest's CloudWatch metric names, imported by the stack's alarm and by the function, so both agree.
export const DIGEST_SERVICE_NAME = 'okr-ledger-digest';
/** One per delivery that failed after its retries, and per organization whose run failed. */
export const DIGEST_FAILURES_METRIC = 'DigestFailures';
/** One per email or webhook post that went out. */
export const DIGESTS_SENT_METRIC = 'DigestsSent';
