// Owns what every fake service shares within one environment: the realm bridge, the counters, the clock,
// the user, the log, and whether the code is running as a custom function (where Apps Script refuses UI,
// writes and tokens).
import type { Counters } from './counters.js';
import type { RealmBridge } from './realm.js';

export interface LogEntry {
  source: 'Logger' | 'console';
  level: 'log' | 'info' | 'warn' | 'error' | 'debug';
  message: string;
}

/** How a trigger runs: NONE before the person authorized the add-on (onOpen of an installed add-on). */
export type AuthModeName = 'NONE' | 'LIMITED' | 'FULL';

export class Execution {
  private customFunctionDepth = 0;
  authMode: AuthModeName = 'FULL';
  readonly logs: LogEntry[] = [];

  constructor(
    readonly bridge: RealmBridge,
    readonly counters: Counters,
    readonly userEmail: string,
    readonly now: () => Date,
  ) {}

  get inCustomFunction(): boolean {
    return this.customFunctionDepth > 0;
  }

  runAsCustomFunction<T>(body: () => T): T {
    this.customFunctionDepth += 1;
    try {
      return body();
    } finally {
      this.customFunctionDepth -= 1;
    }
  }

  /** Runs `body` as a trigger in `mode`; the mode is restored afterwards. */
  runInAuthMode<T>(mode: AuthModeName, body: () => T): T {
    const previous = this.authMode;
    this.authMode = mode;
    try {
      return body();
    } finally {
      this.authMode = previous;
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
