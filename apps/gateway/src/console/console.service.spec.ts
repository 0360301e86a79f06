import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { defaultConsoleDir } from './console-files';
import { ConsoleService } from './console.service';

const REPO = resolve(__dirname, '../../../..');

describe('defaultConsoleDir', () => {
  it('is dist/console at the repository root, from the sources and from the compiled dist/ alike', () => {
    expect(defaultConsoleDir(__dirname)).toBe(join(REPO, 'dist', 'console'));
    expect(defaultConsoleDir(join(REPO, 'dist', 'apps', 'gateway', 'src', 'console'))).toBe(join(REPO, 'dist', 'console'));
  });

  it('is dist/admin-console for the admin console', () => {
    expect(defaultConsoleDir(__dirname, 'admin-console')).toBe(join(REPO, 'dist', 'admin-console'));
  });
});

describe('ConsoleService.lookup', () => {
  let dir: string;
  let service: ConsoleService;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tollgate-console-unit-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html>');
    writeFileSync(join(dir, 'assets', 'app-1.js'), '1');
    writeFileSync(join(dir, 'robots.txt'), 'x');
    service = new ConsoleService({ dir });
    service.onModuleInit();
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const kind = (path: string) => {
    const found = service.lookup(path);
    return found.kind === 'file' ? `${found.file.type.split(';')[0]}${found.immutable ? ' immutable' : ''}` : found.kind;
  };

  it('answers files, hashed assets immutable, and client routes with index.html', () => {
    expect(kind('')).toBe('text/html');
    expect(kind('assets/app-1.js')).toBe('text/javascript immutable');
    expect(kind('assets%2Fapp-1.js')).toBe('text/javascript immutable');
    expect(kind('robots.txt')).toBe('text/plain');
    expect(kind('keys')).toBe('text/html');
    expect(kind('team/members/')).toBe('text/html');
    expect(kind('assets/app-2.js')).toBe('missing');
  });

  it.each(['..', '../x', 'a/../../x', '%2e%2e/x', 'a%2f..%2f..%2fx', '..%5cx', 'a\\b', '%00', 'x%00.js', '%E0%A4%A', 'a//b', './index.html'])(
    'refuses %s',
    (path) => {
      expect(service.lookup(path).kind).toBe('bad-path');
    },
  );

  it('answers not-built when the directory has no index.html, without throwing', () => {
    const missing = new ConsoleService({ dir: join(dir, 'assets') });
    missing.onModuleInit();
    expect(missing.lookup('').kind).toBe('not-built');
    const absent = new ConsoleService({ dir: join(dir, 'nope') });
    absent.onModuleInit();
    expect(absent.lookup('keys').kind).toBe('not-built');
  });
});
