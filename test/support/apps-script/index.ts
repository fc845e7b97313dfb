// Faithful in-memory fakes of the Apps Script services the Sheets add-on uses, for loading the built
// bundle in a `node:vm` context (or calling adapters directly) in Node tests. This module wires them into
// one environment; each service lives in its own module beside it.
//
//   const env = createAppsScriptEnvironment({ fetch: (request) => ({ status: 200, body: board }) });
//   const context = env.load(readFileSync('addon/dist/Code.js', 'utf8'));
//   context.onOpen({});                       // globals of the bundle live on the context
//   env.ui.menus; env.counters.getValues; env.spreadsheet.getSheetByName('OKRs 2026-Q4')?.inspect().values();
//
// Use env.load / env.createContext rather than vm.createContext(env.globals) yourself: it makes arrays,
// dates and exceptions handed to the script native to its realm (so `instanceof Date/Array/Error` holds).
//
// UrlFetchApp 'real' mode blocks the calling thread while the request runs (see sync-http.ts): the server
// it talks to must run in another process or thread, and only loopback hosts are reached.
import { randomBytes } from 'node:crypto';
import vm from 'node:vm';
import { createCacheService, FakeCache } from './cache.js';
import { Counters } from './counters.js';
import { type AuthModeName, Execution, executionUser, type LogEntry } from './execution.js';
import { createHtmlService } from './html.js';
import { createLockService, LockControl } from './locks.js';
import { createPropertiesService, FakeProperties } from './properties.js';
import { RealmBridge } from './realm.js';
import { createScriptApp, createSession } from './session.js';
import { FakeSpreadsheet, type FormulaEvaluator } from './spreadsheet.js';
import { createCharts, createSpreadsheetApp, type SpreadsheetAccess } from './spreadsheet-app.js';
import { SyncHttpClient } from './sync-http.js';
import { FakeTriggers } from './triggers.js';
import { FakeUi } from './ui.js';
import {
  createUrlFetchApp,
  DEFAULT_DAILY_QUOTA,
  type FakeFetchHandler,
  type FetchLogEntry,
} from './url-fetch.js';
import { createLogger, createUtilities } from './utilities.js';

export type { CellValue } from './cell-values.js';
export type { ChartSpec } from './charts.js';
export type { Counters, SheetCallCounts } from './counters.js';
export type { AuthModeName, LogEntry } from './execution.js';
export type { FakeHtmlOutput } from './html.js';
export type { LockControl, LockEvent } from './locks.js';
export type { FakeProperties } from './properties.js';
export type { FakeProtection, ProtectionSpec } from './protection.js';
export type { FakeRange } from './range.js';
export type { FakeDataValidation } from './rules.js';
export type { FakeSheet } from './sheet.js';
export type { CellSnapshot, ConditionalFormatSpec, SheetInspector } from './sheet-inspector.js';
export type { FakeSpreadsheet, FormulaCell, FormulaEvaluator } from './spreadsheet.js';
export type { SpreadsheetAccess } from './spreadsheet-app.js';
export type { FakeTrigger, FakeTriggers } from './triggers.js';
export type {
  AlertRecord,
  FakeUi,
  MenuItemSpec,
  MenuSpec,
  PromptRecord,
  ShownHtml,
  ToastRecord,
} from './ui.js';
export type { FakeFetchHandler, FakeFetchRequest, FakeFetchResponse, FetchLogEntry } from './url-fetch.js';

export interface AppsScriptEnvironmentOptions {
  /** What ScriptApp.getIdentityToken() returns; a function is asked on every call. */
  identityToken?: string | (() => string);
  oauthToken?: string;
  /** Session.getActiveUser().getEmail(); also the editor every protection keeps. */
  userEmail?: string;
  spreadsheetName?: string;
  spreadsheetId?: string;
  /** Spreadsheet and script time zone (default "Etc/UTC"). */
  timeZone?: string;
  /**
   * Utilities.sleep really waits (as in Apps Script) instead of only recording: for sessions against a real
   * server, whose views trail its writes by moments that a script's waits are there to cover.
   */
  realSleep?: boolean;
  /** UrlFetchApp: real synchronous HTTP to loopback, or a handler. Without it every fetch throws. */
  fetch?: 'real' | FakeFetchHandler;
  /** Per-request timeout in 'real' mode (Apps Script: 60 s). */
  fetchTimeoutMs?: number;
  /** UrlFetch calls allowed before "Service invoked too many times for one day: urlfetch." (20,000). */
  urlFetchDailyQuota?: number;
  /** The clock of caches and — inside contexts made by createContext/load — of `new Date()` and Date.now(). */
  now?: () => Date;
  /** HTML files of the project by name ("Sidebar" or "Sidebar.html") for HtmlService. */
  files?: Record<string, string>;
  /** The value a formula cell reports when written; default ''. */
  evaluateFormula?: FormulaEvaluator;
  /** Also print Logger/console lines to stdout. */
  echoLogs?: boolean;
}

