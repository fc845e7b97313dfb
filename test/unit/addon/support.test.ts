// The small pieces around the core: failure messages, connection settings and URLs, ids that stay the
// same when a push is retried, and the menu. (The limits the add-on checks are the domain's own, imported.)
import { idPattern } from '@okr-ledger/okr-domain';
import { describe, expect, it } from 'vitest';
import { apiUrl, parseApiUrl, parseOrganization } from '../../../addon/src/core/connection.js';
import { planPush } from '../../../addon/src/core/diff.js';
import {
  AddonError,
  describeFailure,
  failure,
  failureFromException,
  failureFromResponse,
  toFailure,
} from '../../../addon/src/core/failures.js';
import { boardSignature, fingerprint, fingerprintIds } from '../../../addon/src/core/ids.js';
import { menuEntries } from '../../../addon/src/core/menu.js';
import { readEditingRows } from '../../../addon/src/core/read-sheet.js';
import { newRow, pulledGrid, rowOf, sampleBoard, setCell } from './fixtures.js';

describe('failures a person understands', () => {
  it.each([
    [401, 'unauthorized', 'Sign-in expired or refused'],
    [403, 'forbidden', 'No permission'],
    [404, 'not_found', 'Not found'],
    [409, 'conflict', 'Changed by someone else'],
    [412, 'conflict', 'Changed by someone else'],
    [413, 'too_large', 'Too much at once'],
    [422, 'invalid', 'Not accepted: T'],
    [429, 'quota', 'Too many requests'],
    [500, 'server_down', 'Server unreachable'],
    [503, 'server_down', 'Server unreachable'],
    [504, 'timeout', 'No answer in time'],
  ])('maps HTTP %i to %s', (status, kind, title) => {
    const f = failureFromResponse(status, { type: 'x', title: 'T', status, detail: 'the detail' });
    expect(f.kind).toBe(kind);
    expect(describeFailure(f).title).toBe(title);
    expect(describeFailure(f).message).toContain('The server said: the detail');
  });

  it('lists field errors of a refused request', () => {
    const f = failureFromResponse(422, {
      detail: 'a mid-cycle change needs a reason',
      errors: [{ path: 'reason', message: 'must not be empty' }],
    });
    expect(describeFailure(f).message).toContain('• reason: must not be empty');
  });

  it("keeps the problem's stable code, so code decides on it and not on the wording", () => {
    const reused = failureFromResponse(422, {
      code: 'idempotency_key_reused',
      detail: 'Idempotency-Key k1 was already used for a different request',
    });
    const plain = failureFromResponse(422, { detail: 'no code given' });
    expect(reused.code).toBe('idempotency_key_reused');
    expect(plain).not.toHaveProperty('code');
  });

  it('tells a quota exception from a network failure', () => {
    expect(
      failureFromException('Exception: Service invoked too many times for one day: urlfetch.').kind,
    ).toBe('quota');
    expect(failureFromException('Exception: Address unavailable: https://okr.example.com/v1').kind).toBe(
      'server_down',
    );
    expect(failureFromException('Exception: DNS error: https://okr.example.com').detail).toBe(
      'DNS error: https://okr.example.com',
    );
  });

  it('tells apart not connected, expired sign-in, not a member, refused, quota, timeout and server down', () => {
    const shown = [
      failure('not_connected'),
      failureFromResponse(401, { title: 'Not signed in', detail: 'The token has expired.' }),
      failureFromResponse(404, {
        title: 'Not found',
        detail: "There is no organization 'acme' that you are a member of.",
      }),
      failureFromResponse(422, { title: 'Domain rule broken', detail: 'The cycle is closed.' }),
      failureFromException('Exception: Service invoked too many times for one day: urlfetch.'),
      failureFromException('Exception: Timeout: https://okr.example.com/v1/orgs/acme/cycles'),
      failureFromException('Exception: Address unavailable: https://okr.example.com/v1'),
    ].map((f) => describeFailure(f));

    expect(shown.map((s) => s.title)).toEqual([
      'Not connected',
      'Sign-in expired or refused',
      'Not a member',
      'Not accepted: Domain rule broken',
      'Daily quota used up',
      'No answer in time',
      'Server unreachable',
    ]);
    expect(shown[1]?.message).toContain('Reload the spreadsheet');
    expect(shown[2]?.message).toContain('Ask an admin of the organization to add your email address');
    expect(shown[4]?.message).toContain(
      '20,000 for a consumer (gmail.com) account, 100,000 for a Google Workspace account',
    );
    expect(shown[5]?.message).toContain('trying again is safe');
    expect(shown[6]?.message).toContain('could not be reached');
  });

  it('keeps stack traces out of what is shown', () => {
    const error = new TypeError('x is undefined\n    at foo (Code.js:10:5)');
    const shown = describeFailure(toFailure(error));
    expect(shown.message).not.toContain('Code.js');
    expect(toFailure(new AddonError(failure('busy'))).kind).toBe('busy');
  });
});

