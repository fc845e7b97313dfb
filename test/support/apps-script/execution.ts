// Owns what every fake service shares within one document: the clock, and the person whose script runs
// now (their realm bridge, counters, email, log and whether the code is running as a custom function,
// where Apps Script refuses UI, writes and tokens). A second person opening the same document is a
// second ExecutionUser the execution switches to while their script runs.
import type { Counters } from './counters.js';
import type { RealmBridge } from './realm.js';

export interface LogEntry {
  source: 'Logger' | 'console';
  level: 'log' | 'info' | 'warn' | 'error' | 'debug';
  message: string;
}

/** How a trigger runs: NONE before the person authorized the add-on (onOpen of an installed add-on). */
export type AuthModeName = 'NONE' | 'LIMITED' | 'FULL';

/**
 * What each person running the script has of their own: the realm their script lives in, the counters
 * of their calls, their email, their log, their authorization mode and toasts. People who open the same
 * document share everything else (the spreadsheet, document properties, the document lock).
 */
export interface ExecutionUser {
  bridge: RealmBridge;
  counters: Counters;
  userEmail: string;
  logs: LogEntry[];
  authMode: AuthModeName;
  customFunctionDepth: number;
  /** Where the spreadsheet's toasts go: the Ui of the person who made them. */
  toast(message: string, title: string, timeoutSeconds: number): void;
}

export function executionUser(
  bridge: RealmBridge,
  counters: Counters,
  userEmail: string,
  toast: ExecutionUser['toast'] = () => undefined,
): ExecutionUser {
  return { bridge, counters, userEmail, logs: [], authMode: 'FULL', customFunctionDepth: 0, toast };
}

/**
 * The execution of the moment in one document. One person at a time runs a script in it: `switchTo`
 * makes another person's script the running one (their realm, email, counters, log and mode).
 */
export class Execution {
  constructor(
    private user: ExecutionUser,
    readonly now: () => Date,
  ) {}

  get bridge(): RealmBridge {
    return this.user.bridge;
  }
  get counters(): Counters {
    return this.user.counters;
  }
  get userEmail(): string {
    return this.user.userEmail;
  }
  get logs(): LogEntry[] {
    return this.user.logs;
  }
  get authMode(): AuthModeName {
    return this.user.authMode;
  }
  set authMode(mode: AuthModeName) {
    this.user.authMode = mode;
  }

  /** The person whose script runs. */
  get current(): ExecutionUser {
    return this.user;
  }

  /** Another person's script runs from now on (they opened the same document). */
  switchTo(user: ExecutionUser): void {
    this.user = user;
  }

  get inCustomFunction(): boolean {
    return this.user.customFunctionDepth > 0;
  }

  runAsCustomFunction<T>(body: () => T): T {
    const user = this.user;
    user.customFunctionDepth += 1;
    try {
      return body();
    } finally {
      user.customFunctionDepth -= 1;
    }
  }

  /** Runs `body` as a trigger in `mode`; the mode is restored afterwards. */
  runInAuthMode<T>(mode: AuthModeName, body: () => T): T {
    const user = this.user;
    const previous = user.authMode;
    user.authMode = mode;
    try {
      return body();
    } finally {
      user.authMode = previous;
    }
  }

  /**
   * AuthMode.NONE allows menus and nothing that needs the person's authorization: no properties, no
   * document, no UrlFetch, no tokens. Apps Script answers with this exception.
   */
  requireAuthorization(method: string): void {
    if (this.authMode === 'NONE') {
      throw this.exception(
        `You do not have permission to call ${method}. Authorization is required to perform that action.`,
      );
    }
  }

  exception(message: string): Error {
    return this.bridge.exception(message);
  }

  /** Custom functions may read the sheet but not change it (Apps Script: "You do not have permission..."). */
  refuseInCustomFunction(method: string): void {
    if (this.inCustomFunction) throw this.exception(`You do not have permission to call ${method}`);
  }
}
