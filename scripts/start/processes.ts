import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

export interface Service {
  name: string;
  entry: string;
  env: NodeJS.ProcessEnv;
  health: string;
}

const ROOT = join(__dirname, '..', '..', '..');

/** Runs each service as its own Node process, prefixing its output with its name. */
export class Processes {
  private readonly children = new Map<string, ChildProcess>();
  private stopping = false;

  start(service: Service, onExit: (name: string, code: number | null) => void): void {
    const child = spawn(process.execPath, [join(ROOT, 'dist', service.entry)], {
      env: { ...process.env, ...service.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const tag = `[${service.name}]`.padEnd(10);
    const pipe = (stream: NodeJS.ReadableStream | null, out: NodeJS.WriteStream) => {
      let rest = '';
      stream?.on('data', (chunk: Buffer) => {
        const lines = (rest + chunk.toString()).split('\n');
        rest = lines.pop() ?? '';
        for (const line of lines) if (line) out.write(`${tag} ${line}\n`);
      });
    };
    pipe(child.stdout, process.stdout);
    pipe(child.stderr, process.stderr);
    child.on('exit', (code) => {
      this.children.delete(service.name);
      if (!this.stopping) onExit(service.name, code);
    });
    this.children.set(service.name, child);
  }

  async waitHealthy(service: Service, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!this.children.has(service.name)) throw new Error(`${service.name} exited during start`);
      const ok = await fetch(service.health).then((r) => r.ok, () => false);
      if (ok) return;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`${service.name} did not become healthy at ${service.health}`);
  }

  /** SIGTERM to every child, SIGKILL after 10 s. */
  async stopAll(): Promise<void> {
    this.stopping = true;
    const waits = [...this.children.values()].map(
      (child) =>
        new Promise<void>((resolve) => {
          const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
          child.once('exit', () => {
            clearTimeout(kill);
            resolve();
          });
          child.kill('SIGTERM');
        }),
    );
    await Promise.all(waits);
  }
}
