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
  /** Extra node flags, e.g. `--cpu-prof` for profiling. */
  nodeArgs?: string[];
  /** Arguments after the entry script. */
  args?: string[];
}

export interface ServiceOutput {
  /** The first lines, verbatim. */
  kept: string[];
  total: number;
  /** Lines per `logKind`. */
  kinds: Record<string, number>;
}

const ECHO_LINES = 5;
const KEEP_LINES = 50;

const PINO_LEVELS: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'log', 40: 'warn', 50: 'error', 60: 'fatal' };

/** A log line reduced to what repeats: level, context and message, without ids, times and stacks. */
export function logKind(line: string): string {
  try {
    const j = JSON.parse(line) as { level?: string | number; context?: string; message?: unknown; msg?: string; stack?: unknown; err?: unknown };
    // pino lines: numeric level, text in `msg`, fields beside it
    if (typeof j.level === 'number') j.level = PINO_LEVELS[j.level] ?? String(j.level);
    if (j.message === undefined && j.msg !== undefined) j.message = j.err ? { err: j.err, msg: j.msg } : j.msg;
    const m = j.message as { err?: { message?: string } | string; msg?: string } | string | undefined;
    const err = typeof m === 'object' && m ? (typeof m.err === 'string' ? m.err : (m.err?.message ?? m.msg)) : undefined;
    const text = typeof m === 'string' ? m : (err ?? JSON.stringify(m));
    const label = typeof j.stack === 'string' && !j.stack.includes('\n') ? `${j.stack}: ` : '';
    return `${j.level ?? '?'} [${j.context ?? '?'}] ${label}${text}`.slice(0, 300);
  } catch {
    return line.slice(0, 300);
  }
}

/**
 * The services under test, each its own Node process (as `npm start` runs them). Output is
 * echoed with the service's name (the first lines only, so a log storm under load cannot drown
 * the run) and every line is kept for the report.
 */
export class Children {
  private readonly procs = new Map<string, ChildProcess>();
  private readonly lines = new Map<string, ServiceOutput>();
  private stopping = false;
  private readonly stopped = new Set<string>();

  start(spec: ServiceSpec, onUnexpectedExit: (name: string, code: number | null, signal: NodeJS.Signals | null) => void): void {
    const child = spawn(process.execPath, [...(spec.nodeArgs ?? []), join(ROOT, 'dist', spec.entry), ...(spec.args ?? [])], {
      env: { ...process.env, ...spec.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const log: ServiceOutput = { kept: [], total: 0, kinds: {} };
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
          const kind = logKind(line);
          log.kinds[kind] = (log.kinds[kind] ?? 0) + 1;
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
      if (!this.stopping && !this.stopped.has(spec.name)) onUnexpectedExit(spec.name, code, signal);
    });
    this.procs.set(spec.name, child);
  }

  pid(name: string): number {
    const pid = this.procs.get(name)?.pid;
    if (pid === undefined) throw new Error(`${name} is not running`);
    return pid;
  }

  /** Every running child's pid by name. */
  pids(): [string, number][] {
    return [...this.procs].flatMap(([name, child]) => (child.pid === undefined ? [] : [[name, child.pid] as [string, number]]));
  }

  /** Output of `name` so far: the first lines verbatim, the count, and the count per kind of line. */
  output(name: string): ServiceOutput {
    return this.lines.get(name) ?? { kept: [], total: 0, kinds: {} };
  }

  async waitHealthy(spec: ServiceSpec, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!this.procs.has(spec.name)) throw new Error(`${spec.name} exited during start`);
      const ok = await fetch(spec.health, { signal: AbortSignal.timeout(2_000) }).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return;
      await new Promise((r) => setTimeout(r, 150));
    }
    throw new Error(`${spec.name} did not become healthy at ${spec.health} within ${timeoutMs / 1000} s`);
  }

  /** SIGTERM to one child (an expected exit), SIGKILL after `graceMs`. */
  async stop(name: string, graceMs = 10_000): Promise<void> {
    const child = this.procs.get(name);
    this.stopped.add(name);
    if (child) await terminate(child, graceMs);
  }

  /** SIGTERM to every child, SIGKILL after `graceMs`. */
  async stopAll(graceMs = 10_000): Promise<void> {
    this.stopping = true;
    await Promise.all([...this.procs.values()].map((child) => terminate(child, graceMs)));
  }
}

function terminate(child: ChildProcess, graceMs: number): Promise<void> {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const kill = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
