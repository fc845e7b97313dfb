// The quarter's dialogs in headless Chromium: the built NewCycleDialog, AsOfDialog, CompareDialog,
// CorrectionDialog and LinkCellDialog with a stubbed google.script.run. Each shows what the add-on loaded, sends what the
// person typed (instants converted from the person's local time), closes once done, and shows a failure in
// the add-on's words. Saves a screenshot of each (copied to docs/ with UPDATE_DOCS_SCREENSHOTS=1).
import { copyFile, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDialog, DIALOG_FILES, type DialogName } from '../../addon/build.js';
import { CHROMIUM_ARGS, chromiumBinary } from '../support/chromium.js';

interface Stub {
  /** What each loader answers (loadNewCycleDefaults, loadPastOptions, loadCorrectionContext). */
  loads: Record<string, unknown>;
  /** The failure the submitting call answers with, if any. */
  failure?: string;
}

function installStub(stub: Stub): void {
  const page = globalThis as unknown as { __sent: unknown[][]; __closed: boolean; google: unknown };
  page.__sent = [];
  page.__closed = false;
  type Handler = (value: unknown) => void;
  const runner = (success: Handler, failure: Handler): unknown =>
    new Proxy(
      {},
      {
        get(_target, name: string) {
          if (name === 'withSuccessHandler') return (handler: Handler) => runner(handler, failure);
          if (name === 'withFailureHandler') return (handler: Handler) => runner(success, handler);
          return (...args: unknown[]) => {
            if (name in stub.loads) {
              setTimeout(() => success(stub.loads[name]), 0);
              return;
            }
            page.__sent.push([name, ...args]);
            setTimeout(
              () => (stub.failure ? failure(new Error(stub.failure)) : success({ message: 'Done.' })),
              0,
            );
          };
        },
      },
    );
  page.google = {
    script: {
      run: runner(
        () => undefined,
        () => undefined,
      ),
      host: {
        close: () => {
          page.__closed = true;
        },
      },
    },
  };
}

const pastOptions = {
  cycles: [
    { id: '2026-Q3', label: 'Q3 2026 (2026-Q3) · closed', startsOn: '2026-07-01', endsOn: '2026-09-30' },
    { id: '2026-Q4', label: 'Q4 2026 (2026-Q4) · active', startsOn: '2026-10-01', endsOn: '2026-12-31' },
  ],
  preferredCycleId: '2026-Q4',
  now: '2026-11-20T09:30:00.000Z',
};

const loads: Record<DialogName, Record<string, unknown>> = {
  NewCycleDialog: {
    loadNewCycleDefaults: {
      cycleId: '2027-Q1',
      title: '2027-Q1',
      startsOn: '2027-01-01',
      endsOn: '2027-03-31',
      timeZone: 'Europe/Berlin',
      existing: ['2026-Q3', '2026-Q4'],
    },
  },
  AsOfDialog: { loadPastOptions: pastOptions },
  CompareDialog: { loadPastOptions: pastOptions },
  CorrectionDialog: {
    loadCorrectionContext: {
      keyResultId: 'kr_week2_adoption',
      checkInId: 'chk_0000000042',
      title: 'Raise week-2 adoption from 41% to 75%',
      type: 'increase',
      unit: '%',
      value: 58,
      done: null,
      note: 'Role-based paths live for half the accounts',
      effectiveAt: '2026-11-06T12:00:00.000Z',
      recordedBy: 'editor@example.com',
    },
  },
  LinkCellDialog: {
    loadLinkCellContext: {
      cycleId: '2026-Q4',
      keyResultId: 'kr_week2_adoption',
      title: 'Raise week-2 adoption from 41% to 75%',
      reasonRequired: true,
      current: null,
      selected: {
        reference: "'OKRs 2026-Q4'!C5",
        refusal: 'OKRs 2026-Q4 is one of OKR Ledger’s sheets: click the cell that holds the metric.',
      },
      namedRanges: [
        { name: 'Revenue', reference: 'Metrics!B9' },
        { name: 'Week2Adoption', reference: 'Metrics!B2' },
      ],
      hourly: 'Linked values are read hourly.',
    },
    readSelectedCellForLink: { reference: 'Metrics!B2', refusal: null },
  },
  CarryOverDialog: {
    loadCarryOverOptions: {
      cycles: [
        { id: '2026-Q4', label: 'Q4 2026 (2026-Q4) · active' },
        { id: '2027-Q1', label: '2027-Q1 · planning' },
      ],
      sourceCycleId: '2026-Q4',
      targetCycleId: '2027-Q1',
      targets: ['2027-Q1'],
      objectives: [
        {
          id: 'obj_onboarding_speed',
          title: 'Make onboarding fast',
          selected: true,
          keyResults: [
            { id: 'kr_week2_adoption', title: 'Week-2 adoption', progress: 0.5, selected: true },
            { id: 'kr_time_to_value', title: 'Time to value', progress: 1, selected: false },
            { id: 'kr_setup_calls', title: 'Setup calls', progress: 0.2, selected: true },
          ],
        },
        { id: 'obj_done', title: 'Ship the docs', selected: false, keyResults: [] },
      ],
    },
  },
};

