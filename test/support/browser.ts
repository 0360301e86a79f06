// Real-Chromium browser tests: the system's Chromium (Debian's `chromium` package) driven by
// playwright-core, which downloads no browser of its own.
//
//   beforeAll(async () => { browser = await launchBrowser(); });   // installs Chromium once if missing (as root)
//   const page = await browser.newPage();
//   await page.goto(`${gateway.url}/console/keys`);
//   await screenshot(page, 'console-keys');                          // docs/screenshots/console-keys.png
//   afterAll(() => browser.close());
//
// Browser specs set their own timeout (jest.setTimeout) above the default: a first run may install
// Chromium (a minute or two) and a cold browser takes a second or two to start.
import { execFile } from 'node:child_process';
import { accessSync, constants, mkdirSync, rmdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';
import { eventually } from './eventually';

const DEFAULT_CHROMIUM = '/usr/bin/chromium';
const LOCK_DIR = join(tmpdir(), 'tollgate-chromium-install.lock');
/** A lock older than this was left by a process that died mid-install: taken over. */
const STALE_LOCK_MS = 10 * 60 * 1000;
const POLL_MS = 500;
const SCREENSHOTS_DIR = resolve(__dirname, '../../docs/screenshots');

/**
 * Without the background-networking flags Chromium keeps dialing Google's services (updates,
 * sync, safe browsing, QUIC probes), which on a closed network only slows every test down.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH || DEFAULT_CHROMIUM;
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function tryLock(): boolean {
  try {
    mkdirSync(LOCK_DIR);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    try {
      if (Date.now() - statSync(LOCK_DIR).mtimeMs > STALE_LOCK_MS) rmdirSync(LOCK_DIR);
    } catch {
      // Released meanwhile: the next poll takes it or finds Chromium installed.
    }
    return false;
  }
}

const run = promisify(execFile);
/** Waits for another apt (a second checkout's tests, a person) rather than failing on dpkg's lock. */
const APT_WAIT = ['-o', 'DPkg::Lock::Timeout=300'];

/** Not execFileSync: servers a spec already started in this process keep answering meanwhile. */
async function aptInstall(): Promise<void> {
  const install = () =>
    run('apt-get', [...APT_WAIT, 'install', '-y', 'chromium'], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, maxBuffer: 64 * 1024 * 1024 });
  try {
    await install();
  } catch {
    // Most often stale package lists (the package's version is gone from the mirror): refresh, retry once.
    await run('apt-get', [...APT_WAIT, 'update'], { maxBuffer: 64 * 1024 * 1024 });
    await install();
  }
}

/**
 * The path of a runnable Chromium. When missing and this process is root, installs Debian's
 * `chromium` once, under a lock directory so parallel jest workers never run apt twice; the
 * others wait for it. Returns at once when Chromium is already there.
 */
export async function ensureChromium(): Promise<string> {
  const path = chromiumPath();
  if (executable(path)) return path;
  if (process.env.CHROMIUM_PATH) throw new Error(`CHROMIUM_PATH=${path} is not an executable file.`);
  if (process.getuid?.() !== 0) {
    throw new Error(`Chromium not found at ${path}. Install it (sudo apt-get install -y chromium) or set CHROMIUM_PATH to a Chromium or Chrome binary.`);
  }
  // Another worker's install ends, or its lock goes stale and is taken over, well within this.
  const turn = await eventually(
    async () => (executable(path) ? 'installed' : tryLock() ? 'locked' : 'waiting'),
    (r) => r !== 'waiting',
    2 * STALE_LOCK_MS,
    POLL_MS,
  );
  if (turn === 'installed') return path;
  if (turn === 'waiting') throw new Error(`Chromium is still being installed by another process (lock ${LOCK_DIR}).`);
  try {
    if (!executable(path)) await aptInstall();
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr?.toString().trim().split('\n').slice(-3).join('\n');
    throw new Error(`Installing Chromium (apt-get install -y chromium) failed${stderr ? `: ${stderr}` : ''}`);
  } finally {
    rmdirSync(LOCK_DIR);
  }
  if (!executable(path)) throw new Error(`apt-get installed chromium but ${path} is still missing.`);
  return path;
}

/** A headless Chromium (installed first if need be). Close it in afterAll. */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = await ensureChromium();
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS });
}

/** Saves a full-page PNG as docs/screenshots/<name>.png (for the README; `dir` elsewhere) and returns its path. */
export async function screenshot(page: Page, name: string, dir = SCREENSHOTS_DIR): Promise<string> {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) throw new Error(`screenshot name "${name}": lower-case letters, digits and dashes only`);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
