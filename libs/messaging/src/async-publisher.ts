import { createInbox, headers as natsHeaders, JSONCodec, MsgHdrs, NatsConnection, Subscription } from 'nats';

interface Waiting {
  resolve(): void;
  reject(err: Error): void;
  at: number;
}

const acks = JSONCodec<{ stream?: string; seq?: number; duplicate?: boolean; error?: { description?: string } }>();

/**
 * JetStream publishing with acknowledgements collected on one inbox subscription (the
 * "publish async" pattern): no per-message request, timer or error object, which the
 * request-based publish costs on every call. Each publish still resolves only once the
 * stream stored the message (or rejects: JetStream error, no stream, timeout).
 */
export class AsyncJetStreamPublisher {
  private readonly inbox = createInbox();
  private readonly waiting = new Map<string, Waiting>();
  private readonly sub: Subscription;
  private readonly sweeper: NodeJS.Timeout;
  private seq = 0;

  constructor(
    private readonly nc: NatsConnection,
    private readonly timeoutMs: number,
  ) {
    this.sub = nc.subscribe(`${this.inbox}.*`, { callback: (_err, msg) => this.onAck(msg.subject, msg.data, msg.headers?.code ?? 0) });
    this.sweeper = setInterval(() => this.expire(), Math.min(1000, timeoutMs));
    this.sweeper.unref();
  }

  /** `h`: headers to send besides Nats-Msg-Id (e.g. the trace context). */
  publish(subject: string, data: Uint8Array, msgID: string, h: MsgHdrs = natsHeaders()): Promise<void> {
    const token = (++this.seq).toString(36);
    h.set('Nats-Msg-Id', msgID);
    return new Promise<void>((resolve, reject) => {
      this.waiting.set(token, { resolve, reject, at: Date.now() });
      try {
        this.nc.publish(subject, data, { reply: `${this.inbox}.${token}`, headers: h });
      } catch (err) {
        this.waiting.delete(token);
        reject(err as Error);
      }
    });
  }

  close(): void {
    clearInterval(this.sweeper);
    this.sub.unsubscribe();
    for (const w of this.waiting.values()) w.reject(new Error('publisher closed'));
    this.waiting.clear();
  }

  private onAck(subject: string, data: Uint8Array, status: number): void {
    const token = subject.slice(this.inbox.length + 1);
    const w = this.waiting.get(token);
    if (!w) return;
    this.waiting.delete(token);
    if (status === 503) return w.reject(new Error('no responders: the stream does not exist'));
    try {
      const ack = acks.decode(data);
      if (ack.error) w.reject(new Error(ack.error.description ?? 'JetStream error'));
      else w.resolve();
    } catch {
      w.reject(new Error('unreadable JetStream acknowledgement'));
    }
  }

  private expire(): void {
    const limit = Date.now() - this.timeoutMs;
    for (const [token, w] of this.waiting) {
      if (w.at > limit) break; // insertion order = age order
      this.waiting.delete(token);
      w.reject(new Error('JetStream acknowledgement timed out'));
    }
  }
}