const SCREENSHOTS: Record<DialogName, string> = {
  NewCycleDialog: 'new-cycle-dialog.png',
  AsOfDialog: 'as-of-dialog.png',
  CompareDialog: 'compare-dialog.png',
  CorrectionDialog: 'correction-dialog.png',
  LinkCellDialog: 'link-cell-dialog.png',
  CarryOverDialog: 'carry-over-dialog.png',
};
const SIZES: Record<DialogName, { width: number; height: number }> = {
  NewCycleDialog: { width: 420, height: 470 },
  AsOfDialog: { width: 400, height: 300 },
  CompareDialog: { width: 400, height: 340 },
  CorrectionDialog: { width: 420, height: 420 },
  LinkCellDialog: { width: 460, height: 560 },
  CarryOverDialog: { width: 520, height: 560 },
};

let browser: Browser;
const urls = {} as Record<DialogName, string>;

beforeAll(async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'okr-quarter-dialogs-'));
  for (const name of Object.keys(DIALOG_FILES) as DialogName[]) {
    const file = path.join(dir, `${name}.html`);
    await writeFile(file, await buildDialog(name));
    urls[name] = pathToFileURL(file).href;
  }
  const binary = await chromiumBinary();
  browser = await chromium.launch({ executablePath: binary.executablePath, args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await browser?.close();
});

async function open(name: DialogName, failure?: string): Promise<Page> {
  // UTC, so the instants the dialogs send from "local" time are the ones this test expects.
  const page = await browser.newPage({ viewport: SIZES[name], timezoneId: 'UTC' });
  await page.addInitScript(installStub, { loads: loads[name], ...(failure ? { failure } : {}) });
  await page.goto(urls[name]);
  await page.locator('#form').waitFor();
  return page;
}

async function screenshot(page: Page, name: DialogName): Promise<void> {
  const file = `test-artifacts/${SCREENSHOTS[name]}`;
  await page.screenshot({ path: file });
  if (process.env.UPDATE_DOCS_SCREENSHOTS === '1') {
    await mkdir('docs', { recursive: true });
    await copyFile(file, `docs/${SCREENSHOTS[name]}`);
  }
}

const sent = (page: Page) => page.evaluate(() => (globalThis as unknown as { __sent: unknown[][] }).__sent);
const closed = (page: Page) => page.evaluate(() => (globalThis as unknown as { __closed: boolean }).__closed);

