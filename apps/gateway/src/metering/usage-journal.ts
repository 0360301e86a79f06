import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { UsageRecorded } from '@tollgate/contracts';

/** One journal file: events appended to it, and how many of them JetStream has acknowledged. */
export interface Segment {
  readonly path: string;
  fd: number | null;
  /** Events appended (buffered or on disk). */
  written: number;
  acked: number;
  sealed: boolean;
  /** Lines appended since the last write (group commit: one write for all of them). */
  buffered: string[];
}

const SUFFIX = '.usage.jsonl';
/** A segment is sealed (and a new one started) after this many events or this long. */
const SEGMENT_EVENTS = 20_000;
const SEGMENT_MS = 2_000;

/**
 * The gateway's write-ahead journal of finished calls: each call's usage event is appended to the
 * current segment file, and a segment is deleted once every event in it is acknowledged by
 * JetStream. Appending buffers the line; `writeBuffered()` writes every buffered line in one
 * write per segment (group commit: the publisher calls it once per turn of the event loop, and a
 * plain answer leaves only after it, so the event is in the kernel before the call's last byte). A gateway that starts finds the segments of dead processes (its own pid, or one no
 * longer running) and publishes their events again; JetStream's dedupe and billing's unique
 * request id keep that to once. A directory of '' disables the journal (memory only).
 * Segments are named by host as well as pid (`<host>~<pid>-…`), and a gateway recovers only its own
 * host's: pids say nothing across containers (each may be pid 1), so on a directory several pods
 * share, a pod never takes a live sibling's segment; a pod that comes back under the same name (a
 * StatefulSet's) recovers what its previous life left.
 */
export class UsageJournal {
  private current: Segment | null = null;
  /** Segments with buffered lines. */
  private readonly unwritten = new Set<Segment>();
  private openedAt = 0;
  private readonly mine = new Set<string>();

  private readonly host: string;

  constructor(
    private readonly dir: string,
    host: string = hostname(),
  ) {
    this.host = host.replace(/[^A-Za-z0-9.-]/g, '_');
    if (dir) mkdirSync(dir, { recursive: true });
  }

  get enabled(): boolean {
    return this.dir !== '';
  }

  /** Buffers the event's JSON for the next write; returns the segment it goes to (null when disabled). Throws if a new segment cannot be opened. */
  append(json: string): Segment | null {
    if (!this.enabled) return null;
    const seg = this.segment();
    seg.buffered.push(json);
    seg.written++;
    return seg;
  }

  /** Writes every buffered line, one write per segment. Throws if the disk refuses (those lines are then in memory only). */
  writeBuffered(): void {
    for (const seg of this.unwritten) this.write(seg);
    this.unwritten.clear();
  }

  /** `n` events of `seg` are in JetStream; a sealed, fully acknowledged segment is deleted. */
  ack(seg: Segment, n: number): void {
    seg.acked += n;
    this.release(seg);
  }

  /** Events left by processes that are gone, and their files (delete them once re-journaled). */
  recover(): { events: UsageRecorded[]; files: string[] } {
    if (!this.enabled) return { events: [], files: [] };
    const files = readdirSync(this.dir)
      .filter((n) => n.endsWith(SUFFIX) && !this.mine.has(join(this.dir, n)) && this.leftByDeadWriter(n))
      .map((n) => join(this.dir, n));
    const events: UsageRecorded[] = [];
    for (const f of files) {
      for (const line of readFileSync(f, 'utf8').split('\n')) {
        if (!line) continue;
        try {
          events.push(JSON.parse(line) as UsageRecorded);
        } catch {
          // A line cut short by the crash: that call's response had not been sent either.
        }
      }
    }
    return { events, files };
  }

  forget(files: readonly string[]): void {
    for (const f of files) unlinkQuietly(f);
  }

  /** Seals the current segment (shutdown): kept on disk while any of it is unacknowledged. */
  close(): void {
    if (this.current) this.seal(this.current);
  }

  private segment(): Segment {
    const now = Date.now();
    if (this.current && (this.current.written >= SEGMENT_EVENTS || now - this.openedAt >= SEGMENT_MS)) this.seal(this.current);
    if (!this.current) {
      const path = join(this.dir, `${this.host}~${process.pid}-${now}-${randomBytes(4).toString('hex')}${SUFFIX}`);
      this.current = { path, fd: openSync(path, 'a'), written: 0, acked: 0, sealed: false, buffered: [] };
      this.mine.add(path);
      this.openedAt = now;
    }
    this.unwritten.add(this.current);
    return this.current;
  }

  private write(seg: Segment): void {
    const lines = seg.buffered;
    if (!lines.length) return;
    seg.buffered = [];
    if (seg.fd !== null) writeSync(seg.fd, `${lines.join('\n')}\n`);
  }

  /** Its buffered lines written (a failure is thrown once the segment is sealed all the same), then released once acknowledged. */
  private seal(seg: Segment): void {
    this.unwritten.delete(seg);
    try {
      this.write(seg);
    } finally {
      seg.sealed = true;
      if (this.current === seg) this.current = null;
      this.release(seg);
    }
  }

  /** Whether segment `name` was left by a writer on this host that is gone (names from before hosts were named count as this host's). */
  private leftByDeadWriter(name: string): boolean {
    const tilde = name.indexOf('~');
    if (tilde >= 0 && name.slice(0, tilde) !== this.host) return false;
    return !alive(name.slice(tilde + 1));
  }

  private release(seg: Segment): void {
    if (!seg.sealed || seg.acked < seg.written) return;
    if (seg.fd !== null) closeSync(seg.fd);
    seg.fd = null;
    unlinkQuietly(seg.path);
    this.mine.delete(seg.path);
  }
}

/** Whether the process that wrote `name` (`<pid>-...`, on this host) still runs; our own pid's old files are a previous life's. */
function alive(name: string): boolean {
  const pid = Number(name.split('-')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}
