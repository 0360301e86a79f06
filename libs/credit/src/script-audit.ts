import Redis from 'ioredis';
import { connect, Socket } from 'node:net';

/**
 * How the credit tests prove the two promises every money script makes, against the real Redis:
 *  - it touches no key it was not given in KEYS, and
 *  - its keys hash to one Redis Cluster slot (so it runs unchanged on a cluster).
 *
 * The first is checked on what Redis actually ran, not on the script's text: a MONITOR connection
 * sees the EVAL/EVALSHA (with its declared keys) and then, contiguously because a script runs
 * atomically, every command the script issued (source "lua"); `COMMAND GETKEYS` asks Redis itself
 * which arguments of each of those commands are keys. The second is the cluster spec's CRC16 of
 * the hash tag, since the test server runs without cluster support (CLUSTER KEYSLOT is refused).
 */

/** The Redis Cluster hash slot of a key: CRC16 (XMODEM) of its hash tag, or of the whole key, mod 16384. */
export function hashSlot(key: string): number {
  const open = key.indexOf('{');
  const close = open >= 0 ? key.indexOf('}', open + 1) : -1;
  const hashed = close > open + 1 ? key.slice(open + 1, close) : key;
  let crc = 0;
  for (const byte of Buffer.from(hashed, 'utf8')) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc % 16384;
}

/** One script run as Redis saw it. */
export interface ScriptRun {
  /** The keys passed in KEYS (with any client key prefix applied). */
  declared: string[];
  /** Every key the script's commands named, per Redis's own key positions. */
  touched: string[];
  /** The script's commands, e.g. ['HSET', '{c:t}:holds', 'r1', '5']. */
  commands: string[][];
}

type Event = { source: string; args: string[] };

/** Records the scripts one client runs, through a MONITOR connection. */
export class ScriptAudit {
  private readonly events: Event[] = [];
  private readonly marks = new Map<string, () => void>();

  private constructor(
    private readonly monitor: Socket,
    private readonly plain: Redis,
    private readonly client: Redis,
    private readonly source: string,
  ) {}

  /** Starts recording what `client` runs (it must be connected). */
  static async start(url: string, client: Redis): Promise<ScriptAudit> {
    const plain = new Redis(url);
    const info = String(await client.call('CLIENT', 'INFO'));
    const source = /addr=(\S+)/.exec(info)?.[1] ?? '';
    let audit: ScriptAudit | undefined;
    const monitor = await monitorSocket(url, (e) => audit?.seen(e));
    audit = new ScriptAudit(monitor, plain, client, source);
    await audit.settled();
    audit.events.length = 0;
    return audit;
  }

  /** The scripts the client ran since start (or the last call), once MONITOR has caught up. */
  async runs(): Promise<ScriptRun[]> {
    await this.settled();
    const runs: ScriptRun[] = [];
    let current: ScriptRun | null = null;
    for (const e of this.events.splice(0)) {
      const verb = e.args[0]?.toLowerCase();
      if (e.source === this.source && (verb === 'eval' || verb === 'evalsha')) {
        current = { declared: e.args.slice(3, 3 + Number(e.args[2])), touched: [], commands: [] };
        runs.push(current);
      } else if (e.source === 'lua' && current) {
        current.commands.push(e.args);
        current.touched.push(...(await this.keysOf(e.args)));
      } else current = null;
    }
    return runs;
  }

  async stop(): Promise<void> {
    this.monitor.destroy();
    this.plain.disconnect();
  }

  private seen(e: Event): void {
    if (e.source === this.source && e.args[0]?.toLowerCase() === 'echo') this.marks.get(e.args[1])?.();
    else this.events.push(e);
  }

  /** Resolves when MONITOR has shown everything the client sent before now (a marker ECHO). */
  private settled(): Promise<void> {
    const mark = `audit-${Math.random().toString(36).slice(2)}`;
    const seen = new Promise<void>((resolve) => this.marks.set(mark, resolve));
    return this.client.echo(mark).then(() => seen);
  }

  private async keysOf(args: string[]): Promise<string[]> {
    try {
      return (await this.plain.call('COMMAND', 'GETKEYS', ...args)) as string[];
    } catch {
      return []; // a command without keys (TIME)
    }
  }
}

/**
 * A raw MONITOR connection (ioredis's monitor() can drop into "command queue state error" when
 * the first monitor lines arrive in the same packet as its OK, which a busy server does).
 */
function monitorSocket(url: string, onEvent: (e: Event) => void): Promise<Socket> {
  const u = new URL(url);
  const socket = connect({ host: u.hostname || '127.0.0.1', port: Number(u.port) || 6379 });
  let buffered = '';
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('latin1');
      let end: number;
      while ((end = buffered.indexOf('\r\n')) >= 0) {
        const line = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        if (line === '+OK') resolve(socket);
        else if (line.startsWith('-')) reject(new Error(line.slice(1)));
        else if (line.startsWith('+')) onEvent(parseMonitorLine(line.slice(1)));
      }
    });
    if (u.password) socket.write(`AUTH ${u.username ? `${decodeURIComponent(u.username)} ` : ''}${decodeURIComponent(u.password)}\r\n`);
    socket.write('MONITOR\r\n');
  });
}

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', a: '\x07', b: '\b', '"': '"', '\\': '\\' };

/** `1700000000.123 [0 127.0.0.1:5000] "SET" "k" "v"` → { source, args } (Redis quotes args with sdscatrepr). */
function parseMonitorLine(line: string): Event {
  const open = line.indexOf('[');
  const close = line.indexOf(']', open);
  const source = line.slice(open + 1, close).split(' ')[1] ?? '';
  const args: string[] = [];
  let i = line.indexOf('"', close);
  while (i >= 0 && i < line.length) {
    let arg = '';
    for (i++; i < line.length && line[i] !== '"'; i++) {
      if (line[i] !== '\\') arg += line[i];
      else if (line[++i] === 'x') {
        arg += String.fromCharCode(parseInt(line.slice(i + 1, i + 3), 16));
        i += 2;
      } else arg += ESCAPES[line[i]] ?? line[i];
    }
    args.push(Buffer.from(arg, 'latin1').toString('utf8'));
    i = line.indexOf('"', i + 1);
  }
  return { source, args };
}
