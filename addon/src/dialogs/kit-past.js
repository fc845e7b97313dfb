// Instants and the cycle list of the dialogs that read the past (Board as of, Compare two dates).
// Inlined by addon/build.ts after kit.js.
// biome-ignore-all lint/correctness/noUnusedVariables: a fragment inlined into each dialog's script, whose code uses these
/** A datetime-local value read in the person's own time zone, sent as an ISO instant. */
const instant = (value) => (value ? new Date(value).toISOString() : '');
const local = (iso) => {
  const d = new Date(iso);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
};
const fillCycles = (options) => {
  for (const cycle of options.cycles) {
    const option = document.createElement('option');
    option.value = cycle.id;
    option.textContent = cycle.label;
    el('cycle').appendChild(option);
  }
  el('cycle').value = options.preferredCycleId;
};
