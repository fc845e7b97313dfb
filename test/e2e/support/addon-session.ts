// Owns running the BUILT add-on against a real server: addon/build.ts bundles it once per test file, and
// each spreadsheet session loads Code.js into the Apps Script fakes' vm with UrlFetchApp doing real
// (synchronous) HTTP to the local stack and ScriptApp.getIdentityToken() answering a local-issuer token
// of the member at the keyboard. The global functions are called as Apps Script calls them from the menu.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type vm from 'node:vm';
import { buildAddon } from '../../../addon/build.js';
import type { EntryPointName } from '../../../addon/src/core/entry-points.js';
import {
  type AlertRecord,
  type AppsScriptEnvironment,
  createAppsScriptEnvironment,
  type FakeSheet,
} from '../../support/apps-script/index.js';

export interface BuiltAddon {
  code: string;
  sidebar: string;
  pullDialog: string;
  /** The other dialogs' HTML, by the name HtmlService opens them with. */
  dialogs?: Record<string, string>;
}

/**
 * Builds the add-on with its own build function. The output goes to a directory of this run rather than
 * addon/dist, so two test files building at once never read a file the other is rewriting.
 */
export async function buildAddonBundle(): Promise<BuiltAddon> {
  const outDir = await mkdtemp(path.join(tmpdir(), 'okr-addon-e2e-build-'));
  try {
    const built = await buildAddon({ outDir });
    const [code, sidebar, pullDialog, ...dialogs] = await Promise.all([
      readFile(built.codePath, 'utf8'),
      readFile(built.sidebarPath, 'utf8'),
      readFile(built.pullDialogPath, 'utf8'),
      ...Object.values(built.dialogPaths).map((file) => readFile(file, 'utf8')),
    ]);
    const names = Object.keys(built.dialogPaths);
    return {
      code,
      sidebar,
      pullDialog,
      dialogs: Object.fromEntries(names.map((name, index) => [name, dialogs[index] ?? ''])),
    };
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

/** The bundle's globals: every entry point Apps Script can call, as top-level functions. */
export type AddonScript = vm.Context & Record<EntryPointName, (...args: unknown[]) => unknown>;

export interface AddonSession {
  env: AppsScriptEnvironment;
  script: AddonScript;
  /** Alerts shown since `mark` (an index into env.ui.alerts). */
  alertsSince(mark: number): AlertRecord[];
  sheet(name: string): FakeSheet;
  dispose(): Promise<void>;
}

export function openSpreadsheet(
  built: BuiltAddon,
  member: { email: string; token: string },
  /** A document with this id (its contents are the test's); see joinSpreadsheet for a teammate's. */
  options: { spreadsheetId?: string } = {},
): AddonSession {
  const env = createAppsScriptEnvironment({
    ...(options.spreadsheetId === undefined ? {} : { spreadsheetId: options.spreadsheetId }),
    fetch: 'real',
    // The add-on waits for the views with Utilities.sleep; against the real stack those waits must be real.
    realSleep: true,
    identityToken: member.token,
    userEmail: member.email,
    spreadsheetName: 'Team OKRs',
    files: { Sidebar: built.sidebar, PullDialog: built.pullDialog, ...built.dialogs },
    // As in Apps Script; a 500-command batch on a busy machine takes seconds, not a minute.
    fetchTimeoutMs: 60_000,
    // No `now`: the add-on runs on real time, like the server it talks to.
  });
  return sessionOf(env, built);
}

/**
 * A teammate opening the SAME document as `session`: their own email, token, user properties, triggers,
 * Ui and selection over the one spreadsheet and its document properties (so already connected), running
 * the same built add-on in a script of their own.
 */
export function joinSpreadsheet(
  other: AddonSession,
  built: BuiltAddon,
  member: { email: string; token: string },
): AddonSession {
  return sessionOf(
    other.env.openAsAnotherUser({ userEmail: member.email, identityToken: member.token }),
    built,
  );
}

function sessionOf(env: AppsScriptEnvironment, built: BuiltAddon): AddonSession {
  const script = env.load(built.code) as AddonScript;
  return {
    env,
    script,
    alertsSince: (mark) => env.ui.alerts.slice(mark),
    sheet(name) {
      const sheet = env.spreadsheet.getSheetByName(name);
      if (sheet === null) {
        const alerts = env.ui.alerts.map((alert) => `${alert.title}: ${alert.prompt}`).join('\n');
        throw new Error(`no sheet "${name}"; alerts so far:\n${alerts}`);
      }
      return sheet;
    },
    dispose: () => env.dispose(),
  };
}

/** Opens the add-on and connects it to `org` on the stack at `apiUrl`, answering Connect's two prompts. */
export function connectTo(session: AddonSession, apiUrl: string, org: string): void {
  session.script.onOpen({ authMode: 'FULL' });
  session.env.ui.queuePromptResponse(apiUrl);
  session.env.ui.queuePromptResponse(org);
  session.script.connect();
}

/** A copy with the test's own intrinsics, so values made in the script's realm compare like local ones. */
export function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
