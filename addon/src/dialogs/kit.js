// What every quarter dialog does with Apps Script: call the server, show a failure, close when done.
// Inlined by addon/build.ts inside each dialog's own function scope.
// biome-ignore-all lint/correctness/noUnusedVariables: a fragment inlined into each dialog's script, whose code uses these
const run = (success, failure) => google.script.run.withSuccessHandler(success).withFailureHandler(failure);
const el = (id) => document.getElementById(id);
const fail = (error) => {
  el('loading').hidden = true;
  el('submit').disabled = false;
  el('status').textContent = '';
  el('failure').hidden = false;
  el('failure').textContent = error?.message || String(error);
};
const done = (result) => {
  el('status').textContent = result.message;
  google.script.host.close();
};
const sending = (what) => {
  el('failure').hidden = true;
  el('submit').disabled = true;
  el('status').textContent = what;
};
el('cancel').addEventListener('click', () => google.script.host.close());
