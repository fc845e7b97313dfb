// What AWS would bill for one request in on-demand mode, computed from the items it actually wrote or read,
// because DynamoDB Local's own figures do not follow the billing rules: a write is 1 unit per started KB of
// each item (a transactional one twice), a strongly consistent read 1 unit per started 4 KB of each item
// (a Query: of the items together), a transactional read twice.
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { estimateItemSize, type StorableItem } from '@okr-ledger/event-store';

const KB = 1024;
const ATTRIBUTE_VALUE_KEYS = new Set(['S', 'N', 'B', 'BOOL', 'NULL', 'M', 'L', 'SS', 'NS', 'BS']);

type Item = Record<string, unknown>;

/** Items reach the low-level client marshalled ({ S: … }); measure them in their native form. */
function nativeOf(item: Item): StorableItem {
  const marshalled = Object.values(item).every((value) => {
    if (typeof value !== 'object' || value === null || value instanceof Uint8Array) return false;
    const keys = Object.keys(value);
    return keys.length === 1 && ATTRIBUTE_VALUE_KEYS.has(keys[0] as string);
  });
  return (marshalled ? unmarshall(item as Record<string, AttributeValue>) : item) as StorableItem;
}

export const itemBytes = (item: Item): number => estimateItemSize(nativeOf(item));

const writeUnitsOf = (item: Item) => Math.max(1, Math.ceil(itemBytes(item) / KB));
const readUnitsOf = (bytes: number) => Math.max(1, Math.ceil(bytes / (4 * KB)));

/**
 * An update is billed on the larger of the item before and after; the tip updates written here set every
 * attribute, so the key plus the values set is the item after.
 */
function updatedItem(update: Item): Item {
  const values = (update.ExpressionAttributeValues ?? {}) as Item;
  const names = (update.ExpressionAttributeNames ?? {}) as Record<string, string>;
  const item: Item = { ...((update.Key ?? {}) as Item) };
  for (const [placeholder, value] of Object.entries(values)) {
    const name = names[`#${placeholder.slice(1)}`];
    if (name !== undefined) item[name] = value;
  }
  return item;
}

export function billedWriteUnits(operation: string, input: Item): number {
  switch (operation) {
    case 'PutItem':
      return writeUnitsOf(input.Item as Item);
    case 'UpdateItem':
      return writeUnitsOf(updatedItem(input));
    case 'DeleteItem':
      return 1;
    case 'BatchWriteItem':
      return Object.values((input.RequestItems ?? {}) as Record<string, Item[]>)
        .flat()
        .reduce((sum, request) => {
          const put = request.PutRequest as Item | undefined;
          return sum + (put ? writeUnitsOf(put.Item as Item) : 1);
        }, 0);
    case 'TransactWriteItems':
      return ((input.TransactItems ?? []) as Item[]).reduce((sum, action) => {
        const put = action.Put as Item | undefined;
        const update = action.Update as Item | undefined;
        const units = put ? writeUnitsOf(put.Item as Item) : update ? writeUnitsOf(updatedItem(update)) : 1;
        return sum + 2 * units;
      }, 0);
    default:
      return 0;
  }
}

export function billedReadUnits(operation: string, output: Item): number {
  switch (operation) {
    case 'GetItem':
      return output.Item ? readUnitsOf(itemBytes(output.Item as Item)) : 1;
    case 'BatchGetItem':
      return Object.values((output.Responses ?? {}) as Record<string, Item[]>)
        .flat()
        .reduce((sum, item) => sum + readUnitsOf(itemBytes(item)), 0);
    case 'Query':
    case 'Scan': {
      const bytes = ((output.Items ?? []) as Item[]).reduce((sum, item) => sum + itemBytes(item), 0);
      return readUnitsOf(bytes);
    }
    case 'TransactGetItems':
      return ((output.Responses ?? []) as Item[]).reduce(
        (sum, response) => sum + 2 * readUnitsOf(itemBytes((response.Item ?? {}) as Item)),
        0,
      );
    default:
      return 0;
  }
}
