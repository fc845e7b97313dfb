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

export class Execution {
  private customFunctionDepth = 0;
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

  exception(message: string): Error {
    return this.bridge.exception(message);
  }

  /** Custom functions may read the sheet but not change it (Apps Script: "You do not have permission..."). */
  refuseInCustomFunction(method: string): void {
    if (this.inCustomFunction) throw this.exception(`You do not have permission to call ${method}`);
  }
}
