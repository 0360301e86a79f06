import type { FastifyReply } from 'fastify';
import type { IncomingHttpHeaders } from 'node:http';
import type { ConsoleFile } from './console-files';
import type { ConsoleLookup } from './console.service';

/** On every /console answer, errors included: the SPA loads only its own scripts, styles and fonts, and calls only its own origin. */
export const CONSOLE_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
};

const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

const TEXT: Record<Exclude<ConsoleLookup['kind'], 'file'>, { status: number; text: string }> = {
  missing: { status: 404, text: 'Not found\n' },
  'bad-path': { status: 400, text: 'Bad path\n' },
  'not-built': { status: 503, text: 'The Tollgate console has not been built: run `npm run build:console`, then restart the gateway.\n' },
};

/** Writes a console lookup as the HTTP answer (HEAD gets the same headers, no body: Fastify's HEAD route). */
export function sendConsole(reply: FastifyReply, headers: IncomingHttpHeaders, found: ConsoleLookup): void {
  void reply.headers(CONSOLE_SECURITY_HEADERS);
  if (found.kind !== 'file') {
    const { status, text } = TEXT[found.kind];
    void reply.code(status).header('content-type', 'text/plain; charset=utf-8').header('cache-control', 'no-store').send(text);
    return;
  }
  const { file } = found;
  void reply
    .header('content-type', file.type)
    .header('cache-control', found.immutable ? IMMUTABLE : REVALIDATE)
    .header('etag', file.etag);
  if (file.br || file.gzip) void reply.header('vary', 'accept-encoding');
  if (matches(headers['if-none-match'], file.etag)) {
    void reply.code(304).send();
    return;
  }
  const [encoding, body] = encoded(file, headers['accept-encoding']);
  if (encoding) void reply.header('content-encoding', encoding);
  void reply.code(200).send(body);
}

function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  return !!ifNoneMatch && (ifNoneMatch.trim() === '*' || ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag));
}

/** The precompressed copy the client accepts (brotli first), else the file as it is. */
function encoded(file: ConsoleFile, acceptEncoding: string | string[] | undefined): [string | null, Buffer] {
  const accepted = new Set(
    String(acceptEncoding ?? '')
      .split(',')
      .map((part) => part.trim().toLowerCase().split(';'))
      .filter(([, q]) => !q || !/^\s*q\s*=\s*0(\.0*)?\s*$/.test(q))
      .map(([name]) => name),
  );
  if (file.br && accepted.has('br')) return ['br', file.br];
  if (file.gzip && accepted.has('gzip')) return ['gzip', file.gzip];
  return [null, file.body];
}
