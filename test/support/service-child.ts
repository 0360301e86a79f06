import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

export interface ServiceChild {
  proc: ChildProcess;
  /** The groups `ready` matched in the service's start line (its URLs). */
  urls: string[];
  kill(signal: NodeJS.Signals): Promise<void>;
}

/**
 * A compiled service (`npm run build` output, e.g. `apps/billing/src/main.js`) as a child process,
 * for crash and drain tests: resolves once a stdout line matches `ready`, rejects if it exits first.
 */
export function serviceChild(entry: string, env: NodeJS.ProcessEnv, ready: RegExp, nodeFlags: readonly string[] = []): Promise<ServiceChild> {
  const main = join(__dirname, '..', '..', 'dist', entry);
  const proc = spawn(process.execPath, [...nodeFlags, main], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  let err = '';
  proc.stderr!.on('data', (d) => (err += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${entry} did not start: ${err}`)), 20_000);
    proc.stdout!.on('data', (d: Buffer) => {
      const m = ready.exec(d.toString());
      if (!m) return;
      clearTimeout(timer);
      resolve({ proc, urls: m.slice(1), kill: async (signal) => void (proc.kill(signal), await exited) });
    });
    proc.once('exit', (code) => reject(new Error(`${entry} exited (${code}): ${err}`)));
  });
}
