import { ChildProcess, spawn } from 'node:child_process';
import { isAbsolute, join } from 'node:path';

export interface Service {
  name: string;
  /** Path of the compiled entry under dist/, or an absolute path. */
  entry: string;
  /** Node's own options before the entry (the gateway's GATEWAY_NODE_FLAGS). */
  nodeArgs?: string[];
  env: NodeJS.ProcessEnv;
  health: string;
}

export interface ProcessesOptions {
  /** Wait before the first restart of a service that exited; doubled at each exit in a row, up to `maxRestartDelayMs`. */
  firstRestartDelayMs?: number;
  maxRestartDelayMs?: number;
  /** Where supervision messages go (restarts); default stderr. */
  log?: (line: string) => void;
}

interface Supervised {
  service: Service;
  child?: ChildProcess;
  startedAt: number;
  delayMs: number;
  restartTimer?: NodeJS.Timeout;
  exits: number;
  lastCode: number | null;
}

const ROOT = join(__dirname, '..', '..', '..');

/**
 * Runs each service as its own Node process, prefixing its output with its name. A service that
 * exits on its own is started again after a backoff (1 s, doubling to 30 s; back to 1 s once it has
 * run that long), and the others keep running; only stopAll() (Ctrl-C) ends them all.
 */
export class Processes {
  private readonly services = new Map<string, Supervised>();
  private stopping = false;
  private readonly firstDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly log: (line: string) => void;

  constructor(opts: ProcessesOptions = {}) {
    this.firstDelayMs = opts.firstRestartDelayMs ?? 1000;
    this.maxDelayMs = opts.maxRestartDelayMs ?? 30_000;
    this.log = opts.log ?? ((line) => process.stderr.write(`${line}\n`));
  }

  start(service: Service): void {
    const s: Supervised = { service, startedAt: 0, delayMs: this.firstDelayMs, exits: 0, lastCode: null };
    this.services.set(service.name, s);
    this.spawn(s);
  }

  /** The running process of a service, if it is running. */
  child(name: string): ChildProcess | undefined {
    return this.services.get(name)?.child;
  }

  private spawn(s: Supervised): void {
    const { service } = s;
    const entry = isAbsolute(service.entry) ? service.entry : join(ROOT, 'dist', service.entry);
    const child = spawn(process.execPath, [...(service.nodeArgs ?? []), entry], { env: { ...process.env, ...service.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const tag = `[${service.name}]`.padEnd(10);
    pipeLines(child.stdout, process.stdout, tag);
    pipeLines(child.stderr, process.stderr, tag);
    child.on('exit', (code, signal) => this.exited(s, code ?? signal));
    s.child = child;
    s.startedAt = Date.now();
  }

  private exited(s: Supervised, code: number | string | null): void {
    s.child = undefined;
    s.exits++;
    s.lastCode = typeof code === 'number' ? code : null;
    if (this.stopping) return;
    if (Date.now() - s.startedAt >= this.maxDelayMs) s.delayMs = this.firstDelayMs; // it had been running fine
    const delay = s.delayMs;
    s.delayMs = Math.min(s.delayMs * 2, this.maxDelayMs);
    this.log(`${s.service.name} exited (${code}); restarting it in ${delay / 1000} s, the other services keep running.`);
    s.restartTimer = setTimeout(() => {
      s.restartTimer = undefined;
      if (!this.stopping) this.spawn(s);
    }, delay);
  }

  async waitHealthy(service: Service, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const ok = await fetch(service.health).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return;
      await new Promise((r) => setTimeout(r, 200));
    }
    const s = this.services.get(service.name);
    const exits = s?.exits ? ` (it exited ${s.exits} time(s), last code ${s.lastCode})` : '';
    throw new Error(`${service.name} did not become healthy at ${service.health}${exits}`);
  }

  /** No more restarts; SIGTERM to every child, SIGKILL after 10 s. */
  async stopAll(): Promise<void> {
    this.stopping = true;
    const waits = [...this.services.values()].map((s) => {
      clearTimeout(s.restartTimer);
      const child = s.child;
      if (!child) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        child.kill('SIGTERM');
      });
    });
    await Promise.all(waits);
  }
}

function pipeLines(stream: NodeJS.ReadableStream | null, out: NodeJS.WritableStream, tag: string): void {
  let rest = '';
  stream?.on('data', (chunk: Buffer) => {
    const lines = (rest + chunk.toString()).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) if (line) out.write(`${tag} ${line}\n`);
  });
}