/** The fakes, typed, as the script under test sees them as globals. */
export interface AppsScriptGlobals {
  SpreadsheetApp: ReturnType<typeof createSpreadsheetApp>;
  Charts: ReturnType<typeof createCharts>;
  UrlFetchApp: ReturnType<typeof createUrlFetchApp>;
  PropertiesService: ReturnType<typeof createPropertiesService>;
  LockService: ReturnType<typeof createLockService>;
  CacheService: ReturnType<typeof createCacheService>;
  HtmlService: ReturnType<typeof createHtmlService>;
  ScriptApp: ReturnType<typeof createScriptApp>;
  Session: ReturnType<typeof createSession>;
  Utilities: ReturnType<typeof createUtilities>;
  Logger: ReturnType<typeof createLogger>['Logger'];
  console: ReturnType<typeof createLogger>['console'];
}

/** The event of onOpen/onInstall as Apps Script passes it. */
export interface TriggerEvent {
  authMode: AuthModeName;
  source?: FakeSpreadsheet;
  user?: { getEmail(): string };
}

export interface AppsScriptEnvironment {
  /** SpreadsheetApp, UrlFetchApp, PropertiesService, LockService, HtmlService, ScriptApp, Session,
   * Utilities, Logger, CacheService, Charts, console. */
  globals: AppsScriptGlobals & Record<string, unknown>;
  spreadsheet: FakeSpreadsheet;
  ui: FakeUi;
  counters: Counters;
  fetchLog: FetchLogEntry[];
  properties: { document: FakeProperties; user: FakeProperties; script: FakeProperties };
  caches: { document: FakeCache; user: FakeCache; script: FakeCache };
  locks: { document: LockControl; script: LockControl; user: LockControl };
  logs: LogEntry[];
  /** Installable triggers the script created (ScriptApp.newTrigger); `clockEvent` builds a run's event. */
  triggers: FakeTriggers;
  /** Milliseconds passed to Utilities.sleep, in order. */
  sleeps: number[];
  /** A vm context whose globals are the fakes (plus `extra`); values handed to it are native to it. */
  createContext(extra?: Record<string, unknown>): vm.Context;
  /** createContext, then run `code` in it (e.g. the built Code.js); returns the context. */
  load(code: string, filename?: string, extra?: Record<string, unknown>): vm.Context;
  /** Run `body` as Sheets runs a custom function: no Ui, no writes, no tokens, no user email. */
  runAsCustomFunction<T>(body: () => T): T;
  /**
   * Runs `body` as a trigger whose event is `{ authMode }` (plus `source` and `user` once authorized):
   * in NONE, properties, the document, UrlFetch and tokens throw, as for an add-on not yet authorized.
   */
  runTrigger<T>(authMode: AuthModeName, body: (event: TriggerEvent) => T): T;
  /**
   * Another spreadsheet SpreadsheetApp.openById / openByUrl can reach: `edit` opens it, `none`
   * (a document not shared with the user) throws "You do not have permission to access the requested
   * document."; ids never registered throw Apps Script's generic openById error.
   */
  addSpreadsheet(options?: { id?: string; name?: string; access?: SpreadsheetAccess }): FakeSpreadsheet;
  /**
   * Another person opening the same document (as a teammate does): their own email, identity token, user
   * properties, cache and lock, installable triggers, Ui, selection, counters and log, over the SAME
   * spreadsheet, document properties, document cache and lock, and script properties. Whoever's script
   * reaches for a service runs as themselves; `env.spreadsheet` acts as that environment's person. Fetch,
   * files and sleep follow this environment unless given; dispose each environment.
   */
  openAsAnotherUser(
    person: Pick<
      AppsScriptEnvironmentOptions,
      'userEmail' | 'identityToken' | 'oauthToken' | 'fetch' | 'fetchTimeoutMs' | 'files' | 'realSleep'
    >,
  ): AppsScriptEnvironment;
  /** Stops the HTTP worker of 'real' mode, if one was started. */
  dispose(): Promise<void>;
}

