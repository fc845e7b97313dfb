// The forms the store hands out for what it keeps: an instant in its one stored form, a tip item as the
// StreamTip and a command item as the CommandRecord callers read.
import { decompressJson } from './compressed-json.js';
import type { CommandItem, TipItem } from './items.js';
import type { CommandRecord, StreamTip } from './store-types.js';

/** One canonical form (UTC, milliseconds), so stored instants sort and compare correctly even as strings. */
export function canonicalInstant(label: string, value: string | Date): string {
  const instant = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(instant.getTime())) {
    throw new TypeError(`${label} is not a valid instant: ${String(value)}`);
  }
  return instant.toISOString();
}

export function toCommandRecord(item: CommandItem, commandId: string): CommandRecord {
  const response =
    item.responseGzip === undefined
      ? item.response
      : decompressJson<Record<string, unknown>>(item.responseGzip);
  return {
    commandId,
    streamId: item.streamId,
    firstVersion: item.firstVersion,
    lastVersion: item.lastVersion,
    ...(item.fingerprint === undefined ? {} : { fingerprint: item.fingerprint }),
    ...(item.appendId === undefined ? {} : { appendId: item.appendId }),
    ...(response === undefined ? {} : { response }),
    recordedAt: item.recordedAt,
  };
}

export function toTip<S>(item: TipItem, org: string): StreamTip<S> {
  const cyclePrefix = `${org}#`;
  return {
    streamId: item.streamId,
    version: item.version,
    // Written by `append` from the state of this stream; the caller names the state type it stored.
    snapshot: (item.snapshotGzip === undefined ? item.snapshot : decompressJson(item.snapshotGzip)) as S,
    snapshotSchemaVersion: item.snapshotSchemaVersion,
    updatedAt: item.updatedAt,
    ...(item.cyclePk?.startsWith(cyclePrefix) ? { cycleId: item.cyclePk.slice(cyclePrefix.length) } : {}),
  };
}
