// The Pull dialog in headless Chromium: the built PullDialog.html with a stubbed google.script.run. It lists
// the cycles with the active one chosen, the teams and owners with the remembered filter chosen, sends what
// the person picked, closes once pulled, and shows a failure in the add-on's words. Saves a screenshot.
import { copyFile, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPullDialog } from '../../addon/build.js';
import type { PullChoices, PullOptions } from '../../addon/src/core/pull-options.js';
import { CHROMIUM_ARGS, chromiumBinary } from '../support/chromium.js';

interface Stub {
  choices: PullChoices;
  pullError?: string;
}

const choices: PullChoices = {
  cycles: [
    { id: '2026-Q3', label: 'Q3 2026 (2026-Q3) · closed' },
    { id: '2026-Q4', label: 'Q4 2026 (2026-Q4) · active' },
  ],
  preferredCycleId: '2026-Q4',
  teams: [
    { id: 'team_customer-success', label: 'Go-to-market › Customer Success' },
    { id: 'team_data', label: 'Data' },
    { id: 'Support', label: 'Support' },
  ],
  owners: ['admin@example.com', 'editor@example.com'],
  filter: { team: 'Support', owner: null },
};

function installStub(stub: Stub): void {
  const page = globalThis as unknown as { __sent: unknown[]; __closed: boolean; google: unknown };
  page.__sent = [];
  page.__closed = false;
  type Handler = (value: unknown) => void;
  const runner = (success: Handler, failure: Handler): unknown => ({
    withSuccessHandler: (handler: Handler) => runner(handler, failure),
    withFailureHandler: (handler: Handler) => runner(success, handler),
    loadPullOptions: () => setTimeout(() => success(stub.choices), 0),
    pullWithOptions: (options: unknown) => {
      page.__sent.push(options);
      setTimeout(
        () => (stub.pullError ? failure(new Error(stub.pullError)) : success({ message: 'Pulled.' })),
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
      host: {
        close: () => {
          page.__closed = true;
        },
      },
    },
  };
}

let browser: Browser;
let url = '';

beforeAll(async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'okr-pull-dialog-'));
  const file = path.join(dir, 'PullDialog.html');
  await writeFile(file, await buildPullDialog());
  url = pathToFileURL(file).href;
  const binary = await chromiumBinary();
  browser = await chromium.launch({ executablePath: binary.executablePath, args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await browser?.close();
});

async function open(stub: Stub): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 380, height: 330 } });
  await page.addInitScript(installStub, stub);
  await page.goto(url);
  await page.locator('#pull').waitFor();
  return page;
}

describe('the Pull dialog', () => {
  it('offers the cycles, teams and owners, with the active cycle and the remembered team chosen', async () => {
    const page = await open({ choices });

    expect(await page.locator('#cycle').inputValue()).toBe('2026-Q4');
    expect(await page.locator('#team').inputValue()).toBe('Support');
    expect(await page.locator('#owner').inputValue()).toBe('');
    expect(await page.locator('#cycle option').allTextContents()).toEqual(choices.cycles.map((c) => c.label));
    expect(await page.locator('#owner option').allTextContents()).toEqual(['Every owner', ...choices.owners]);
    await page.screenshot({ path: 'test-artifacts/pull-dialog.png' });
    if (process.env.UPDATE_DOCS_SCREENSHOTS === '1') {
      await mkdir('docs', { recursive: true });
      await copyFile('test-artifacts/pull-dialog.png', 'docs/pull-dialog.png');
    }
    await page.close();
  });

  it('sends what the person picked and closes once pulled', async () => {
    const page = await open({ choices });
    await page.locator('#cycle').selectOption('2026-Q3');
    await page.locator('#team').selectOption('');
    await page.locator('#owner').selectOption('editor@example.com');

    await page.locator('#submit').click();

    await expect
      .poll(() => page.evaluate(() => (globalThis as unknown as { __closed: boolean }).__closed))
      .toBe(true);
    const sent = await page.evaluate(() => (globalThis as unknown as { __sent: PullOptions[] }).__sent);
    expect(sent).toEqual([{ cycleId: '2026-Q3', team: '', owner: 'editor@example.com' }]);
    await page.close();
  });

  it('shows a failure in the add-on’s words and lets the person try again', async () => {
    const error = 'Not a member: Your Google account is not a member of this organization.';
    const page = await open({ choices, pullError: error });

    await page.locator('#submit').click();

    await expect.poll(() => page.locator('#failure').textContent()).toBe(error);
    expect(await page.locator('#submit').isEnabled()).toBe(true);
    expect(await page.evaluate(() => (globalThis as unknown as { __closed: boolean }).__closed)).toBe(false);
    await page.close();
  });
});
