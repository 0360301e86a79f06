/**
 * Long replies for load tests: a fixed number of content pieces (MOCK_STREAM_CHUNKS) instead of
 * the echo, and optionally each streamed piece stamped with the moment it is written
 * (MOCK_STAMP_CHUNKS), so a client on the same machine can tell how long each chunk took to reach
 * it. Frames are produced one at a time as they are written: 5,000 streams of 1,800 chunks built
 * up front would hold gigabytes.
 */

/** Marks a stamped piece in the content: ` ~t` and then STAMP_DIGITS decimal digits. */
export const STAMP_MARKER = '~t';
/** Microseconds of CLOCK_MONOTONIC, zero-padded: 16 digits last ~300 years of uptime. */
export const STAMP_DIGITS = 16;

/** The piece an unstamped long reply repeats (one token each). */
const WORD = ' word';

/**
 * CLOCK_MONOTONIC in microseconds: `process.hrtime()` reads it (libuv's uv_hrtime), and on Linux
 * every process on the machine reads the same clock, so a stamp from the mock and a reading in a
 * load generator are directly comparable.
 */
export function monotonicMicros(): number {
  const [s, ns] = process.hrtime();
  return s * 1e6 + Math.floor(ns / 1e3);
}

/** ` ~t0000123456789012`: the piece as written at this moment. */
export function stampedPiece(micros = monotonicMicros()): string {
  return ` ${STAMP_MARKER}${String(micros).padStart(STAMP_DIGITS, '0')}`;
}

/** What frame writers need: a length and the frame at an index, computed when it is written. */
export interface Frames {
  readonly length: number;
  at(i: number): string;
}

export const framesOf = (list: string[]): Frames => ({ length: list.length, at: (i) => list[i] });

/**
 * `head` frames, then `count` content frames made by `content(piece)`, then `tail` frames. With
 * `stamp`, each content frame carries the moment `at()` is called for it, i.e. just before its write.
 */
export function repeatedFrames(head: string[], count: number, content: (piece: string) => string, tail: string[], stamp: boolean): Frames {
  const fixed = stamp ? '' : content(WORD);
  return {
    length: head.length + count + tail.length,
    at(i: number): string {
      if (i < head.length) return head[i];
      if (i < head.length + count) return stamp ? content(stampedPiece()) : fixed;
      return tail[i - head.length - count];
    },
  };
}

/** The first `n` frames (a stream cut mid-way). */
export const take = (frames: Frames, n: number): Frames => ({ length: Math.min(n, frames.length), at: (i) => frames.at(i) });

/** A long plain (non-streamed) reply: the same words joined. */
export const longText = (count: number): string => WORD.repeat(count);
