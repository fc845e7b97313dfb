// The check-in sidebar in headless Chromium: the built Sidebar.html with a stubbed google.script.run
// injected before the page's own script. Checks the form per KR type, the validation messages, the
// payload a submit sends, and how a server error is shown; saves a screenshot for the README.
import { copyFile, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outputFinding } from '@okr-ledger/okr-domain';
import { buildSidebar } from '../../addon/build.js';
import type { CheckInContext, CheckInForm } from '../../addon/src/core/check-in-form.js';
import {
  describeFailure,
  type Failure,
  failureFromException,
  failureFromResponse,
} from '../../addon/src/core/failures.js';
import { CHROMIUM_ARGS, chromiumBinary } from '../support/chromium.js';

interface StubConfig {
  context: CheckInContext | null;
  loadError?: string;
  submitResult?: { message: string };
  submitError?: string;
}

interface RecordedCall {
  name: 'loadCheckInContext' | 'submitCheckIn';
  form?: CheckInForm;
}

const increase: CheckInContext = {
  cycleId: '2026-Q4',
  objectiveId: 'obj_growth001',
  objectiveTitle: 'Delight customers',
  keyResultId: 'kr_adoption01',
  title: 'Raise week-2 adoption',
  type: 'increase',
  unit: '%',
  start: 41,
  target: 75,
  threshold: null,
  current: 58,
  done: null,
  milestones: [],
  confidence: 'on_track',
  lastCheckInAt: '2026-11-02T09:00:00.000Z',
  lastNote: 'steady',
};

/** Runs in the page before its own script: google.script.run answering from `config`, calls recorded. */
function installStub(config: StubConfig): void {
  const calls: RecordedCall[] = [];
  const page = globalThis as unknown as { __calls: RecordedCall[]; google: unknown };
  page.__calls = calls;
  type Handler = (value: unknown) => void;
  const runner = (success: Handler, failure: Handler): unknown => ({
    withSuccessHandler: (handler: Handler) => runner(handler, failure),
    withFailureHandler: (handler: Handler) => runner(success, handler),
    loadCheckInContext: () => {
      calls.push({ name: 'loadCheckInContext' });
      setTimeout(
        () => (config.loadError ? failure(new Error(config.loadError)) : success(config.context)),
        0,
      );
    },
    submitCheckIn: (form: CheckInForm) => {
      calls.push({ name: 'submitCheckIn', form });
      setTimeout(
        () => (config.submitError ? failure(new Error(config.submitError)) : success(config.submitResult)),
        0,
      );
    },
  });
  page.google = {
    script: {
      run: runner(
        () => undefined,
        () => undefined,
      ),
    },
  };
}

let browser: Browser;
let sidebarUrl = '';

beforeAll(async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'okr-sidebar-'));
  const file = path.join(dir, 'Sidebar.html');
  await writeFile(file, await buildSidebar());
  sidebarUrl = pathToFileURL(file).href;
  const binary = await chromiumBinary();
  browser = await chromium.launch({ executablePath: binary.executablePath, args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await browser?.close();
});

async function open(config: StubConfig): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 300, height: 720 } });
  await page.addInitScript(installStub, config);
  await page.goto(sidebarUrl);
  return page;
}

async function calls(page: Page): Promise<RecordedCall[]> {
  return page.evaluate(() => (globalThis as unknown as { __calls: RecordedCall[] }).__calls);
}

async function localToday(page: Page, offsetDays = 0): Promise<string> {
  return page.evaluate((days) => {
    const date = new Date();
    date.setDate(date.getDate() + days);
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  }, offsetDays);
}

