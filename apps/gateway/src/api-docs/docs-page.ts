import { createHash } from 'node:crypto';
import type { Json, Operation, Paths } from './openapi-types';

const esc = (s: unknown) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const STYLE =
  'body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1b1b1f}code,pre{font:13px ui-monospace,monospace}pre{background:#f4f4f6;padding:.6rem;overflow:auto}section{border-top:1px solid #ddd;padding:.5rem 0}.m{font-weight:700;text-transform:uppercase;margin-right:.5rem}a:focus,summary:focus{outline:2px solid #2450d8}';

/** The page's security headers: no script at all, its one inline style by hash. */
export const DOCS_PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': `default-src 'none'; style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
};

function operation(path: string, method: string, o: Operation): string {
  const params = (o.parameters ?? []).map((p) => `<li><code>${esc(p.name)}</code> (${esc(p.in)}) ${esc(p.description ?? '')}</li>`).join('');
  const example = (o.requestBody?.content as Record<string, { example?: unknown }> | undefined)?.['application/json']?.example;
  const statuses = Object.entries(o.responses)
    .map(([s, r]) => `<code>${esc(s)}</code>${r.description ? ` ${esc(r.description)}` : ''}`)
    .join(', ');
  const security = (o.security ?? []).map((alt) => Object.keys(alt).join(' + ')).join(' or ') || 'none';
  return `<section id="${esc(`${method}-${path}`)}"><h3><span class="m">${esc(method)}</span><code>${esc(path)}</code></h3>
<p>${esc(o.summary)}. ${esc(o.description ?? '')}</p><p>Auth: ${esc(security)}</p>
${params ? `<ul>${params}</ul>` : ''}${example === undefined ? '' : `<details><summary>Example body</summary><pre>${esc(JSON.stringify(example, null, 2))}</pre></details>`}
<p>Answers: ${statuses}${o.externalDocs ? ` · <a href="${esc(o.externalDocs.url)}">full schema</a>` : ''}</p></section>`;
}

/** /api/docs: the document as a plain page (no script, works under a strict CSP); the machine-readable one is /api/docs-json. */
export function docsPage(doc: Json): string {
  const info = doc.info as { title: string; description: string };
  const paths = doc.paths as Paths;
  const body = Object.entries(paths)
    .flatMap(([path, ops]) => Object.entries(ops).map(([method, o]) => operation(path, method, o)))
    .join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(info.title)}</title><style>${STYLE}</style></head>
<body><main><h1>${esc(info.title)}</h1><p>${esc(info.description)}</p>
<p>The OpenAPI 3.1 document: <a href="/api/docs-json">/api/docs-json</a> (load it into any OpenAPI viewer or client generator).</p>
<h2>Routes</h2>${body}</main></body></html>`;
}
