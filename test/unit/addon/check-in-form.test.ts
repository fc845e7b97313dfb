// The sidebar's check-in form: what the page and the server accept, and the request it becomes.
import { describe, expect, it } from 'vitest';
import {
  type CheckInForm,
  coerceForm,
  keyForSubmission,
  offsetText,
  validateCheckInForm,
} from '../../../addon/src/core/check-in-form.js';

function form(overrides: Partial<CheckInForm> = {}): CheckInForm {
  return {
    keyResultId: 'kr_adoption01',
    type: 'increase',
    value: '62',
    done: false,
    milestonesDone: [],
    confidence: '',
    note: '',
    effectiveDate: '2026-11-20',
    today: '2026-11-20',
    utcOffsetMinutes: 60,
    idempotencyKey: 'key-0123456789abcdef',
    ...overrides,
  };
}

describe('validating a check-in form', () => {
  it('turns a valid form into the request, dated today when the effective date is today', () => {
    expect(validateCheckInForm(form({ confidence: 'on_track', note: 'steady' }), '2026-11-20')).toEqual({
      ok: true,
      value: {
        keyResultId: 'kr_adoption01',
        idempotencyKey: 'key-0123456789abcdef',
        request: {
          commandId: 'key-0123456789abcdef',
          value: 62,
          confidence: 'on_track',
          note: 'steady',
        },
      },
    });
  });

  it('dates a past check-in at noon of that day where the person is', () => {
    const result = validateCheckInForm(
      form({ effectiveDate: '2026-11-02', utcOffsetMinutes: -300 }),
      '2026-11-20',
    );
    expect(result).toMatchObject({
      ok: true,
      value: { request: { effectiveAt: '2026-11-02T12:00:00-05:00' } },
    });
  });

  it.each([
    [{ value: '' }, 'value', 'Enter a value'],
    [{ value: 'abc' }, 'value', 'Value must be a number, got "abc"'],
    [{ note: 'x'.repeat(2001) }, 'note', 'Note must be at most 2000 characters (it has 2001)'],
    [{ effectiveDate: '2026-11-21' }, 'effectiveDate', 'Effective date cannot be after today (2026-11-20)'],
    [{ effectiveDate: '2026-02-30' }, 'effectiveDate', 'Effective date must be a date like 2026-11-20'],
    [{ effectiveDate: '' }, 'effectiveDate', 'Enter the date the value is true for'],
    [{ confidence: 'great' }, 'confidence', 'Confidence must be on track, at risk or off track'],
    [{ idempotencyKey: 'short' }, 'form', expect.stringMatching(/out of date/)],
  ])('refuses %j', (overrides, field, message) => {
    expect(validateCheckInForm(form(overrides), '2026-11-20')).toEqual({
      ok: false,
      errors: [{ field, message }],
    });
  });

  it('accepts exactly 2,000 characters of note', () => {
    expect(validateCheckInForm(form({ note: 'x'.repeat(2000) }), '2026-11-20').ok).toBe(true);
  });

  it('uses milestones or a done flag instead of a value, by key result type', () => {
    expect(validateCheckInForm(form({ type: 'binary', value: '', done: true }), '2026-11-20')).toMatchObject({
      ok: true,
      value: { request: { done: true } },
    });
    const milestones = validateCheckInForm(
      form({ type: 'milestone', value: '', milestonesDone: ['ms_first0001', 'ms_first0001'] }),
      '2026-11-20',
      ['ms_first0001', 'ms_second001'],
    );
    expect(milestones).toMatchObject({ ok: true, value: { request: { milestonesDone: ['ms_first0001'] } } });
    expect(
      validateCheckInForm(form({ type: 'milestone', milestonesDone: ['ms_other0001'] }), '2026-11-20', [
        'ms_first0001',
      ]),
    ).toMatchObject({ ok: false, errors: [{ field: 'milestones' }] });
  });

  it('trusts the page’s today only up to the latest date on Earth', () => {
    expect(
      validateCheckInForm(form({ today: '2026-11-25', effectiveDate: '2026-11-24' }), '2026-11-21'),
    ).toMatchObject({
      ok: false,
      errors: [{ field: 'effectiveDate', message: 'Effective date cannot be after today (2026-11-21)' }],
    });
  });

  it('makes a form of whatever crossed google.script.run, with safe defaults', () => {
    expect(coerceForm({ keyResultId: 7, value: '3', done: 'yes', type: 'binary' })).toMatchObject({
      keyResultId: '',
      value: '3',
      done: false,
      type: 'binary',
      milestonesDone: [],
    });
    expect(coerceForm(null).type).toBe('increase');
  });

  it('writes offsets as ±HH:MM', () => {
    expect(offsetText(60)).toBe('+01:00');
    expect(offsetText(-570)).toBe('-09:30');
    expect(offsetText(0)).toBe('+00:00');
  });
});

describe('the idempotency key of a submission', () => {
  const sent = (overrides: Partial<CheckInForm> = {}) => form({ value: '62', ...overrides });
  let counter = 0;
  const mint = () => {
    counter += 1;
    return `key-${counter}`;
  };

  it('reuses the key for an unchanged retry, whatever the browser clock says', () => {
    const first = keyForSubmission(sent(), null, mint);

    const retry = keyForSubmission(sent({ today: '2026-11-21', utcOffsetMinutes: 60 }), first, mint);

    expect(retry.key).toBe(first.key);
  });

  it('mints a new key when the value, confidence, note, date, milestones or KR change', () => {
    const first = keyForSubmission(sent(), null, mint);
    const changes: Partial<CheckInForm>[] = [
      { value: '63' },
      { confidence: 'at_risk' },
      { note: 'corrected' },
      { effectiveDate: '2026-11-19' },
      { milestonesDone: ['ms_first0001'] },
      { keyResultId: 'kr_other0001' },
      { done: true },
    ];

    const keys = changes.map((change) => keyForSubmission(sent(change), first, mint).key);

    expect(new Set([first.key, ...keys]).size).toBe(changes.length + 1);
  });
});
