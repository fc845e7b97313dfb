// PropertiesService limits, LockService contention with "another execution", CacheService expiry and limits.
import { describe, expect, it } from 'vitest';
import { createAppsScriptEnvironment } from '../../support/apps-script/index.js';

describe('PropertiesService', () => {
  it('keeps three separate stores of strings', () => {
    // Prepare
    const env = createAppsScriptEnvironment();
    const { PropertiesService } = env.globals;

    // Act
    PropertiesService.getDocumentProperties().setProperty('apiUrl', 'http://127.0.0.1:8787');
    PropertiesService.getUserProperties().setProperties({ org: 'acme', pulls: 3 });
    PropertiesService.getScriptProperties().setProperty('flag', 'on');

    // Assess
    expect(env.properties.document.getProperties()).toEqual({ apiUrl: 'http://127.0.0.1:8787' });
    expect(env.properties.user.getProperties()).toEqual({ org: 'acme', pulls: '3' });
    expect(env.properties.user.getProperty('pulls')).toBe('3');
    expect(env.properties.script.getProperty('missing')).toBeNull();
  });

  it('deletes one or all properties, and replaces all with deleteAllOthers', () => {
    const env = createAppsScriptEnvironment();
    const store = env.properties.document;
    store.setProperties({ a: '1', b: '2', c: '3' });

    store.deleteProperty('a');
    const afterDelete = store.getKeys();
    store.setProperties({ z: '26' }, true);
    const afterReplace = store.getProperties();
    store.deleteAllProperties();

    expect(afterDelete).toEqual(['b', 'c']);
    expect(afterReplace).toEqual({ z: '26' });
    expect(store.getProperties()).toEqual({});
  });

  it('refuses a value over 9 KB', () => {
    const env = createAppsScriptEnvironment();

    const act = () =>
      env.globals.PropertiesService.getDocumentProperties().setProperty('board', 'x'.repeat(9 * 1024 + 1));

    expect(act).toThrow('Argument too large: value');
    expect(env.properties.document.getProperty('board')).toBeNull();
  });

  it('accepts a value of exactly 9 KB, counting bytes rather than characters', () => {
    const env = createAppsScriptEnvironment();
    const store = env.properties.user;

    store.setProperty('ascii', 'x'.repeat(9 * 1024));

    expect(() => store.setProperty('accents', 'é'.repeat(4609))).toThrow('Argument too large: value');
  });

  it('refuses to grow a store past 500 KB and leaves it unchanged', () => {
    // Prepare: 56 values of 9,100 bytes, just under the 512,000-byte quota
    const env = createAppsScriptEnvironment();
    const store = env.properties.document;
    for (let index = 0; index < 56; index++) store.setProperty(`k${index}`, 'x'.repeat(9_100));
    const before = store.bytesUsed();

    // Act
    const act = () => store.setProperties({ more: 'x'.repeat(9_100) });

    // Assess
    expect(act).toThrow(
      'You have exceeded the property storage quota. Please remove some properties and try again.',
    );
    expect(store.bytesUsed()).toBe(before);
    expect(store.getProperty('more')).toBeNull();
  });

  it('refuses a null value', () => {
    const env = createAppsScriptEnvironment();

    expect(() => env.properties.script.setProperty('k', null as unknown as string)).toThrow(
      'Invalid argument: value',
    );
  });
});

describe('LockService', () => {
  it('takes, reports and releases a free lock', () => {
    const env = createAppsScriptEnvironment();
    const lock = env.globals.LockService.getDocumentLock();

    const acquired = lock.tryLock(5_000);
    const held = lock.hasLock();
    lock.releaseLock();

    expect(acquired).toBe(true);
    expect(held).toBe(true);
    expect(lock.hasLock()).toBe(false);
    expect(env.locks.document.holder).toBe('nobody');
  });

  it('fails tryLock while another execution holds the lock', () => {
    const env = createAppsScriptEnvironment();
    env.locks.document.holdByOther();

    const acquired = env.globals.LockService.getDocumentLock().tryLock(10_000);

    expect(acquired).toBe(false);
    expect(env.locks.document.holder).toBe('another execution');
    expect(env.locks.document.events).toEqual([{ action: 'tryLock', timeoutMs: 10_000, acquired: false }]);
  });

  it('throws Apps Script’s timeout from waitLock while the lock is held', () => {
    const env = createAppsScriptEnvironment();
    env.locks.document.holdByOther();

    const act = () => env.globals.LockService.getDocumentLock().waitLock(30_000);

    expect(act).toThrow('Lock timeout: another process was holding the lock for too long.');
  });

  it('gets the lock when the other execution lets go within the timeout', () => {
    const env = createAppsScriptEnvironment();
    env.locks.document.holdByOther({ releaseAfterMs: 2_000 });

    const tooShort = env.globals.LockService.getDocumentLock().tryLock(1_000);
    const longEnough = env.globals.LockService.getDocumentLock().tryLock(3_000);

    expect([tooShort, longEnough]).toEqual([false, true]);
    expect(env.locks.document.holder).toBe('this execution');
  });

  it('keeps document, script and user locks independent', () => {
    const env = createAppsScriptEnvironment();
    env.locks.script.holdByOther();

    expect(env.globals.LockService.getDocumentLock().tryLock(0)).toBe(true);
    expect(env.globals.LockService.getUserLock().tryLock(0)).toBe(true);
    expect(env.globals.LockService.getScriptLock().tryLock(0)).toBe(false);
  });

  it('is free again once the other execution releases it', () => {
    const env = createAppsScriptEnvironment();
    env.locks.user.holdByOther();

    env.locks.user.releaseByOther();

    expect(env.globals.LockService.getUserLock().tryLock(0)).toBe(true);
  });
});

describe('CacheService', () => {
  it('stores values until they expire on the environment clock', () => {
    // Prepare
    let now = new Date('2026-01-05T10:00:00Z');
    const env = createAppsScriptEnvironment({ now: () => now });
    const cache = env.globals.CacheService.getUserCache();

    // Act
    cache.put('board', '{"objectives":[]}', 60);
    const fresh = cache.get('board');
    now = new Date('2026-01-05T10:01:01Z');

    // Assess
    expect(fresh).toBe('{"objectives":[]}');
    expect(cache.get('board')).toBeNull();
  });

  it('reads and removes several keys at once', () => {
    const env = createAppsScriptEnvironment();
    const cache = env.globals.CacheService.getScriptCache();
    cache.putAll({ a: '1', b: '2', c: '3' });

    cache.removeAll(['a']);
    cache.remove('c');

    expect(cache.getAll(['a', 'b', 'c'])).toEqual({ b: '2' });
  });

  it('refuses values over 100 KB and keys over 250 characters', () => {
    const env = createAppsScriptEnvironment();
    const cache = env.globals.CacheService.getDocumentCache();

    expect(() => cache.put('big', 'x'.repeat(100 * 1024 + 1))).toThrow('Argument too large: value');
    expect(() => cache.put('k'.repeat(251), 'v')).toThrow('Argument too large: key');
  });
});