describe('the check-in sidebar', () => {
  it('shows the selected key result and a value field, dated today', async () => {
    // Act
    const page = await open({ context: increase });

    // Assess
    await expect.poll(() => page.locator('#title').textContent()).toBe('Raise week-2 adoption');
    expect(await page.locator('#objective').textContent()).toBe('Delight customers');
    expect(await page.locator('#summary').textContent()).toBe(
      'increase from 41 to 75% · now 58% · last check-in 2026-11-02',
    );
    expect(await page.locator('#value-label').textContent()).toBe('Value (%)');
    expect(await page.locator('#value-field').isVisible()).toBe(true);
    expect(await page.locator('#done-field').isVisible()).toBe(false);
    expect(await page.locator('#confidence').inputValue()).toBe('on_track');
    expect(await page.locator('#effective-date').inputValue()).toBe(await localToday(page));
    await page.close();
  });

  it('explains what is wrong, field by field, and sends nothing', async () => {
    // Prepare
    const page = await open({ context: increase });
    await page.locator('#check-in').waitFor();

    // Act: nothing typed
    await page.locator('#submit').click();

    // Assess
    expect(await page.locator('#value-error').textContent()).toBe('Enter a value');
    expect(await page.locator('#value').getAttribute('aria-invalid')).toBe('true');

    // Act: text, a long note, a date after today
    await page.locator('#value').fill('abc');
    await page.locator('#note').fill('n'.repeat(2001));
    await page.locator('#effective-date').fill(await localToday(page, 1));
    await page.locator('#submit').click();

    // Assess
    expect(await page.locator('#value-error').textContent()).toBe('Value must be a number, got "abc"');
    expect(await page.locator('#note-error').textContent()).toBe(
      'Note must be at most 2000 characters (it has 2001)',
    );
    expect(await page.locator('#note-count').textContent()).toBe('2001 / 2000');
    expect(await page.locator('#effectiveDate-error').textContent()).toBe(
      `Effective date cannot be after today (${await localToday(page)})`,
    );
    expect((await calls(page)).map((call) => call.name)).toEqual(['loadCheckInContext']);

    // Act: fixing the value clears its message as the person types
    await page.locator('#value').fill('61.5');
    expect(await page.locator('#value-error').textContent()).toBe('');

    await mkdir('test-artifacts', { recursive: true });
    await page.screenshot({ path: 'test-artifacts/sidebar-validation.png', fullPage: true });
    await page.close();
  });

  it('submits the form through google.script.run and shows the answer', async () => {
    // Prepare
    const page = await open({
      context: increase,
      submitResult: { message: 'Checked in “Raise week-2 adoption”.' },
    });
    await page.locator('#check-in').waitFor();
    const yesterday = await localToday(page, -1);

    // Act
    await page.locator('#value').fill('62');
    await page.locator('#confidence').selectOption('at_risk');
    await page.locator('#note').fill('Cohort 3 converted');
    await page.locator('#effective-date').fill(yesterday);
    await page.locator('#effective-date').blur();
    await page.screenshot({ path: 'test-artifacts/sidebar.png', fullPage: true });
    await page.locator('#submit').click();

    // Assess
    await expect
      .poll(() => page.locator('#status').textContent())
      .toBe('Checked in “Raise week-2 adoption”.');
    const submitted = (await calls(page)).filter((call) => call.name === 'submitCheckIn');
    expect(submitted).toHaveLength(1);
    expect(submitted[0]?.form).toEqual({
      keyResultId: 'kr_adoption01',
      type: 'increase',
      value: '62',
      done: false,
      milestonesDone: [],
      confidence: 'at_risk',
      note: 'Cohort 3 converted',
      effectiveDate: yesterday,
      today: await localToday(page),
      utcOffsetMinutes: expect.any(Number),
      idempotencyKey: expect.stringMatching(/^[A-Za-z0-9_-]{32}$/),
    });
    expect(await page.locator('#note').inputValue()).toBe('');
    expect((await calls(page)).map((call) => call.name)).toEqual([
      'loadCheckInContext',
      'submitCheckIn',
      'loadCheckInContext',
    ]);
    // The README's picture is refreshed on request only, so a test run never dirties the work tree.
    if (process.env.UPDATE_DOCS_SCREENSHOTS === '1') {
      await mkdir('docs', { recursive: true });
      await copyFile('test-artifacts/sidebar.png', 'docs/sidebar.png');
    }
    await page.close();
  });

  it('shows a server error plainly and keeps the form for another try with the same key', async () => {
    // Prepare
    const error =
      'Server unreachable: The OKR Ledger API did not answer properly. Check your connection and try again in a few minutes; your sheet edits are kept.';
    const page = await open({ context: increase, submitError: error });
    await page.locator('#check-in').waitFor();
    await page.locator('#value').fill('62');

    // Act
    await page.locator('#submit').click();
    await page.locator('#failure').waitFor();
    await page.locator('#submit').click();

    // Assess
    await expect.poll(() => page.locator('#failure').textContent()).toBe(error);
    expect(await page.locator('#submit').isEnabled()).toBe(true);
    expect(await page.locator('#value').inputValue()).toBe('62');
    const keys = (await calls(page)).flatMap((call) =>
      call.form === undefined ? [] : [call.form.idempotencyKey],
    );
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBe(keys[1]);
    await page.close();
  });

  it('shows each kind of failure in the words the add-on chose, keeping the form', async () => {
    // The sidebar receives what the add-on's sidebarCall throws: "<title>: <message>".
    const shown = (f: Failure) => {
      const { title, message } = describeFailure(f);
      return `${title}: ${message}`;
    };
    const failures = [
      failureFromResponse(401, { title: 'Not signed in', detail: 'The token has expired.' }),
      failureFromResponse(404, {
        title: 'Not found',
        detail: "There is no organization 'acme' that you are a member of.",
      }),
      failureFromResponse(422, { title: 'Domain rule broken', detail: 'The cycle 2026-Q4 is closed.' }),
      failureFromException('Exception: Service invoked too many times for one day: urlfetch.'),
      failureFromException(
        'Exception: Timeout: https://okr.example.com/v1/orgs/acme/key-results/kr_x/check-ins',
      ),
      failureFromException('Exception: Address unavailable: https://okr.example.com/v1'),
    ].map(shown);

    for (const [index, error] of failures.entries()) {
      const page = await open({ context: increase, submitError: error });
      await page.locator('#check-in').waitFor();
      await page.locator('#value').fill('62');
      await page.locator('#submit').click();
      await expect.poll(() => page.locator('#failure').textContent()).toBe(error);
      expect(await page.locator('#value').inputValue()).toBe('62');
      if (index === 2) {
        await page.screenshot({ path: 'test-artifacts/sidebar-refused.png', fullPage: true });
        if (process.env.UPDATE_DOCS_SCREENSHOTS === '1')
          await copyFile('test-artifacts/sidebar-refused.png', 'docs/sidebar-refused.png');
      }
      await page.close();
    }
    expect(failures.map((text) => text.split(':')[0])).toEqual([
      'Sign-in expired or refused',
      'Not a member',
      'Not accepted',
      'Daily quota used up',
      'No answer in time',
      'Server unreachable',
    ]);
  });

  it('mints a new key when the person corrects the value after a failed submit', async () => {
    // Prepare: the first try fails; the person then fixes the value, the confidence, then the note
    const page = await open({ context: increase, submitError: 'Not accepted: try again' });
    await page.locator('#check-in').waitFor();
    await page.locator('#value').fill('62');
    const submitAndWait = async () => {
      const before = (await calls(page)).length;
      await page.locator('#submit').click();
      await expect.poll(async () => (await calls(page)).length).toBe(before + 1);
    };

    // Act
    await submitAndWait();
    await page.locator('#value').fill('63');
    await submitAndWait();
    await submitAndWait(); // an unchanged retry
    await page.locator('#confidence').selectOption('at_risk');
    await submitAndWait();
    await page.locator('#note').fill('corrected');
    await submitAndWait();

    // Assess: each change a new key, the unchanged retry the same one
    const forms = (await calls(page)).flatMap((call) => (call.form === undefined ? [] : [call.form]));
    expect(forms.map((form) => form.value)).toEqual(['62', '63', '63', '63', '63']);
    const [first, corrected, retried, confidence, note] = forms.map((form) => form.idempotencyKey);
    expect(new Set([first, corrected, confidence, note]).size).toBe(4);
    expect(retried).toBe(corrected);
    await page.close();
  });

  it('offers milestones or a done box instead of a value, by key result type', async () => {
    // Prepare
    const milestone: CheckInContext = {
      ...increase,
      keyResultId: 'kr_mstone001',
      title: 'Pricing page',
      type: 'milestone',
      unit: '',
      current: null,
      milestones: [
        { id: 'ms_first0001', title: 'Draft', done: true },
        { id: 'ms_second001', title: 'Review', done: false },
      ],
    };
    const page = await open({ context: milestone, submitResult: { message: 'ok' } });
    await page.locator('#check-in').waitFor();

    // Act
    await page.getByLabel('Review').check();
    await page.locator('#submit').click();

    // Assess
    expect(await page.locator('#value-field').isVisible()).toBe(false);
    expect(await page.locator('#summary').textContent()).toBe(
      '1 of 2 milestones done · last check-in 2026-11-02',
    );
    await expect
      .poll(
        async () => (await calls(page)).find((call) => call.name === 'submitCheckIn')?.form?.milestonesDone,
      )
      .toEqual(['ms_first0001', 'ms_second001']);
    await page.close();

    const binary = await open({
      context: { ...increase, type: 'binary', done: false, current: null },
      submitResult: { message: 'ok' },
    });
    await binary.locator('#check-in').waitFor();
    expect(await binary.locator('#done-field').isVisible()).toBe(true);
    expect(await binary.locator('#value-field').isVisible()).toBe(false);
    await binary.locator('#done').check();
    await binary.locator('#submit').click();
    await expect
      .poll(async () => (await calls(binary)).find((call) => call.name === 'submitCheckIn')?.form?.done)
      .toBe(true);
    await binary.close();
  });

  it('coaches the key result title as it is typed, with the board’s kr-is-output words', async () => {
    // Prepare
    const page = await open({ context: increase });
    await page.locator('#coach').waitFor();
    const output = 'Payroll system upgrade 60% finished';

    // Assess: the selected KR's own title reads as an outcome
    expect(await page.locator('#kr-title').inputValue()).toBe('Raise week-2 adoption');
    expect(await page.locator('#coach-verdict').textContent()).toBe(
      'Reads as an outcome: it measures a change, not the work.',
    );

    // Act
    await page.locator('#kr-title').fill(output);

    // Assess
    expect(await page.locator('#coach-verdict').textContent()).toBe(outputFinding(output)?.message);
    expect(await page.locator('#coach-hint').textContent()).toBe(outputFinding(output)?.hint);
    await page.close();
  });

  it('says what to do when no key result is selected', async () => {
    const page = await open({
      context: null,
      loadError: 'Select a key result row in an “OKRs <cycle>” sheet, then choose Check in again.',
    });
    await page.locator('#failure').waitFor();
    expect(await page.locator('#failure').textContent()).toBe(
      'Select a key result row in an “OKRs <cycle>” sheet, then choose Check in again.',
    );
    expect(await page.locator('#check-in').isVisible()).toBe(false);
    await page.close();
  });
});