describe('the quarter’s dialogs', () => {
  it('New cycle: shows the proposed cycle and what creating it changes, sends what was typed', async () => {
    const page = await open('NewCycleDialog');
    expect(await page.locator('#cycleId').inputValue()).toBe('2027-Q1');
    expect(await page.locator('#timeZone').inputValue()).toBe('Europe/Berlin');
    expect(await page.locator('.what').textContent()).toContain('definition changes need a reason');
    await screenshot(page, 'NewCycleDialog');

    await page.locator('#title').fill('Q1 2027');
    await page.locator('#submit').click();

    await expect.poll(() => closed(page)).toBe(true);
    expect(await sent(page)).toEqual([
      [
        'createCycle',
        {
          cycleId: '2027-Q1',
          title: 'Q1 2027',
          startsOn: '2027-01-01',
          endsOn: '2027-03-31',
          timeZone: 'Europe/Berlin',
        },
      ],
    ]);
    await page.close();
  });

  it('Board as of: the cycles with the preferred one chosen, the instant sent in ISO form', async () => {
    const page = await open('AsOfDialog');
    expect(await page.locator('#cycle').inputValue()).toBe('2026-Q4');
    await page.locator('#asOf').fill('2026-11-01T12:00');
    await screenshot(page, 'AsOfDialog');

    await page.locator('#submit').click();

    await expect.poll(() => closed(page)).toBe(true);
    expect(await sent(page)).toEqual([
      ['showBoardAsOf', { cycleId: '2026-Q4', asOf: '2026-11-01T12:00:00.000Z' }],
    ]);
    await page.close();
  });

  it('Compare two dates: from the start of the cycle to now by default, both sent in ISO form', async () => {
    const page = await open('CompareDialog');
    expect(await page.locator('#from').inputValue()).toBe('2026-10-01T00:00');
    expect(await page.locator('#to').inputValue()).toBe('2026-11-20T09:30');
    await screenshot(page, 'CompareDialog');

    await page.locator('#submit').click();

    await expect.poll(() => closed(page)).toBe(true);
    expect(await sent(page)).toEqual([
      [
        'compareDates',
        { cycleId: '2026-Q4', from: '2026-10-01T00:00:00.000Z', to: '2026-11-20T09:30:00.000Z' },
      ],
    ]);
    await page.close();
  });

  it('Correct this check-in: shows the original, sends the corrected value with its reason', async () => {
    const page = await open('CorrectionDialog');
    expect(await page.locator('#original').textContent()).toBe(
      '“Raise week-2 adoption from 41% to 75%”: 58 % for 2026-11-06, recorded by editor@example.com.',
    );
    expect(await page.locator('#value').inputValue()).toBe('58');
    await page.locator('#value').fill('61');
    await page.locator('#reason').fill('The export missed one region');
    await screenshot(page, 'CorrectionDialog');

    await page.locator('#submit').click();

    await expect.poll(() => closed(page)).toBe(true);
    expect(await sent(page)).toEqual([
      [
        'submitCorrection',
        {
          value: '61',
          done: false,
          note: 'Role-based paths live for half the accounts',
          reason: 'The export missed one region',
        },
      ],
    ]);
    await page.close();
  });

  it('Link KR to a cell: offers the selected cell (again on request) and the named ranges, sends the choice with its reason', async () => {
    const page = await open('LinkCellDialog');
    expect(await page.locator('#keyResult').textContent()).toBe('“Raise week-2 adoption from 41% to 75%”.');
    expect(await page.locator('#selectedText').textContent()).toBe("'OKRs 2026-Q4'!C5");
    expect(await page.locator('#selectedRefusal').textContent()).toContain('one of OKR Ledger’s sheets');
    expect(await page.locator('#namedRange option').allTextContents()).toEqual([
      'Revenue (Metrics!B9)',
      'Week2Adoption (Metrics!B2)',
    ]);
    expect(await page.locator('#reasonField').isVisible()).toBe(true);

    await page.locator('#reselect').click();
    await expect.poll(() => page.locator('#selectedText').textContent()).toBe('Metrics!B2');
    await page.locator('#reason').fill('Adoption now comes from the Metrics tab');
    await screenshot(page, 'LinkCellDialog');
    await page.locator('#submit').click();

    await expect.poll(() => closed(page)).toBe(true);
    expect(await sent(page)).toEqual([
      [
        'submitLinkCell',
        {
          cycleId: '2026-Q4',
          keyResultId: 'kr_week2_adoption',
          choice: 'selected',
          selected: 'Metrics!B2',
          namedRange: 'Revenue',
          url: '',
          reference: '',
          reason: 'Adoption now comes from the Metrics tab',
        },
      ],
    ]);
    await page.close();
  });

  it('Link KR to a cell: choosing a named range or another spreadsheet sends that choice; a refusal names the field', async () => {
    const refusal = 'Spreadsheet URL: paste the spreadsheet’s address.';
    const page = await open('LinkCellDialog', refusal);
    await page.locator('#namedRange').selectOption('Week2Adoption');
    expect(await page.locator('#choiceNamed').isChecked()).toBe(true);
    await page.locator('#url').fill('https://example.com/not-a-sheet');
    await page.locator('#reference').fill('Pipeline!C3');
    expect(await page.locator('#choiceOther').isChecked()).toBe(true);
    await page.locator('#reason').fill('From the sales metrics');

    await page.locator('#submit').click();

    await expect.poll(() => page.locator('#failure').textContent()).toBe(refusal);
    expect(await closed(page)).toBe(false);
    expect(await page.locator('#submit').isEnabled()).toBe(true);
    expect(await sent(page)).toEqual([
      [
        'submitLinkCell',
        {
          cycleId: '2026-Q4',
          keyResultId: 'kr_week2_adoption',
          choice: 'other',
          selected: '',
          namedRange: 'Week2Adoption',
          url: 'https://example.com/not-a-sheet',
          reference: 'Pipeline!C3',
          reason: 'From the sales metrics',
        },
      ],
    ]);
    await page.close();
  });

  it('Carry over: the unfinished KRs ticked, the finished one not; sends the ticked KRs and shows what was created', async () => {
    const page = await open('CarryOverDialog');
    expect(await page.locator('#source').inputValue()).toBe('2026-Q4');
    expect(await page.locator('#target').inputValue()).toBe('2027-Q1');
    const box = (id: string) => page.locator(`#items input[value="${id}"]`);
    expect(await box('kr_week2_adoption').isChecked()).toBe(true);
    expect(await box('kr_time_to_value').isChecked()).toBe(false);
    expect(await box('kr_setup_calls').isChecked()).toBe(true);
    expect(await box('obj_done').isChecked()).toBe(false);
    await box('kr_setup_calls').uncheck();
    expect(await box('obj_onboarding_speed').isChecked()).toBe(true);
    await screenshot(page, 'CarryOverDialog');

    await page.locator('#submit').click();

    await expect.poll(() => page.locator('#result').textContent()).toBe('Done.');
    expect(await closed(page)).toBe(false);
    expect(await sent(page)).toEqual([
      [
        'submitCarryOver',
        {
          sourceCycleId: '2026-Q4',
          targetCycleId: '2027-Q1',
          keyResultIds: ['kr_week2_adoption'],
          objectiveIds: ['obj_onboarding_speed'],
          pull: true,
        },
      ],
    ]);
    await page.close();
  });

  it('shows a refusal in the add-on’s words and lets the person try again', async () => {
    const refusal = 'Not allowed: only an editor or admin may correct a check-in.';
    const page = await open('CorrectionDialog', refusal);
    await page.locator('#reason').fill('Typo');

    await page.locator('#submit').click();

    await expect.poll(() => page.locator('#failure').textContent()).toBe(refusal);
    expect(await page.locator('#submit').isEnabled()).toBe(true);
    expect(await closed(page)).toBe(false);
    await page.close();
  });
});
