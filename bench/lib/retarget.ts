// Rewrites a captured DynamoDB request so it addresses another organization's items: the bare-write
// baseline of the latency measurement replays the API's own transaction this way.

/**
 * The same request for another organization: every key and `org` attribute that names `from` names `to`
 * instead. Both names must be equally long so the items keep their sizes (and so their units).
 */
export function retargetOrganization<T>(input: T, from: string, to: string): T {
  if (from.length !== to.length) throw new RangeError(`"${from}" and "${to}" must be equally long`);
  const json = JSON.stringify(input).replaceAll(`"${from}#`, `"${to}#`).replaceAll(`"${from}"`, `"${to}"`);
  return JSON.parse(json) as T;
}
