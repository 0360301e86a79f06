import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { infraEnv, TestEnv } from './env';

export interface GatewayChild {
  proc: ChildProcess;
  baseUrl: string;
  adminUrl: string;
  kill(signal: NodeJS.Signals): Promise<void>;
}

/** The compiled gateway (`npm run build` output) as a child process, for crash tests. */
export function gatewayChild(env: TestEnv, overrides: NodeJS.ProcessEnv = {}): Promise<GatewayChild> {
  const main = join(__dirname, '..', '..', 'dist', 'apps', 'gateway', 'src', 'main.js');
  const childEnv = { ...process.env, ...infraEnv(env), CATALOG_SECRET: env.catalogSecret, GATEWAY_PORT: '0', GATEWAY_ADMIN_PORT: '0', LOG_LEVEL: 'info', ...overrides };
  const proc = spawn(process.execPath, [main], { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  let err = '';
  proc.stderr!.on('data', (d) => (err += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gateway child did not start: ${err}`)), 20_000);
    proc.stdout!.on('data', (d: Buffer) => {
      const m = /OpenAI base URL (http:\/\/\S+), admin API (http:\/\/[^"\s]+)/.exec(d.toString());
      if (m) {
        clearTimeout(timer);
        resolve({ proc, baseUrl: m[1].replace(/,$/, ''), adminUrl: m[2], kill: async (signal) => void (proc.kill(signal), await exited) });
      }
    });
    proc.once('exit', (code) => reject(new Error(`gateway child exited (${code}): ${err}`)));
  });
}
