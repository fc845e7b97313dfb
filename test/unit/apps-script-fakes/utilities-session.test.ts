// Utilities (formatDate, ids, base64, digests, sleep), Logger and console, Session and ScriptApp.
import { describe, expect, it } from 'vitest';
import { createAppsScriptEnvironment } from '../../support/apps-script/index.js';

describe('Utilities.formatDate', () => {
  const { Utilities } = createAppsScriptEnvironment().globals;
  const lateEvening = new Date('2026-03-31T23:30:00Z');

  it('formats a calendar day in the given time zone', () => {
    expect(Utilities.formatDate(lateEvening, 'Etc/UTC', 'yyyy-MM-dd')).toBe('2026-03-31');
    expect(Utilities.formatDate(lateEvening, 'Europe/Paris', 'yyyy-MM-dd')).toBe('2026-04-01');
    expect(Utilities.formatDate(lateEvening, 'America/Los_Angeles', 'yyyy-MM-dd')).toBe('2026-03-31');
  });

  it('formats an ISO-8601 instant with its offset (XXX), "Z" at UTC', () => {
    const pattern = "yyyy-MM-dd'T'HH:mm:ssXXX";

    expect(Utilities.formatDate(lateEvening, 'UTC', pattern)).toBe('2026-03-31T23:30:00Z');
    expect(Utilities.formatDate(lateEvening, 'Europe/Paris', pattern)).toBe('2026-04-01T01:30:00+02:00');
    expect(Utilities.formatDate(new Date('2026-01-15T12:00:00Z'), 'America/New_York', pattern)).toBe(
      '2026-01-15T07:00:00-05:00',
    );
    expect(Utilities.formatDate(lateEvening, 'Asia/Kolkata', pattern)).toBe('2026-04-01T05:00:00+05:30');
  });

  it('supports names, 12-hour clocks, fixed offsets and quoted text', () => {
    const date = new Date('2026-07-04T15:05:09.042Z');

    expect(Utilities.formatDate(date, 'GMT', "EEE, d MMM yyyy h:mm a 'at' ss.SSS")).toBe(
      'Sat, 4 Jul 2026 3:05 PM at 09.042',
    );
    expect(Utilities.formatDate(date, 'GMT+02:00', 'HH:mm Z')).toBe('17:05 +0200');
    expect(Utilities.formatDate(date, 'UTC', "MMMM d ''yy")).toBe("July 4 '26");
  });

  it('falls back to GMT for an unknown zone, as Java does', () => {
    expect(Utilities.formatDate(lateEvening, 'Mars/Olympus_Mons', 'HH:mm')).toBe('23:30');
  });

  it('refuses unknown pattern letters and non-dates', () => {
    expect(() => Utilities.formatDate(lateEvening, 'UTC', 'yyyy-qq')).toThrow(
      "Illegal pattern character 'q'",
    );
    expect(() => Utilities.formatDate('2026-01-01' as unknown as Date, 'UTC', 'yyyy')).toThrow(
      "don't match the method signature for Utilities.formatDate",
    );
  });
});

describe('Utilities', () => {
  it('makes random v4 UUIDs', () => {
    const { Utilities } = createAppsScriptEnvironment().globals;

    const [first, second] = [Utilities.getUuid(), Utilities.getUuid()];

    expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(first).not.toBe(second);
  });

  it('encodes UTF-8 text to base64 and decodes to signed bytes', () => {
    const { Utilities } = createAppsScriptEnvironment().globals;

    const encoded = Utilities.base64Encode('é!');
    const decoded = Utilities.base64Decode(encoded);

    expect(encoded).toBe('w6kh');
    expect(decoded).toEqual([-61, -87, 33]);
    expect(Utilities.newBlob(decoded).getDataAsString()).toBe('é!');
    expect(Utilities.base64EncodeWebSafe([-5, -1])).toBe('-_8=');
  });

  it('computes digests as signed bytes', () => {
    const { Utilities } = createAppsScriptEnvironment().globals;

    const digest = Utilities.computeDigest(Utilities.DigestAlgorithm.SHA_256, 'abc');

    expect(digest).toHaveLength(32);
    expect(digest.slice(0, 4)).toEqual([-70, 120, 22, -65]);
  });

  it('records sleeps instead of sleeping, and refuses more than five minutes', () => {
    const env = createAppsScriptEnvironment();
    const started = Date.now();

    env.globals.Utilities.sleep(1_000);
    env.globals.Utilities.sleep(250);

    expect(env.sleeps).toEqual([1_000, 250]);
    expect(Date.now() - started).toBeLessThan(500);
    expect(() => env.globals.Utilities.sleep(300_001)).toThrow('Invalid argument: milliseconds');
  });
});

describe('Logger and console', () => {
  it('collects log lines with Logger’s %s substitution and console’s formatting', () => {
    const env = createAppsScriptEnvironment();
    const { Logger, console: scriptConsole } = env.globals;

    Logger.log('Pulled %s rows for %s', 42, '2026-Q4');
    Logger.log({ a: 1 });
    scriptConsole.warn('slow push: %d ms', 812);

    expect(env.logs).toEqual([
      { source: 'Logger', level: 'log', message: 'Pulled 42 rows for 2026-Q4' },
      { source: 'Logger', level: 'log', message: '[object Object]' },
      { source: 'console', level: 'warn', message: 'slow push: 812 ms' },
    ]);
    expect(Logger.getLog()).toBe('Pulled 42 rows for 2026-Q4\n[object Object]');
  });
});

describe('Session and ScriptApp', () => {
  it('reports the configured user, time zone and tokens', () => {
    const env = createAppsScriptEnvironment({
      userEmail: 'lead@example.com',
      timeZone: 'Europe/Paris',
      identityToken: 'eyJ.fake.token',
      oauthToken: 'ya29.fake',
    });
    const { Session, ScriptApp } = env.globals;

    expect(Session.getActiveUser().getEmail()).toBe('lead@example.com');
    expect(Session.getEffectiveUser().getEmail()).toBe('lead@example.com');
    expect(Session.getScriptTimeZone()).toBe('Europe/Paris');
    expect(env.spreadsheet.getSpreadsheetTimeZone()).toBe('Europe/Paris');
    expect(ScriptApp.getIdentityToken()).toBe('eyJ.fake.token');
    expect(ScriptApp.getOAuthToken()).toBe('ya29.fake');
  });

  it('asks an identity token function on every call, so tests can rotate or expire tokens', () => {
    let issued = 0;
    const env = createAppsScriptEnvironment({ identityToken: () => `token-${++issued}` });

    const tokens = [env.globals.ScriptApp.getIdentityToken(), env.globals.ScriptApp.getIdentityToken()];

    expect(tokens).toEqual(['token-1', 'token-2']);
  });

  it('names the spreadsheet as configured', () => {
    const env = createAppsScriptEnvironment({ spreadsheetName: 'Team OKRs', spreadsheetId: 'sheet-id-1' });

    expect(env.spreadsheet.getName()).toBe('Team OKRs');
    expect(env.spreadsheet.getId()).toBe('sheet-id-1');
    expect(env.spreadsheet.getUrl()).toBe('https://docs.google.com/spreadsheets/d/sheet-id-1/edit');
  });
});
