// Owns ScriptApp's installable triggers as an Editor add-on meets them: `newTrigger(fn).timeBased()
// .everyHours(n).create()` and `.forSpreadsheet(ss).onOpen()/onEdit()/onChange()`, `getProjectTriggers`,
// `getUserTriggers(ss)`, `deleteTrigger`. What Apps Script enforces for add-ons is enforced here: a
// time-driven trigger runs at most hourly (everyMinutes refuses), `everyHours` takes 1, 2, 4, 6, 8 or 12,
// and one trigger of each event type per user and document (each environment is one user in one
// document). Nothing fires by itself: a test fires a clock trigger with `clockEvent` and calls its handler.
import { randomBytes } from 'node:crypto';
import type { Execution } from './execution.js';

export const EventType = Object.freeze({
  CLOCK: 'CLOCK',
  ON_OPEN: 'ON_OPEN',
  ON_EDIT: 'ON_EDIT',
  ON_CHANGE: 'ON_CHANGE',
  ON_FORM_SUBMIT: 'ON_FORM_SUBMIT',
});
export const TriggerSource = Object.freeze({ CLOCK: 'CLOCK', SPREADSHEETS: 'SPREADSHEETS' });

type EventTypeName = keyof typeof EventType;

export class FakeTrigger {
  constructor(
    private readonly handler: string,
    private readonly uid: string,
    private readonly eventType: EventTypeName,
    private readonly sourceId: string | null,
    /** For clock triggers: hours between runs. */
    readonly everyHours: number | null,
  ) {}

  getHandlerFunction(): string {
    return this.handler;
  }
  getUniqueId(): string {
    return this.uid;
  }
  getEventType(): string {
    return this.eventType;
  }
  getTriggerSource(): string {
    return this.eventType === 'CLOCK' ? TriggerSource.CLOCK : TriggerSource.SPREADSHEETS;
  }
  getTriggerSourceId(): string | null {
    return this.sourceId;
  }
}

const EVERY_HOURS = [1, 2, 4, 6, 8, 12];

export class FakeTriggers {
  readonly installed: FakeTrigger[] = [];

  constructor(
    private readonly execution: Execution,
    private readonly spreadsheetId: () => string,
  ) {}

  private add(handler: string, eventType: EventTypeName, everyHours: number | null): FakeTrigger {
    this.execution.refuseInCustomFunction('ScriptApp.newTrigger');
    this.execution.requireAuthorization('ScriptApp.newTrigger');
    if (this.installed.some((trigger) => trigger.getEventType() === eventType)) {
      throw this.execution.exception(
        'This add-on has created too many ' +
          (eventType === 'CLOCK' ? 'time-based' : 'spreadsheet') +
          ' triggers in this document for this Google user account.',
      );
    }
    const trigger = new FakeTrigger(
      handler,
      randomBytes(8).readBigUInt64BE().toString(),
      eventType,
      eventType === 'CLOCK' ? null : this.spreadsheetId(),
      everyHours,
    );
    this.installed.push(trigger);
    return trigger;
  }

  newTrigger(handler: string) {
    const triggers = this;
    return {
      timeBased() {
        let hours: number | null = null;
        const builder = {
          everyHours(n: number) {
            if (!EVERY_HOURS.includes(n)) {
              throw triggers.execution.exception(
                'The value passed to everyHours must be 1, 2, 4, 6, 8 or 12.',
              );
            }
            hours = n;
            return builder;
          },
          everyMinutes(_n: number): never {
            throw triggers.execution.exception(
              'Add-ons may not create time-based triggers that run more often than once an hour.',
            );
          },
          create(): FakeTrigger {
            if (hours === null) {
              throw triggers.execution.exception('A time-based trigger needs a frequency (everyHours).');
            }
            return triggers.add(handler, 'CLOCK', hours);
          },
        };
        return builder;
      },
      forSpreadsheet(_spreadsheet: unknown) {
        const on = (eventType: EventTypeName) => ({
          create: () => triggers.add(handler, eventType, null),
        });
        return {
          onOpen: () => on('ON_OPEN'),
          onEdit: () => on('ON_EDIT'),
          onChange: () => on('ON_CHANGE'),
          onFormSubmit: () => on('ON_FORM_SUBMIT'),
        };
      },
    };
  }

  getProjectTriggers(): FakeTrigger[] {
    this.execution.requireAuthorization('ScriptApp.getProjectTriggers');
    return this.execution.bridge.array(this.installed);
  }

  getUserTriggers(_spreadsheet: unknown): FakeTrigger[] {
    return this.getProjectTriggers();
  }

  deleteTrigger(trigger: FakeTrigger): void {
    this.execution.requireAuthorization('ScriptApp.deleteTrigger');
    const index = this.installed.findIndex((t) => t.getUniqueId() === trigger.getUniqueId());
    if (index >= 0) this.installed.splice(index, 1);
  }

  /** The event Apps Script hands a clock trigger's handler (authMode FULL, the trigger's id, the time). */
  clockEvent(trigger: FakeTrigger, at: Date = this.execution.now()) {
    return this.execution.bridge.record({
      authMode: 'FULL',
      triggerUid: trigger.getUniqueId(),
      year: at.getUTCFullYear(),
      month: at.getUTCMonth() + 1,
      'day-of-month': at.getUTCDate(),
      'day-of-week': at.getUTCDay() === 0 ? 7 : at.getUTCDay(),
      hour: at.getUTCHours(),
      minute: at.getUTCMinutes(),
      second: at.getUTCSeconds(),
      timezone: 'UTC',
    });
  }
}