function randomId(): string {
  return randomBytes(33).toString('base64url');
}

const FIXED_CLOCK_SCRIPT = `(function (nowMs) {
  var RealDate = Date;
  function ClockDate() {
    var args = Array.prototype.slice.call(arguments);
    if (!new.target) return new RealDate(nowMs()).toString();
    return args.length === 0 ? new RealDate(nowMs()) : new (Function.prototype.bind.apply(RealDate, [null].concat(args)))();
  }
  ClockDate.prototype = RealDate.prototype;
  ClockDate.now = function () { return nowMs(); };
  ClockDate.parse = RealDate.parse;
  ClockDate.UTC = RealDate.UTC;
  globalThis.Date = ClockDate;
})`;

/** What everyone who opens one document shares: the spreadsheet, document and script stores, the clock. */
interface SharedDocument {
  execution: Execution;
  spreadsheet: FakeSpreadsheet;
  others: Map<string, { spreadsheet: FakeSpreadsheet; access: SpreadsheetAccess }>;
  properties: { document: FakeProperties; script: FakeProperties };
  caches: { document: FakeCache; script: FakeCache };
  locks: { document: LockControl; script: LockControl };
  timeZone: string;
  evaluateFormula: FormulaEvaluator | undefined;
}

export function createAppsScriptEnvironment(
  options: AppsScriptEnvironmentOptions = {},
): AppsScriptEnvironment {
  return environment(options, null);
}

