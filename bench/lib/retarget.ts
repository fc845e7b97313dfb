// Rewrites a captured DynamoDB request so it addresses another organization's items: the bare-write
// baseline of the latency measurement replays the API's own transaction this way.

/** How a binary attribute (the gzipped snapshot, a stored answer) crosses the JSON rewrite intact. */
const BYTES = '$bytes';

function bytesAsText(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const raw = this[key];
  return raw instanceof Uint8Array ? { [BYTES]: Buffer.from(raw).toString('base64') } : value;
}

function textAsBytes(_key: string, value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const encoded = (value as Record<string, unknown>)[BYTES];
  return typeof encoded === 'string' && Object.keys(value).length === 1
    ? new Uint8Array(Buffer.from(encoded, 'base64'))
    : value;
}

/**
 * The same request for another organization: every key and `org` attribute that names `from` names `to`
 * instead. Both names must be equally long so the items keep their sizes (and so their units); binary
 * attributes stay bytes.
 */
export function retargetOrganization<T>(input: T, from: string, to: string): T {
  if (from.length !== to.length) throw new RangeError(`"${from}" and "${to}" must be equally long`);
  const json = JSON.stringify(input, bytesAsText)
    .replaceAll(`"${from}#`, `"${to}#`)
    .replaceAll(`"${from}"`, `"${to}"`);
  return JSON.parse(json, textAsBytes) as T;
}
