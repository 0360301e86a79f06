import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { resolve } from 'node:path';
import { ConsoleFile, loadConsoleFiles } from './console-files';

/** Which build a ConsoleModule serves: the customer console (public port) or the admin console (admin port). */
export interface ConsoleOptions {
  /** The built SPA's directory (index.html + assets/). */
  dir: string;
}
export const CONSOLE_OPTIONS = Symbol('CONSOLE_OPTIONS');

/** What a /console URL names. */
export type ConsoleLookup = { kind: 'file'; file: ConsoleFile; immutable: boolean } | { kind: 'missing' } | { kind: 'bad-path' } | { kind: 'not-built' };

const INDEX = 'index.html';
/** Vite puts content-hashed names under assets/: they never change, so may be cached for good. */
const HASHED = 'assets/';

/**
 * A console's single-page app, read into memory once at start (the build is small): a
 * rebuilt console is served after the gateway restarts. A URL can only ever name one of the
 * files found then, so nothing outside the directory is reachable whatever the URL holds.
 */
@Injectable()
export class ConsoleService implements OnModuleInit {
  private readonly logger = new Logger('Console');
  private files: Map<string, ConsoleFile> | null = null;
  readonly dir: string;

  constructor(@Inject(CONSOLE_OPTIONS) options: ConsoleOptions) {
    this.dir = resolve(options.dir);
  }

  onModuleInit(): void {
    try {
      this.files = loadConsoleFiles(this.dir);
    } catch (err) {
      this.logger.error({ dir: this.dir, err: err instanceof Error ? err.message : String(err) }, 'console files could not be read; /console answers 503');
      return;
    }
    if (!this.files) this.logger.warn({ dir: this.dir }, 'console not built (npm run build:console); /console answers 503');
    else this.logger.log({ dir: this.dir, files: this.files.size }, 'console loaded');
  }

  /**
   * `path` is the part of the raw (still percent-encoded) URL path after "/console/". A path
   * with no file extension is a client-side route and gets index.html; a missing file with an
   * extension does not (a stale asset URL must fail, not load HTML as a script).
   */
  lookup(path: string): ConsoleLookup {
    if (!this.files) return { kind: 'not-built' };
    const name = decodePath(path);
    if (name === null) return { kind: 'bad-path' };
    const file = this.files.get(name || INDEX);
    if (file) return { kind: 'file', file, immutable: name.startsWith(HASHED) };
    if (/\.[^/]*$/.test(name)) return { kind: 'missing' };
    return { kind: 'file', file: this.files.get(INDEX)!, immutable: false };
  }
}

/** The decoded relative path, or null for anything that could step outside or is not a plain path. */
function decodePath(path: string): string | null {
  if (path.includes('\\')) return null;
  let name: string;
  try {
    name = decodeURIComponent(path);
  } catch {
    return null;
  }
  if (/[\0\\]/.test(name)) return null;
  if (name.endsWith('/')) name = name.slice(0, -1); // "/console/keys/" is the route "keys"
  if (name === '') return '';
  return name.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..') ? name : null;
}
