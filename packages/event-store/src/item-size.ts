// What DynamoDB will count for an item, computed before sending it, so an append that would break a size
// limit is refused whole instead of failing half-way through a retry loop. Also the one place that turns
// arbitrary JS data into something DynamoDB can store (no undefined, no NaN).

/** DynamoDB's published limits for one TransactWriteItems call and one item. */
export const DYNAMO_LIMITS = {
  transactionActions: 100,
  transactionBytes: 4 * 1024 * 1024,
  itemBytes: 400 * 1024,
} as const;

/** A value DynamoDB can store, as the document client marshals it. */
export type StorableValue =
  | string
  | number
  | boolean
  | null
  | Uint8Array
  | StorableValue[]
  | { [key: string]: StorableValue };

export type StorableItem = { [key: string]: StorableValue };

const utf8Length = (text: string): number => Buffer.byteLength(text, 'utf8');

/**
 * Deep copy that DynamoDB accepts: `undefined` members are dropped and `undefined` list entries become null
 * (the same choice JSON makes), Dates become ISO strings, non-finite numbers are refused because DynamoDB has
 * no representation for them and silently storing null would change the meaning of a measurement.
 */
export function toStorable(value: unknown, path = '$'): StorableValue {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (!Number.isFinite(value))
        throw new TypeError(`${path} is ${value}; DynamoDB stores finite numbers only`);
      return value;
    case 'object':
      break;
    default:
      throw new TypeError(`${path} is a ${typeof value}; only data can be stored`);
  }
  if (value instanceof Uint8Array) return value;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((entry, index) => toStorable(entry, `${path}[${index}]`));
  const copy: { [key: string]: StorableValue } = {};
  for (const [key, member] of Object.entries(value)) {
    if (member !== undefined) copy[key] = toStorable(member, `${path}.${key}`);
  }
  return copy;
}

export function toStorableItem(item: Record<string, unknown>): StorableItem {
  const storable = toStorable(item);
  if (
    storable === null ||
    typeof storable !== 'object' ||
    Array.isArray(storable) ||
    storable instanceof Uint8Array
  ) {
    throw new TypeError('an item must be an object');
  }
  return storable;
}

/**
 * Numbers cost one byte per two significant digits plus one (leading and trailing zeros do not count).
 * The significant digits are read from the shortest decimal form JS prints, which is what the document
 * client sends.
 */
function numberSize(value: number): number {
  const mantissa = Math.abs(value)
    .toExponential()
    .replace(/e.*$/, '')
    .replace('.', '')
    .replace(/^0+/, '')
    .replace(/0+$/, '');
  const significantDigits = Math.max(1, mantissa.length);
  return Math.ceil(significantDigits / 2) + 1;
}

/** Size of one attribute value, not counting its name. Maps and lists: 3 bytes plus 1 byte per element. */
export function estimateValueSize(value: StorableValue): number {
  if (value === null || typeof value === 'boolean') return 1;
  if (typeof value === 'string') return utf8Length(value);
  if (typeof value === 'number') return numberSize(value);
  if (value instanceof Uint8Array) return value.byteLength;
  if (Array.isArray(value)) {
    return value.reduce<number>((size, entry) => size + 1 + estimateValueSize(entry), 3);
  }
  return Object.entries(value).reduce<number>(
    (size, [key, member]) => size + 1 + utf8Length(key) + estimateValueSize(member),
    3,
  );
}

/** Size of an item as DynamoDB counts it against the 400 KB item and 4 MB transaction limits. */
export function estimateItemSize(item: StorableItem): number {
  return Object.entries(item).reduce(
    (size, [name, value]) => size + utf8Length(name) + estimateValueSize(value),
    0,
  );
}
