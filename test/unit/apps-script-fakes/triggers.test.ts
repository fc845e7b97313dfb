// Installable triggers as an Editor add-on meets them: a time-driven trigger at most hourly, everyHours
// limited to Apps Script's values, one trigger per event type per user and document, listed by
// getProjectTriggers and removed by deleteTrigger; none may be created before authorization.
import { describe, expect, it } from 'vitest';
import { createAppsScriptEnvironment } from '../../support/apps-script/index.js';

const messageOf = (call: () => unknown): string => {
  try {
    call();
    return 'allowed';
  } catch (error) {
    return (error as Error).message;
  }
};

describe('ScriptApp installable triggers', () => {
  it('creates one hourly clock trigger, lists it, and refuses a second one and minute schedules', () => {
    // Prepare
    const env = createAppsScriptEnvironment();
    const { ScriptApp } = env.globals;

    // Act
    const trigger = ScriptApp.newTrigger('syncNow').timeBased().everyHours(1).create();
    const second = messageOf(() => ScriptApp.newTrigger('other').timeBased().everyHours(2).create());
    const minutes = messageOf(() => ScriptApp.newTrigger('other').timeBased().everyMinutes(5));
    const oddHours = messageOf(() => ScriptApp.newTrigger('other').timeBased().everyHours(3));
    const listed = ScriptApp.getProjectTriggers().map((t) => [t.getHandlerFunction(), t.getEventType()]);
    const event = env.triggers.clockEvent(trigger, new Date('2026-11-20T09:05:00Z'));

    // Assess
    expect(listed).toEqual([['syncNow', 'CLOCK']]);
    expect(second).toMatch(/too many time-based triggers/);
    expect(minutes).toMatch(/more often than once an hour/);
    expect(oddHours).toMatch(/1, 2, 4, 6, 8 or 12/);
    expect(event).toMatchObject({ authMode: 'FULL', triggerUid: trigger.getUniqueId(), hour: 9 });
  });

  it('deletes a trigger, after which another may be created', () => {
    // Prepare
    const env = createAppsScriptEnvironment();
    const { ScriptApp } = env.globals;
    const first = ScriptApp.newTrigger('syncNow').timeBased().everyHours(1).create();

    // Act
    ScriptApp.deleteTrigger(first);
    const afterDelete = ScriptApp.getProjectTriggers().length;
    ScriptApp.newTrigger('syncNow').timeBased().everyHours(4).create();

    // Assess
    expect(afterDelete).toBe(0);
    expect(env.triggers.installed.map((t) => t.everyHours)).toEqual([4]);
  });

  it('refuses to create a trigger before the add-on is authorized', () => {
    // Prepare
    const env = createAppsScriptEnvironment();

    // Act
    const refused = env.runTrigger('NONE', () =>
      messageOf(() => env.globals.ScriptApp.newTrigger('syncNow').timeBased().everyHours(1).create()),
    );

    // Assess
    expect(refused).toMatch(/You do not have permission to call ScriptApp.newTrigger/);
  });
});