function environment(
  options: AppsScriptEnvironmentOptions,
  shared: SharedDocument | null,
): AppsScriptEnvironment {
  const bridge = new RealmBridge();
  const counters = new Counters();
  const ui = new FakeUi();
  const user = executionUser(bridge, counters, options.userEmail ?? 'user@example.com', (m, t, s) =>
    ui.recordToast(m, t, s),
  );
  const execution = shared?.execution ?? new Execution(user, options.now ?? (() => new Date()));
  const now = execution.now;
  /** This person's script runs from now on (a no-op while nobody else opened the document). */
  const activate = () => {
    if (execution.current !== user) execution.switchTo(user);
  };
  activate();
  const timeZone = shared?.timeZone ?? options.timeZone ?? 'Etc/UTC';
  const evaluateFormula = shared === null ? options.evaluateFormula : shared.evaluateFormula;

  const spreadsheet =
    shared?.spreadsheet ??
    new FakeSpreadsheet(execution, {
      id: options.spreadsheetId ?? randomId(),
      name: options.spreadsheetName ?? 'Untitled spreadsheet',
      timeZone,
      locale: 'en_US',
      evaluateFormula,
    });

  const properties = {
    document: shared?.properties.document ?? new FakeProperties(execution),
    user: new FakeProperties(execution),
    script: shared?.properties.script ?? new FakeProperties(execution),
  };
  const caches = {
    document: shared?.caches.document ?? new FakeCache(execution),
    user: new FakeCache(execution),
    script: shared?.caches.script ?? new FakeCache(execution),
  };
  const locks = {
    document: shared?.locks.document ?? new LockControl(),
    script: shared?.locks.script ?? new LockControl(),
    user: new LockControl(),
  };
  const fetchLog: FetchLogEntry[] = [];
  const sleeps: number[] = [];

  const httpClient = options.fetch === 'real' ? new SyncHttpClient() : null;
  const transport = httpClient
    ? { kind: 'real' as const, client: httpClient, timeoutMs: options.fetchTimeoutMs ?? 60_000 }
    : {
        kind: 'handler' as const,
        handler:
          typeof options.fetch === 'function'
            ? options.fetch
            : (): never => {
                throw new Error('UrlFetchApp was called but the test environment has no fetch option');
              },
      };

  const others =
    shared?.others ?? new Map<string, { spreadsheet: FakeSpreadsheet; access: SpreadsheetAccess }>();
  const addSpreadsheet: AppsScriptEnvironment['addSpreadsheet'] = (added = {}) => {
    const other = new FakeSpreadsheet(execution, {
      id: added.id ?? randomId(),
      name: added.name ?? 'Untitled spreadsheet',
      timeZone,
      locale: 'en_US',
      evaluateFormula,
    });
    if (other.getId() === spreadsheet.getId() || others.has(other.getId())) {
      throw new Error(`a spreadsheet ${other.getId()} is already registered`);
    }
    others.set(other.getId(), { spreadsheet: other, access: added.access ?? 'edit' });
    return other;
  };

  const document: SharedDocument = shared ?? {
    execution,
    spreadsheet,
    others,
    properties,
    caches,
    locks,
    timeZone,
    evaluateFormula,
  };

  const triggers = new FakeTriggers(execution, () => spreadsheet.getId());
  const identityToken = options.identityToken;
  const { Logger, console: fakeConsole } = createLogger(execution, options.echoLogs === true);
  const globals: AppsScriptGlobals & Record<string, unknown> = {
    SpreadsheetApp: createSpreadsheetApp(execution, spreadsheet, ui, others),
    Charts: createCharts(),
    UrlFetchApp: createUrlFetchApp(execution, {
      transport,
      dailyQuota: options.urlFetchDailyQuota ?? DEFAULT_DAILY_QUOTA,
      log: fetchLog,
    }),
    PropertiesService: createPropertiesService(properties, execution),
    LockService: createLockService(execution, locks),
    CacheService: createCacheService(caches),
    HtmlService: createHtmlService(execution, options.files ?? {}, () => globals),
    ScriptApp: createScriptApp(execution, {
      identityToken:
        typeof identityToken === 'function' ? identityToken : () => identityToken ?? 'test-identity-token',
      oauthToken: options.oauthToken ?? 'test-oauth-token',
      scriptId: randomId(),
      triggers,
    }),
    Session: createSession(execution, () => spreadsheet.getSpreadsheetTimeZone(), 'en', randomId()),
    Utilities: createUtilities(execution, sleeps, options.realSleep === true),
    Logger,
    console: fakeConsole,
  };

  /**
   * The services as this person's script sees them: reaching for any of them makes this person the one
   * running, so two people's scripts over one document each act as themselves.
   */
  const asThisPerson = <T extends object>(service: T): T =>
    new Proxy(service, {
      get(target, key, receiver) {
        activate();
        return Reflect.get(target, key, receiver);
      },
    });

  const createContext = (extra: Record<string, unknown> = {}): vm.Context => {
    activate();
    const services = Object.fromEntries(
      Object.entries(globals).map(([name, service]) => [
        name,
        typeof service === 'object' && service !== null ? asThisPerson(service) : service,
      ]),
    );
    const context = vm.createContext({ ...services, ...extra });
    if (options.now) {
      const install = vm.runInContext(FIXED_CLOCK_SCRIPT, context) as (nowMs: () => number) => void;
      install(() => now().getTime());
    }
    bridge.bind(context);
    return context;
  };

  return {
    globals,
    get spreadsheet() {
      // The test acting on the document through this environment acts as this person (their selection).
      activate();
      return spreadsheet;
    },
    ui,
    counters,
    fetchLog,
    properties,
    caches,
    locks,
    logs: user.logs,
    triggers,
    sleeps,
    addSpreadsheet: (added) => {
      activate();
      return addSpreadsheet(added);
    },
    createContext,
    load(code, filename = 'Code.js', extra = {}) {
      const context = createContext(extra);
      vm.runInContext(code, context, { filename });
      return context;
    },
    runAsCustomFunction: (body) => {
      activate();
      return execution.runAsCustomFunction(body);
    },
    runTrigger: (authMode, body) => {
      activate();
      return execution.runInAuthMode(authMode, () =>
        body(
          authMode === 'NONE'
            ? { authMode }
            : { authMode, source: spreadsheet, user: { getEmail: () => user.userEmail } },
        ),
      );
    },
    openAsAnotherUser: (person) =>
      environment(
        {
          fetch: options.fetch,
          fetchTimeoutMs: options.fetchTimeoutMs,
          urlFetchDailyQuota: options.urlFetchDailyQuota,
          realSleep: options.realSleep,
          files: options.files,
          echoLogs: options.echoLogs,
          ...person,
        },
        document,
      ),
    dispose: async () => {
      await httpClient?.dispose();
    },
  };
}
