import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** A stand-in for the console's Vite build (dist/console): an index.html, hashed assets, a few typed files. */
export interface ConsoleFixture {
  /** CONSOLE_DIR for the gateway. */
  dir: string;
  /** A file beside `dir` (not in it) that no /console URL may ever return. */
  outsideSecret: string;
  remove(): void;
}

/** What the fixture's script sets document.title to once it ran. */
export const FIXTURE_TITLE = 'Tollgate console fixture: script ran';

export const FIXTURE_INDEX = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Tollgate console fixture</title>
    <link rel="icon" href="/console/favicon.ico" />
    <link rel="stylesheet" href="/console/assets/app-abc123.css" />
    <script type="module" src="/console/assets/app-abc123.js"></script>
  </head>
  <body>
    <main id="root">loading</main>
  </body>
</html>
`;

export const FIXTURE_SCRIPT = `document.title = ${JSON.stringify(FIXTURE_TITLE)};
document.getElementById('root').textContent = 'route ' + location.pathname + location.search;
`;

/** A page whose inline script the console's CSP must refuse (script-src 'self' allows no inline code). */
const INLINE_PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>inline not run</title>
<script>document.title = 'inline ran';</script></head><body></body></html>
`;

export function consoleFixture(): ConsoleFixture {
  const root = mkdtempSync(join(tmpdir(), 'tollgate-console-'));
  const dir = join(root, 'console');
  mkdirSync(join(dir, 'assets'), { recursive: true });
  const outsideSecret = `outside-${Math.random().toString(36).slice(2)}`;
  writeFileSync(join(root, 'secret.txt'), outsideSecret);
  writeFileSync(join(root, 'package.json'), JSON.stringify({ secret: outsideSecret }));
  writeFileSync(join(dir, 'index.html'), FIXTURE_INDEX);
  writeFileSync(join(dir, 'inline-script.html'), INLINE_PAGE);
  writeFileSync(join(dir, 'assets', 'app-abc123.js'), FIXTURE_SCRIPT);
  writeFileSync(join(dir, 'assets', 'app-abc123.js.gz'), gzipSync(FIXTURE_SCRIPT));
  writeFileSync(join(dir, 'assets', 'app-abc123.js.map'), '{"version":3,"sources":[],"mappings":""}');
  writeFileSync(join(dir, 'assets', 'app-abc123.css'), 'main { font-family: sans-serif; color: #123; }\n');
  writeFileSync(join(dir, 'assets', 'logo-abc123.svg'), '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>');
  writeFileSync(join(dir, 'assets', 'inter-abc123.woff2'), Buffer.from('wOF2fixture'));
  writeFileSync(join(dir, 'assets', 'pixel-abc123.png'), Buffer.from('89504e470d0a1a0a', 'hex'));
  writeFileSync(join(dir, 'favicon.ico'), Buffer.from([0, 0, 1, 0]));
  writeFileSync(join(dir, 'manifest.json'), '{"name":"Tollgate"}');
  return { dir, outsideSecret, remove: () => rmSync(root, { recursive: true, force: true }) };
}
