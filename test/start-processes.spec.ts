import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Processes, Service } from '../scripts/start/processes';
import { waitUntil } from './support/billing-stack';

/** `npm start`'s supervisor with tiny node scripts as services: a service that exits is restarted, the others keep running. */
describe('npm start: Processes restarts a service that exits', () => {
  let dir: string;
  let procs: Processes;
  const logs: string[] = [];
  const runs = (name: string) =>
    existsSync(join(dir, `${name}.runs`))
      ? readFileSync(join(dir, `${name}.runs`), 'utf8')
          .split('\n')
          .filter(Boolean).length
      : 0;

  /** A service that records each start, exits with code 1 on its first `failures` runs, then stays up. */
  const service = (name: string, failures: number): Service => {
    const entry = join(dir, `${name}.js`);
    writeFileSync(
      entry,
      `const fs = require('node:fs'); const f = ${JSON.stringify(join(dir, `${name}.runs`))};
       fs.appendFileSync(f, process.pid + '\\n');
       if (fs.readFileSync(f, 'utf8').trim().split('\\n').length <= ${failures}) process.exit(1);
       setInterval(() => undefined, 1000);`,
    );
    return { name, entry, env: {}, health: 'http://127.0.0.1:9/' };
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tollgate-procs-'));
    logs.length = 0;
    // A run counts as healthy (and resets the delay) after maxRestartDelayMs: far above how long a crashing script lives on a loaded machine.
    procs = new Processes({ firstRestartDelayMs: 50, maxRestartDelayMs: 10_000, log: (l) => logs.push(l) });
  });

  afterEach(async () => {
    await procs.stopAll();
    rmSync(dir, { recursive: true, force: true });
  });

  it('restarts a crashing service with growing delays while the others keep running', async () => {
    procs.start(service('steady', 0));
    await waitUntil(async () => procs.child('steady')?.pid !== undefined && runs('steady') === 1, 5000, 'steady up');
    const steadyPid = procs.child('steady')!.pid;

    const started = Date.now();
    procs.start(service('billing', 3));
    await waitUntil(async () => runs('billing') === 4 && procs.child('billing') !== undefined, 10_000, 'billing up after 3 exits');
    expect(Date.now() - started).toBeGreaterThanOrEqual(50 + 100 + 200);
    expect(logs).toEqual([
      expect.stringMatching(/^billing exited \(1\); restarting it in 0.05 s/),
      expect.stringMatching(/^billing exited \(1\); restarting it in 0.1 s/),
      expect.stringMatching(/^billing exited \(1\); restarting it in 0.2 s/),
    ]);
    expect(procs.child('steady')?.pid).toBe(steadyPid);
    expect(procs.child('steady')?.exitCode).toBeNull();

    // Killed from outside (as a crash would): started again.
    const pid = procs.child('billing')!.pid;
    procs.child('billing')!.kill('SIGKILL');
    await waitUntil(
      async () => runs('billing') === 5 && procs.child('billing') !== undefined && procs.child('billing')!.pid !== pid,
      5000,
      'billing restarted',
    );
  });

  it('stopAll (Ctrl-C) ends every service and restarts none', async () => {
    procs.start(service('a', 0));
    procs.start(service('b', 100)); // keeps exiting
    await waitUntil(async () => procs.child('a') !== undefined && runs('b') >= 2, 5000, 'b restarting');
    const a = procs.child('a')!;
    await procs.stopAll();
    expect(a.exitCode !== null || a.signalCode !== null).toBe(true);
    const bRuns = runs('b');
    // Not a wait for a condition: longer than the restart b had pending, so that one would have run by now.
    await new Promise((r) => setTimeout(r, 500));
    expect(runs('b')).toBe(bRuns);
    expect(procs.child('a')).toBeUndefined();
  });
});
