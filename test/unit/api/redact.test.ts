// Email addresses in log text become short hashes, plain or percent-encoded, case-insensitively.
import { describe, expect, it } from 'vitest';
import { hashEmail, redactEmails } from '../../../functions/api/src/http/redact.js';

describe('redactEmails', () => {
  it('hashes the lower-cased address to a 16-digit SHA-256 prefix', () => {
    expect(hashEmail('Ada@Acme.test')).toBe(hashEmail('ada@acme.test'));
    // sha256("ada@acme.test"), first 16 hex digits
    expect(hashEmail('ada@acme.test')).toMatch(/^email:[0-9a-f]{16}$/);
    expect(hashEmail('ada@acme.test')).not.toBe(hashEmail('bo@acme.test'));
  });

  it('replaces every address in a text, plain or percent-encoded, and leaves the rest', () => {
    // Act
    const text = redactEmails('/v1/orgs/acme/members/ada%40acme.test and bo.b+x@mail.acme.test bound');

    // Assess
    expect(text).toBe(
      `/v1/orgs/acme/members/${hashEmail('ada@acme.test')} and ${hashEmail('bo.b+x@mail.acme.test')} bound`,
    );
    expect(redactEmails('/v1/orgs/acme/cycles/2026-Q4/okrs')).toBe('/v1/orgs/acme/cycles/2026-Q4/okrs');
  });
});
