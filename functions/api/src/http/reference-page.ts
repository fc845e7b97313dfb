// Renders the OpenAPI document as one self-contained HTML page for `/docs`. Chosen over Swagger UI, which
// loads its scripts from a CDN: this page works offline (the local stack), needs no third-party script in
// the browser, and cannot drift from `/openapi.json` because it is rendered from the same document.

interface Operation {
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: { name: string; in: string; required?: boolean; description?: string; schema?: unknown }[];
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  responses?: Record<string, { description?: string; content?: Record<string, unknown> }>;
  security?: unknown[];
}

interface OpenApiDocument {
  info: { title: string; version: string; description?: string };
  paths?: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, unknown> };
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

const anchorOf = (method: string, path: string) =>
  `${method}-${path}`.replace(/[^A-Za-z0-9]+/g, '-').replace(/-+$/, '');

function renderSchema(schema: unknown): string {
  return `<pre>${escapeHtml(JSON.stringify(schema, null, 2))}</pre>`;
}

function renderOperation(method: string, path: string, op: Operation): string {
  const parameters = (op.parameters ?? [])
    .map(
      (p) =>
        `<tr><td><code>${escapeHtml(p.name)}</code></td><td>${escapeHtml(p.in)}</td><td>${p.required ? 'yes' : ''}</td><td>${escapeHtml(p.description ?? '')}</td></tr>`,
    )
    .join('');
  const body = Object.entries(op.requestBody?.content ?? {})
    .map(([type, media]) => `<p>Body <code>${escapeHtml(type)}</code></p>${renderSchema(media.schema)}`)
    .join('');
  const responses = Object.entries(op.responses ?? {})
    .map(
      ([status, response]) =>
        `<tr><td>${escapeHtml(status)}</td><td>${escapeHtml(response.description ?? '')}</td><td>${Object.keys(
          response.content ?? {},
        )
          .map(escapeHtml)
          .join(', ')}</td></tr>`,
    )
    .join('');
  return `<section id="${anchorOf(method, path)}">
<h3><span class="method ${method}">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code></h3>
<p><strong>${escapeHtml(op.summary ?? '')}</strong>${op.security?.length ? ' <span class="lock">requires a Google ID token</span>' : ''}</p>
${op.description ? `<p>${escapeHtml(op.description)}</p>` : ''}
${parameters ? `<table><tr><th>parameter</th><th>in</th><th>required</th><th></th></tr>${parameters}</table>` : ''}
${body}
<table><tr><th>status</th><th>meaning</th><th>content</th></tr>${responses}</table>
</section>`;
}

export function renderReferencePage(document: OpenApiDocument): string {
  const operations = Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method]).map((method) => ({
      method,
      path,
      op: item[method] as Operation,
    })),
  );
  const index = operations
    .map(
      ({ method, path, op }) =>
        `<li><a href="#${anchorOf(method, path)}"><span class="method ${method}">${method.toUpperCase()}</span> ${escapeHtml(path)}</a> — ${escapeHtml(op.summary ?? '')}</li>`,
    )
    .join('');
  const schemas = Object.entries(document.components?.schemas ?? {})
    .map(
      ([name, schema]) =>
        `<section id="schema-${escapeHtml(name)}"><h3>${escapeHtml(name)}</h3>${renderSchema(schema)}</section>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(document.info.title)} — API reference</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font-family:system-ui,sans-serif;max-width:1100px;margin:2rem auto;padding:0 1rem;color:#1d2330}
code,pre{font-family:ui-monospace,monospace}pre{background:#f4f6f8;padding:.75rem;overflow:auto;max-height:24rem;font-size:.8rem}
table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #d8dde3;padding:.25rem .5rem;text-align:left;font-size:.9rem}
section{border-top:1px solid #e3e7ec;padding-top:.5rem;margin-top:1.5rem}.lock{color:#8a5a00;font-size:.85rem}
.method{display:inline-block;min-width:3.5rem;font-weight:700;font-size:.8rem}.get{color:#0b6bcb}.post{color:#1f8a3b}.put{color:#a45c00}.delete{color:#b3261e}
ul{line-height:1.7}a{text-decoration:none}
</style></head><body>
<h1>${escapeHtml(document.info.title)} <small>${escapeHtml(document.info.version)}</small></h1>
<p>${escapeHtml(document.info.description ?? '')}</p>
<p>Machine-readable document: <a href="/openapi.json">/openapi.json</a></p>
<h2>Operations</h2><ul>${index}</ul>
${operations.map(({ method, path, op }) => renderOperation(method, path, op)).join('\n')}
<h2>Schemas</h2>${schemas}
</body></html>`;
}
