// Owns CacheService: document, user and script caches with expiry on the environment's clock (default
// 600 s, at most 21,600 s) and Apps Script's size limits (key ≤ 250 characters, value ≤ 100 KB).
import type { Execution } from './execution.js';

export const MAX_CACHE_VALUE_BYTES = 100 * 1024;
export const MAX_CACHE_KEY_LENGTH = 250;
const DEFAULT_EXPIRATION_SECONDS = 600;
const MAX_EXPIRATION_SECONDS = 21_600;

export class FakeCache {
  private readonly entries = new Map<string, { value: string; expiresAt: number }>();

  constructor(private readonly execution: Execution) {}

  private checkKey(key: unknown): string {
    const text = String(key);
    if (text.length > MAX_CACHE_KEY_LENGTH) throw this.execution.exception('Argument too large: key');
    return text;
  }

  private checkValue(value: unknown): string {
    const text = String(value);
    if (Buffer.byteLength(text, 'utf8') > MAX_CACHE_VALUE_BYTES)
      throw this.execution.exception('Argument too large: value');
    return text;
  }

  get(key: string): string | null {
    const entry = this.entries.get(this.checkKey(key));
    if (!entry) return null;
    if (entry.expiresAt <= this.execution.now().getTime()) {
      this.entries.delete(String(key));
      return null;
    }
    return entry.value;
  }

  getAll(keys: string[]): Record<string, string> {
    const found: Record<string, string> = {};
    for (const key of keys) {
      const value = this.get(key);
      if (value !== null) found[key] = value;
    }
    return this.execution.bridge.record(found);
  }

  put(key: string, value: string, expirationInSeconds = DEFAULT_EXPIRATION_SECONDS): void {
    const seconds = Math.min(MAX_EXPIRATION_SECONDS, Math.max(1, expirationInSeconds));
    this.entries.set(this.checkKey(key), {
      value: this.checkValue(value),
      expiresAt: this.execution.now().getTime() + seconds * 1000,
    });
  }

  putAll(values: Record<string, string>, expirationInSeconds = DEFAULT_EXPIRATION_SECONDS): void {
    for (const [key, value] of Object.entries(values)) {
      this.checkKey(key);
      this.checkValue(value);
    }
    for (const [key, value] of Object.entries(values)) this.put(key, value, expirationInSeconds);
  }

  remove(key: string): void {
    this.entries.delete(String(key));
  }

  removeAll(keys: string[]): void {
    for (const key of keys) this.entries.delete(String(key));
  }
}

export function createCacheService(caches: { document: FakeCache; user: FakeCache; script: FakeCache }) {
  return {
    getDocumentCache: () => caches.document,
    getUserCache: () => caches.user,
    getScriptCache: () => caches.script,
  };
}
