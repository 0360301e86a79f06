import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';

/** One file of the console's build, held in memory with what its answer needs. */
export interface ConsoleFile {
  body: Buffer;
  type: string;
  etag: string;
  /** Precompressed copies the build wrote beside it (`<file>.br`, `<file>.gz`), if any. */
  br?: Buffer;
  gzip?: Buffer;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

export function contentTypeOf(path: string): string {
  return TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * `<repository>/dist/<name>` (`console`, or `admin-console`): the repository is the first folder
 * above this file whose package.json declares workspaces, so this holds from the TypeScript
 * sources (jest) and from dist/ (node dist/apps/gateway/src/main.js, the Docker image) alike.
 */
export function defaultConsoleDir(from = __dirname, name: 'console' | 'admin-console' = 'console'): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && 'workspaces' in (JSON.parse(readFileSync(manifest, 'utf8')) as object)) return join(dir, 'dist', name);
    if (dirname(dir) === dir) return resolve('dist', name);
  }
}

/** A configured directory (relative to the working directory), or the build's default when ''. */
export function consoleDirOf(configured: string, name: 'console' | 'admin-console'): string {
  return configured ? resolve(configured) : defaultConsoleDir(__dirname, name);
}

function* walk(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (entry.isFile()) yield path;
  }
}

/**
 * Every file under `dir`, keyed by its path relative to it with `/` separators ("index.html",
 * "assets/app-abc123.js"). Only these keys can ever be served, whatever a URL says. Null when
 * the directory or its index.html is missing (the console was not built).
 */
export function loadConsoleFiles(dir: string): Map<string, ConsoleFile> | null {
  if (!existsSync(join(dir, 'index.html')) || !statSync(dir).isDirectory()) return null;
  const files = new Map<string, ConsoleFile>();
  const raw = new Map<string, Buffer>();
  for (const path of walk(dir)) raw.set(relative(dir, path).split(sep).join('/'), readFileSync(path));
  for (const [name, body] of raw) {
    if (/\.(br|gz)$/.test(name) && raw.has(name.slice(0, -3))) continue;
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
    files.set(name, { body, type: contentTypeOf(name), etag, br: raw.get(`${name}.br`), gzip: raw.get(`${name}.gz`) });
  }
  return files;
}
