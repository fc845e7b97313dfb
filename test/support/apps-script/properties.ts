// Owns PropertiesService: three string-valued stores (document, user, script) with Apps Script's limits —
// 9 KB per value and 500 KB per store — enforced before anything is written, so a refused write leaves
// the store as it was.
import type { Execution } from './execution.js';

export const MAX_PROPERTY_VALUE_BYTES = 9 * 1024;
export const MAX_PROPERTY_STORE_BYTES = 500 * 1024;

const byteLength = (text: string): number => Buffer.byteLength(text, 'utf8');

export class FakeProperties {
  private readonly values = new Map<string, string>();

  constructor(private readonly execution: Execution) {}

  private sizeWith(changes: Map<string, string | null>): number {
    let total = 0;
    for (const [key, value] of this.values)
      if (!changes.has(key)) total += byteLength(key) + byteLength(value);
    for (const [key, value] of changes) if (value !== null) total += byteLength(key) + byteLength(value);
    return total;
  }

  private apply(changes: Map<string, string | null>): void {
    for (const value of changes.values()) {
      if (value !== null && byteLength(value) > MAX_PROPERTY_VALUE_BYTES) {
        throw this.execution.exception('Argument too large: value');
      }
    }
    if (this.sizeWith(changes) > MAX_PROPERTY_STORE_BYTES) {
      throw this.execution.exception(
        'You have exceeded the property storage quota. Please remove some properties and try again.',
      );
    }
    for (const [key, value] of changes) {
      if (value === null) this.values.delete(key);
      else this.values.set(key, value);
    }
  }

  private stringValue(value: unknown, argument: string): string {
    if (value === null || value === undefined)
      throw this.execution.exception(`Invalid argument: ${argument}`);
    return String(value);
  }

  getProperty(key: string): string | null {
    return this.values.get(String(key)) ?? null;
  }

  getProperties(): Record<string, string> {
    return this.execution.bridge.record(Object.fromEntries(this.values));
  }

  getKeys(): string[] {
    return this.execution.bridge.array([...this.values.keys()]);
  }

  setProperty(key: string, value: string): this {
    this.apply(new Map([[this.stringValue(key, 'key'), this.stringValue(value, 'value')]]));
    return this;
  }

  setProperties(properties: Record<string, unknown>, deleteAllOthers = false): this {
    const changes = new Map<string, string | null>();
    if (deleteAllOthers) for (const key of this.values.keys()) changes.set(key, null);
    for (const [key, value] of Object.entries(properties)) changes.set(key, this.stringValue(value, 'value'));
    this.apply(changes);
    return this;
  }

  deleteProperty(key: string): this {
    this.values.delete(String(key));
    return this;
  }

  deleteAllProperties(): this {
    this.values.clear();
    return this;
  }

  /** Test helper (not Apps Script): bytes used, as counted against the 500 KB quota. */
  bytesUsed(): number {
    return this.sizeWith(new Map());
  }
}

export function createPropertiesService(
  stores: {
    document: FakeProperties;
    user: FakeProperties;
    script: FakeProperties;
  },
  execution?: Execution,
) {
  const get = (name: string, store: FakeProperties) => () => {
    execution?.requireAuthorization(`PropertiesService.${name}`);
    return store;
  };
  return {
    getDocumentProperties: get('getDocumentProperties', stores.document),
    getUserProperties: get('getUserProperties', stores.user),
    getScriptProperties: get('getScriptProperties', stores.script),
  };
}
