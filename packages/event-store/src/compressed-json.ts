// Gzipped JSON for large, repetitive attributes (folded states). DynamoDB charges write units per kilobyte
// of the whole item on every write and read units per 4 KB read, and a state's JSON repeats its keys, so
// compressing it cuts both several-fold. Used for stream tips and for the views' objective items.
import { gunzipSync, gzipSync } from 'node:zlib';

export function compressJson(value: unknown): Uint8Array {
  return gzipSync(JSON.stringify(value ?? null));
}

export function decompressJson<T = unknown>(compressed: Uint8Array): T {
  return JSON.parse(gunzipSync(compressed).toString('utf8')) as T;
}
