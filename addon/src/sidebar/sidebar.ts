// Owns the check-in sidebar's behaviour in the browser: shows the selected KR (value, milestones or a done
// box by type), validates as the person types with the same rules the server applies (required value,
// a number, note ≤ 2,000 characters, no date after today), submits through google.script.run and shows
// the outcome — or what went wrong — in plain words. It also coaches the KR's title as it is typed, with
// the domain's own output/outcome lint (bundled into the page, so no round trip per keystroke).
import {
  type CheckInContext,
  type CheckInForm,
  type FormError,
  type FormField,
  keyForSubmission,
  type SentKey,
  validateCheckInForm,
} from '../core/check-in-form.js';
import { isNumericType, label } from '../core/labels.js';
import { NOTE_MAX } from '../core/limits.js';
import { coachTitle } from '../core/title-coach.js';
import { element, type FormControl, page } from './page.js';

const FIELDS: readonly FormField[] = [
  'value',
  'done',
  'milestones',
  'confidence',
  'note',
  'effectiveDate',
  'form',
];
const CONTROL_OF: Partial<Record<FormField, string>> = {
  value: 'value',
  confidence: 'confidence',
  note: 'note',
  effectiveDate: 'effective-date',
};
const KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

let context: CheckInContext | null = null;
/** The key and payload of the last submission that did not succeed; null after a success. */
let lastSent: SentKey | null = null;
let submitted = false;
let milestoneInputs: { id: string; box: FormControl }[] = [];

