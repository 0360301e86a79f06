import { finished, type Readable } from 'node:stream';
import { dataOf, SseSplitter } from '../translate/sse';

/**
 * What one upstream event's data becomes for the relay: the items to deliver (OpenAI chunk data
 * or `[DONE]`), whether the stream is complete with them, and what broke it off after them if it broke.
 */
export type EventMap = (data: string) => { items: string[]; last: boolean; error?: unknown };

/** May return a promise: nothing more is delivered until it settles (the client's buffer is full, or a write is being stored). */
export type OnItem = (data: string) => void | Promise<void>;

/** An upstream stream's event data, pushed to the relay as each read of the socket is split. */
export interface ItemSource {
  /** Called once: `onItem` for each item in order, then `onEnd` once, with what broke the stream off if something did. */
  start(onItem: OnItem, onEnd: (err?: unknown) => void): void;
}

/**
 * The events of an SSE body, delivered from its `data` events: no async iteration, no promise per
 * event, and everything one socket read carried handled in one turn, so the writes it causes leave
 * together. Backpressure: while a delivery's promise is pending the body is paused and the rest of
 * its read waits in order. `map` translates another API's events (Anthropic's) into items.
 */
export class SseSource implements ItemSource {
  private readonly splitter = new SseSplitter();
  private readonly queue: string[] = [];
  private waiting = false;
  /** No more items will be queued: the body ended, failed, or `map` said the stream is complete or threw. */
  private ended = false;
  private error: unknown;
  private closed = false;
  private onItem: OnItem = () => undefined;
  private onEnd: (err?: unknown) => void = () => undefined;

  constructor(
    private readonly body: Readable,
    private readonly map?: EventMap,
  ) {}

  start(onItem: OnItem, onEnd: (err?: unknown) => void): void {
    this.onItem = onItem;
    this.onEnd = onEnd;
    this.body.setEncoding('utf8'); // split UTF-8 sequences are joined by Node's decoder
    this.body.on('data', (text: string) => this.read(text));
    finished(this.body, (err) => this.bodyEnded(err));
  }

  private read(text: string): void {
    if (this.ended) return;
    for (const raw of this.splitter.push(text)) this.add(raw);
    this.pump();
  }

  private bodyEnded(err: Error | null | undefined): void {
    if (this.ended) return;
    if (err) this.stop(err);
    else {
      const rest = this.splitter.rest();
      if (rest) this.add(rest);
      this.ended = true;
    }
    this.pump();
  }

  private add(raw: string): void {
    if (this.ended) return;
    const data = dataOf(raw);
    if (data === null) return;
    if (!this.map) {
      this.queue.push(data);
      return;
    }
    try {
      const { items, last, error } = this.map(data);
      for (const item of items) this.queue.push(item);
      if (last || error !== undefined) this.stop(error);
    } catch (err) {
      this.stop(err);
    }
  }

  /** Nothing more is read: what is queued is still delivered, then `onEnd(err)`. */
  private stop(err?: unknown): void {
    this.ended = true;
    this.error = err;
    if (!this.body.destroyed) this.body.destroy();
  }

  /** The relay refused an item (its write threw or rejected): nothing more is delivered, then `onEnd(err)`. */
  private refused(err: unknown): void {
    this.stop(err);
    this.queue.length = 0;
  }

  private pump(): void {
    while (!this.waiting && !this.closed && this.queue.length) {
      let wait: void | Promise<void>;
      try {
        wait = this.onItem(this.queue.shift()!);
      } catch (err) {
        this.refused(err);
        break;
      }
      if (wait) return this.await(wait);
    }
    if (this.ended && !this.waiting && !this.closed) {
      this.closed = true;
      this.onEnd(this.error);
    }
  }

  private await(wait: Promise<void>): void {
    this.waiting = true;
    if (!this.ended) this.body.pause();
    wait.then(
      () => {
        this.waiting = false;
        if (!this.ended) this.body.resume();
        this.pump();
      },
      (err: unknown) => {
        this.waiting = false;
        this.refused(err);
        this.pump();
      },
    );
  }
}