describe('connection settings', () => {
  it('accepts https addresses (and localhost for development), trimming the slash', () => {
    expect(parseApiUrl(' https://okr.example.com/ ')).toEqual({ ok: true, value: 'https://okr.example.com' });
    expect(parseApiUrl('https://api.example.com/prod')).toEqual({
      ok: true,
      value: 'https://api.example.com/prod',
    });
    expect(parseApiUrl('http://localhost:8787')).toEqual({ ok: true, value: 'http://localhost:8787' });
    expect(parseApiUrl('http://okr.example.com')).toMatchObject({ ok: false });
    expect(parseOrganization(' Acme ')).toEqual({ ok: true, value: 'acme' });
    expect(parseOrganization('a')).toMatchObject({ ok: false });
  });

  it('builds URLs under the organization, encoding every part', () => {
    const connection = { apiUrl: 'https://okr.example.com', organizationId: 'acme' };
    expect(
      apiUrl(connection, '/cycles/2026-Q4/changes', { team: 'Growth EU', kind: undefined, from: '' }),
    ).toBe('https://okr.example.com/v1/orgs/acme/cycles/2026-Q4/changes?team=Growth%20EU');
  });
});

describe('ids of a push', () => {
  function edited() {
    const baseline = sampleBoard({ status: 'planning' });
    const values = pulledGrid(baseline);
    setCell(values, rowOf(values, 'kr_adoption01'), 'current', 64);
    setCell(values, rowOf(values, 'obj_quality01'), 'title', 'Be reliable');
    values.push(
      newRow({ kind: 'Key result', title: 'Same title', type: 'binary' }),
      newRow({ kind: 'Key result', title: 'Same title', type: 'binary' }),
    );
    return { baseline, values };
  }

  it('are the same when the same edits are pushed again over the same last pull', () => {
    // Prepare
    const { baseline, values } = edited();

    // Act
    const first = planPush(readEditingRows(values), baseline, {
      cycleStatus: 'planning',
      ids: fingerprintIds(baseline),
    });
    const again = planPush(readEditingRows(values), baseline, {
      cycleStatus: 'planning',
      ids: fingerprintIds(baseline),
    });

    // Assess
    expect(again.commands).toEqual(first.commands);
    const added = first.commands.filter((c) => c.command.type === 'AddKeyResult').map((c) => c.entityId);
    expect(new Set(added).size).toBe(2);
    for (const { command } of first.commands) {
      expect(command.commandId).toMatch(/^cmd_[a-z0-9]{14}$/);
      if (command.type === 'AddKeyResult') expect(command.keyResultId).toMatch(idPattern('kr'));
      if (command.type === 'RecordCheckIn') expect(command.checkInId).toMatch(idPattern('chk'));
    }
  });

  it('change once the last pull changed', () => {
    const { baseline, values } = edited();
    const later = {
      ...baseline,
      objectives: baseline.objectives.map((o) => ({ ...o, version: o.version + 1 })),
    };
    expect(boardSignature(later)).not.toBe(boardSignature(baseline));
    const first = planPush(readEditingRows(values), baseline, {
      cycleStatus: 'planning',
      ids: fingerprintIds(baseline),
    });
    const second = planPush(readEditingRows(values), later, {
      cycleStatus: 'planning',
      ids: fingerprintIds(later),
    });
    const ids = (plan: typeof first) => plan.commands.map((c) => c.command.commandId);
    expect(ids(second).some((id) => ids(first).includes(id))).toBe(false);
  });

  it('spread well', () => {
    const prints = new Set(Array.from({ length: 5_000 }, (_, i) => fingerprint(`row:${i}`)));
    expect(prints.size).toBe(5_000);
  });
});

describe('the menu', () => {
  it('offers Close cycle to admins only', () => {
    const captions = (role: Parameters<typeof menuEntries>[0]) =>
      menuEntries(role).flatMap((entry) => (entry === 'separator' ? [] : [entry.caption]));
    expect(captions('admin')).toContain('Close cycle…');
    expect(captions('editor')).not.toContain('Close cycle…');
    expect(captions(null)).not.toContain('Close cycle…');
  });
});