/** One key per submission: a retry after a lost answer is recognised by the server, not recorded twice. */
function newKey(): string {
  const bytes = page.crypto.getRandomValues(new Uint8Array(32));
  return Array.from(bytes, (byte) => KEY_ALPHABET.charAt(byte % KEY_ALPHABET.length)).join('');
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

function localToday(): string {
  const now = new Date();
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

function errorMessage(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'message' in error) {
    const { message } = error as { message: unknown };
    if (typeof message === 'string' && message !== '') return message;
  }
  return typeof error === 'string' && error !== '' ? error : 'Something went wrong. Try again.';
}

function setStatus(text: string): void {
  element('status').textContent = text;
}

function showFailure(text: string | null): void {
  const failure = element('failure');
  failure.textContent = text ?? '';
  failure.hidden = text === null;
}

function unitSuffix(unit: string): string {
  return unit === '' ? '' : unit === '%' ? '%' : ` ${unit}`;
}

function summaryOf(kr: CheckInContext): string {
  const unit = unitSuffix(kr.unit);
  const last =
    kr.lastCheckInAt === null ? 'no check-in yet' : `last check-in ${kr.lastCheckInAt.slice(0, 10)}`;
  switch (kr.type) {
    case 'increase':
    case 'decrease':
      return `${label(kr.type)} from ${kr.start ?? '?'} to ${kr.target ?? '?'}${unit} · now ${kr.current ?? kr.start ?? '—'}${unit} · ${last}`;
    case 'stay_above':
    case 'stay_below':
      return `${label(kr.type)} ${kr.threshold ?? '?'}${unit} · now ${kr.current ?? '—'}${unit} · ${last}`;
    case 'milestone':
      return `${kr.milestones.filter((m) => m.done).length} of ${kr.milestones.length} milestones done · ${last}`;
    case 'binary':
      return `${kr.done === true ? 'done' : 'not done yet'} · ${last}`;
  }
}

function milestoneBoxes(kr: CheckInContext): FormControl[] {
  milestoneInputs = [];
  return kr.milestones.map((milestone) => {
    const row = page.document.createElement('label');
    row.className = 'check';
    const box = page.document.createElement('input');
    box.type = 'checkbox';
    box.checked = milestone.done;
    box.setAttribute('data-milestone', milestone.id);
    milestoneInputs.push({ id: milestone.id, box });
    row.appendChild(box);
    const text = page.document.createElement('span');
    text.textContent = milestone.title;
    row.appendChild(text);
    return row;
  });
}

function checkedMilestones(): string[] {
  return milestoneInputs.filter(({ box }) => box.checked).map(({ id }) => id);
}

/** The same `kr-is-output` verdict the API gives, as the title is typed. */
function coach(): void {
  const coaching = coachTitle(element('kr-title').value);
  const verdict = element('coach-verdict');
  verdict.textContent = coaching.verdict;
  verdict.classList.toggle('output', coaching.state === 'output');
  element('coach-hint').textContent = coaching.hint;
}

function show(kr: CheckInContext): void {
  context = kr;
  element('kr-title').value = kr.title;
  element('coach').hidden = false;
  coach();
  element('objective').textContent = kr.objectiveTitle;
  element('title').textContent = kr.title;
  element('summary').textContent = summaryOf(kr);
  const numeric = isNumericType(kr.type);
  element('value-field').hidden = !numeric;
  element('value-label').textContent = `Value${kr.unit === '' ? '' : ` (${kr.unit})`}`;
  element('value').value = '';
  element('value').setAttribute('placeholder', kr.current === null ? '' : `now ${kr.current}`);
  element('milestones-field').hidden = kr.type !== 'milestone';
  element('milestones').replaceChildren(...milestoneBoxes(kr));
  element('done-field').hidden = kr.type !== 'binary';
  element('done').checked = kr.done === true;
  element('confidence').value = kr.confidence ?? '';
  const today = localToday();
  element('effective-date').value = today;
  element('effective-date').max = today;
  element('check-in').hidden = false;
  submitted = false;
  showErrors([]);
  updateNoteCount();
}

function readForm(kr: CheckInContext): CheckInForm {
  return {
    keyResultId: kr.keyResultId,
    type: kr.type,
    value: element('value').value,
    done: element('done').checked,
    milestonesDone: kr.type === 'milestone' ? checkedMilestones() : [],
    confidence: element('confidence').value,
    note: element('note').value,
    effectiveDate: element('effective-date').value,
    today: localToday(),
    utcOffsetMinutes: -new Date().getTimezoneOffset(),
    idempotencyKey: '',
  };
}

function showErrors(errors: FormError[]): void {
  for (const field of FIELDS) {
    const message = errors.find((error) => error.field === field)?.message ?? '';
    element(`${field}-error`).textContent = message;
    const control = CONTROL_OF[field];
    if (control !== undefined) {
      element(control).classList.toggle('invalid', message !== '');
      if (message === '') element(control).removeAttribute('aria-invalid');
      else element(control).setAttribute('aria-invalid', 'true');
    }
  }
}

function validate(kr: CheckInContext): ReturnType<typeof validateCheckInForm> {
  // Validation needs a well-formed key; which key a submission gets is decided on submit.
  return validateCheckInForm(
    { ...readForm(kr), idempotencyKey: lastSent?.key ?? newKey() },
    localToday(),
    kr.milestones.map((m) => m.id),
  );
}

function updateNoteCount(): void {
  const length = element('note').value.length;
  const counter = element('note-count');
  counter.textContent = `${length} / ${NOTE_MAX}`;
  counter.classList.toggle('error', length > NOTE_MAX);
}

function load(): void {
  setStatus('');
  showFailure(null);
  page.google.script.run
    .withSuccessHandler((value) => show(value as CheckInContext))
    .withFailureHandler((error) => {
      element('title').textContent = 'No key result selected';
      element('check-in').hidden = true;
      showFailure(errorMessage(error));
    })
    .loadCheckInContext();
}

function submit(): void {
  const kr = context;
  if (kr === null) return;
  submitted = true;
  showFailure(null);
  setStatus('');
  const result = validate(kr);
  if (!result.ok) {
    showErrors(result.errors);
    const first = result.errors[0];
    const control = first === undefined ? undefined : CONTROL_OF[first.field];
    if (control !== undefined) element(control).focus();
    return;
  }
  showErrors([]);
  const sent = keyForSubmission(readForm(kr), lastSent, newKey);
  lastSent = sent;
  const button = element('submit');
  button.disabled = true;
  setStatus('Saving…');
  page.google.script.run
    .withSuccessHandler((value) => {
      button.disabled = false;
      element('note').value = '';
      updateNoteCount();
      lastSent = null;
      load();
      setStatus(errorMessage(value));
    })
    .withFailureHandler((error) => {
      button.disabled = false;
      setStatus('');
      showFailure(errorMessage(error));
    })
    .submitCheckIn({ ...readForm(kr), idempotencyKey: sent.key });
}

function start(): void {
  element('check-in').addEventListener('submit', (event) => {
    event.preventDefault();
    submit();
  });
  element('reload').addEventListener('click', () => load());
  element('note').addEventListener('input', updateNoteCount);
  element('kr-title').addEventListener('input', coach);
  for (const id of ['value', 'confidence', 'note', 'effective-date', 'done']) {
    element(id).addEventListener('input', () => {
      // Before the first submit, stay quiet; after it, errors follow the typing.
      if (submitted && context !== null) {
        const result = validate(context);
        showErrors(result.ok ? [] : result.errors);
      }
    });
  }
  load();
}

if (page.document.readyState === 'loading') page.document.addEventListener('DOMContentLoaded', start);
else start();
