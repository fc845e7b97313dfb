// Owns the boundary between the fakes (host realm) and the script under test (usually a `node:vm` context).
// Apps Script code checks `value instanceof Date`, `Array.isArray`, `err instanceof Error`; values built in
// the host realm fail `instanceof` inside a vm context, so everything the fakes hand back (arrays, dates,
// plain objects, thrown exceptions) is rebuilt with the intrinsics of the realm that will receive it.
import { types } from 'node:util';
import vm from 'node:vm';

interface Intrinsics {
  Array: ArrayConstructor;
  Date: DateConstructor;
  Object: ObjectConstructor;
  Error: ErrorConstructor;
}

const hostIntrinsics: Intrinsics = { Array, Date, Object, Error };

export function isDateValue(value: unknown): value is Date {
  return types.isDate(value);
}

export function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === null || Object.getPrototypeOf(proto) === null;
}

export class RealmBridge {
  private intrinsics: Intrinsics = hostIntrinsics;
  private boundContext: vm.Context | null = null;

  /** Later values and exceptions are built with the intrinsics of `context`. */
  bind(context: vm.Context): void {
    this.intrinsics = vm.runInContext('({ Array, Date, Object, Error })', context) as Intrinsics;
    this.boundContext = context;
  }

  get context(): vm.Context | null {
    return this.boundContext;
  }

  /** The `Exception` Apps Script throws: an Error named "Exception" (String(e) = "Exception: ..."). */
  exception(message: string): Error {
    const error = new this.intrinsics.Error(message);
    error.name = 'Exception';
    return error;
  }

  date(value: Date): Date {
    return new this.intrinsics.Date(value.getTime());
  }

  array<T>(items: readonly T[]): T[] {
    const result = new this.intrinsics.Array<T>();
    for (const item of items) result.push(this.value(item) as T);
    return result;
  }

  grid<T>(rows: readonly (readonly T[])[]): T[][] {
    const result = new this.intrinsics.Array<T[]>();
    for (const row of rows) result.push(this.array(row));
    return result;
  }

  record<T>(entries: Record<string, T>): Record<string, T> {
    const result = new this.intrinsics.Object() as Record<string, T>;
    for (const [key, item] of Object.entries(entries)) result[key] = this.value(item) as T;
    return result;
  }

  /** Deep copy of data values (arrays, dates, plain records); anything else (fake objects) is passed as is. */
  value(item: unknown): unknown {
    if (isDateValue(item)) return this.date(item);
    if (Array.isArray(item)) return this.array(item as unknown[]);
    if (isPlainRecord(item)) return this.record(item);
    return item;
  }
}
