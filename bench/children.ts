import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

/** Repository root, from dist/bench/. */
export const ROOT = join(__dirname, '..', '..');

export interface ServiceSpec {
  name: string;
  /** Compiled entry under dist/, e.g. `apps/gateway/src/main.js`. */
  entry: string;
  env: NodeJS.ProcessEnv;
  /** Answers 2xx once the service can take traffic. */
  health: string;
}

const ECHO_LINES = 20;
const KEEP_LINES = 200;

/**
 * The services under test, each its own Node process (as `npm start` runs them). Output is
 * echoed with the service's name (the first lines only, so a log storm under load cannot drown
 * the run) and every line is kept for the report.
 */
export class Children {
  private readonly procs = new Map<string, ChildProcess>();
  private readonly lines = new Map<string, { kept: string[]; total: number }>();
  private stopping = false;

  start(spec: ServiceSpec, onUnexpectedExit: (name: string, code: number | null, signal: NodeJS.Signals | null) => void): void {
    const child = spawn(process.execPath, [join(ROOT, 'dist', spec.entry)], {
      env: { ...process.env, ...spec.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const log = { kept: [] as string[], total: 0 };
    this.lines.set(spec.name, log);
    const tag = `[${spec.name}]`.padEnd(11);
    const pipe = (stream: NodeJS.ReadableStream | null): void => {
      let rest = '';
      stream?.on('data', (chunk: Buffer) => {
        const parts = (rest + chunk.toString()).split('\n');
        rest = parts.pop() ?? '';
        for (const line of parts) {
          if (!line) continue;
          log.total++;
          if (log.kept.length < KEEP_LINES) log.kept.push(line);
          if (log.total <= ECHO_LINES) process.stderr.write(`  ${tag} ${line}\n`);
          else if (log.total === ECHO_LINES + 1) process.stderr.write(`  ${tag} (further output kept for the report only)\n`);
        }
      });
    };
    pipe(child.stdout);
    pipe(child.stderr);
    child.on('exit', (code, signal) => {
      this.procs.delete(spec.name);
      if (!this.stopping) onUnexpectedExit(spec.name, code, signal);
    });
    this.procs.set(spec.name, child);
  }

  pid(name: string): number {
    const pid = this.procs.get(name)?.pid;
    if (pid === undefined) throw new Error(`${name} is not running`);
    return pid;
  }

  /** Output lines of `name` so far (at most the first 200) and how many there were in all. */
  output(name: string): { kept: string[]; total: number } {
    return this.lines.get(name) ?? { kept: [], total: 0 };
  }

  async waitHealthy(spec: ServiceSpec, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!this.procs.has(spec.name)) throw new Error(`${spec.name} exited during start`);
      const ok = await fetch(spec.health, { signal: AbortSignal.timeout(2_000) }).then((r) => r.ok, () => false);
      if (ok) return;
      await new Promise((r) => setTimeout(r, 150));
    }
    throw new Error(`${spec.name} did not become healthy at ${spec.health} within ${timeoutMs / 1000} s`);
  }

  /** SIGTERM to every child, SIGKILL after `graceMs`. */
  async stopAll(graceMs = 10_000): Promise<void> {
    this.stopping = true;
    await Promise.all(
      [...this.procs.values()].map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            const kill = setTimeout(() => child.kill('SIGKILL'), graceMs);
            child.once('exit', () => {
              clearTimeout(kill);
              resolve();
            });
            child.kill('SIGTERM');
          }),
      ),
    );
  }
}
