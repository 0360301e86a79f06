import { mkdir, readdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** One JetStream message of usage, by its stable message id. */
export interface SpooledMessage {
  id: string;
  data: Uint8Array;
}

const SUFFIX = '.usage.json';

/**
 * The gateway's local copy of usage not yet acknowledged by JetStream: each message is written
 * (to a temporary name, then renamed: never half a file) before it is published, and removed
 * once the stream has it. A gateway that restarts, after a crash or a NATS outage, publishes
 * what it finds here again; the stream's dedupe and billing's unique request id keep that to once.
 * A directory of '' disables the spool (usage then lives only in memory until acknowledged).
 */
export class UsageSpool {
  private ready?: Promise<void>;

  constructor(private readonly dir: string) {}

  get enabled(): boolean {
    return this.dir !== '';
  }

  async write(m: SpooledMessage): Promise<void> {
    if (!this.enabled) return;
    await (this.ready ??= mkdir(this.dir, { recursive: true }).then(() => undefined));
    const path = this.path(m.id);
    await writeFile(`${path}.tmp`, m.data);
    await rename(`${path}.tmp`, path);
  }

  async remove(id: string): Promise<void> {
    if (this.enabled) await unlink(this.path(id)).catch(() => undefined);
  }

  /** Every message a previous run (or another gateway sharing the directory) left unacknowledged. */
  async load(): Promise<SpooledMessage[]> {
    if (!this.enabled) return [];
    const names = await readdir(this.dir).catch(() => [] as string[]);
    const out: SpooledMessage[] = [];
    for (const name of names.filter((n) => n.endsWith(SUFFIX))) {
      const data = await readFile(join(this.dir, name)).catch(() => null);
      if (data) out.push({ id: decodeURIComponent(name.slice(0, -SUFFIX.length)), data });
    }
    return out;
  }

  private path(id: string): string {
    return join(this.dir, `${encodeURIComponent(id)}${SUFFIX}`);
  }
}
