import { Logger } from '@nestjs/common';
import { type Deserializer, type IncomingRequest, NatsContext, ServerNats, type WritePacket } from '@nestjs/microservices';
import { context, ROOT_CONTEXT } from '@opentelemetry/api';
import { ErrorCode, headers, JSONCodec, type Msg, type NatsConnection, NatsError, type Subscription } from 'nats';
import { prefixed } from '@tollgate/contracts';
import { BUS_ERROR_HEADER, type BusErrorCode, messageTraceContext } from './bus';
import { natsConnectOptions, type NatsSecurity } from './nats-options';

export interface BusServerOptions extends NatsSecurity {
  /** `nats://[user:pass@|token@]host:port`, comma-separated for several servers. */
  url: string;
  /** Prepended to every subject, as the Bus does. */
  prefix: string;
  /** The connection's name (seen in the server's monitoring). */
  name: string;
  /** Queue group of every handler: the service's name, so replicas share the load. */
  queue: string;
  /** The longest close() waits for handlers still running before it drains the connection. */
  drainMs?: number;
}

const codec = JSONCodec<unknown>();

/**
 * Requests arrive as plain JSON (what Bus.request sends), not Nest's `{ pattern, data, id }`
 * envelope; the reply subject stands in for the id, so a message without one is an event.
 */
export class PlainJsonDeserializer implements Deserializer<Uint8Array, IncomingRequest> {
  deserialize(value: Uint8Array, options?: { channel?: string; replyTo?: string }): IncomingRequest {
    return { id: options?.replyTo as string, pattern: options?.channel, data: safeDecode(value) };
  }
}

/**
 * NestJS's own NATS transport for Tollgate's request/reply subjects, wire format unchanged: a
 * request is the contract's JSON, a reply is the handler's result as JSON, and a failure is an
 * empty answer with BUS_ERROR_HEADER (`bad_message`, `failed`, `reply_too_large`), sent at once
 * so the requester never waits for its timeout. Beyond ServerNats it adds only what the wire needs:
 * the deployment's subject prefix, one answer per request (a reply over NATS's max payload becomes
 * `reply_too_large`), the requester's trace context while the handler runs, and a graceful close
 * (stop taking requests, let the running ones answer, then drain).
 */
export class BusServer extends ServerNats {
  private readonly busLogger = new Logger('BusServer');
  private readonly busSubs: Subscription[] = [];
  private readonly running = new Set<Promise<unknown>>();

  constructor(private readonly busOptions: BusServerOptions) {
    super({
      ...natsConnectOptions(busOptions.url, busOptions),
      name: busOptions.name,
      queue: busOptions.queue,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 250,
      timeout: 2000,
      // nats.js's option (no Error captured per request); ServerNats passes every option to connect()
      noAsyncTraces: true,
      deserializer: new PlainJsonDeserializer(),
    });
  }

  /** A service's server from its environment (the same variables as its Bus). */
  static fromEnv(c: BusServerEnv, name: string, queue: string): BusServer {
    return new BusServer({
      url: c.NATS_URL,
      prefix: c.NATS_PREFIX,
      name,
      queue,
      credsFile: c.NATS_CREDS_FILE,
      tls: { caFile: c.NATS_TLS_CA_FILE, certFile: c.NATS_TLS_CERT_FILE, keyFile: c.NATS_TLS_KEY_FILE },
    });
  }

  /** Handlers name the contract's subject; they listen on the deployment's prefixed one. */
  override addHandler(pattern: unknown, callback: Parameters<ServerNats['addHandler']>[1], isEventHandler = false, extras: Record<string, unknown> = {}): void {
    super.addHandler(typeof pattern === 'string' ? prefixed(this.busOptions.prefix, pattern) : pattern, callback, isEventHandler, extras);
  }

  /** Subscribes every handler in the queue group, and answers only once the server has the subscriptions. */
  override start(callback: (err?: unknown) => void): void {
    this.bindEvents(this.nc());
    this.nc()
      .flush()
      .then(() => callback(), callback);
  }

  override bindEvents(nc: NatsConnection): void {
    for (const channel of this.getHandlers().keys()) {
      const handler = this.getMessageHandler(channel) as (err: NatsError | null, msg: Msg) => void;
      this.busSubs.push(nc.subscribe(channel, { queue: this.busOptions.queue, callback: handler.bind(this) }));
    }
  }

  override handleMessage(channel: string, msg: Msg): Promise<unknown> {
    const handled = this.handleTraced(channel, msg).catch((err: unknown) => this.busLogger.error({ err, subject: channel }, 'request failed'));
    this.running.add(handled);
    return handled.finally(() => this.running.delete(handled));
  }

  /**
   * Handles a message in the requester's W3C trace context (from its headers). Set here rather than
   * in Nest's processing-start hook: that hook is typed to return void, yet its promise is what
   * close() waits for and where handleMessage catches and logs a failure.
   */
  private async handleTraced(channel: string, msg: Msg): Promise<unknown> {
    const trace = msg.headers ? messageTraceContext(msg.headers) : ROOT_CONTEXT;
    return context.with(trace, () => super.handleMessage(channel, msg));
  }

  /** Answers a request once: the first packet (a result or an error) is the answer. */
  override getPublisher(msg: Msg, _id: string, _ctx: NatsContext): (packet: WritePacket) => void {
    if (!msg.reply) return () => undefined;
    let answered = false;
    return (packet: WritePacket) => {
      if (answered) return;
      answered = true;
      if (packet.err !== undefined) return this.answerError(msg, errorCodeOf(packet.err));
      if (packet.response === undefined && packet.isDisposed) return this.answerError(msg, 'failed');
      this.answer(msg, codec.encode(packet.response));
    };
  }

  /** Stops taking requests, lets the running ones answer (for at most drainMs), then drains the connection. */
  override async close(): Promise<void> {
    for (const sub of this.busSubs.splice(0)) sub.unsubscribe();
    let nc: NatsConnection | undefined;
    try {
      nc = this.nc();
    } catch {
      return; // never started
    }
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<void>((resolve) => (timer = setTimeout(resolve, this.busOptions.drainMs ?? 5000)));
    await Promise.race([Promise.allSettled([...this.running]), limit]).finally(() => clearTimeout(timer));
    // Answers go out on the next tick after their handler settles.
    await new Promise((resolve) => setImmediate(resolve));
    if (!nc.isClosed()) await nc.drain().catch(() => undefined);
    await super.close();
  }

  private nc(): NatsConnection {
    return this.unwrap<NatsConnection>();
  }

  private answer(msg: Msg, data: Uint8Array): void {
    const max = this.nc().info?.max_payload ?? 1024 * 1024;
    if (data.length > max) {
      this.busLogger.error({ subject: msg.subject, bytes: data.length, max }, `reply is ${data.length} bytes, over NATS's max payload of ${max}`);
      return this.answerError(msg, 'reply_too_large');
    }
    try {
      msg.respond(data);
    } catch (err) {
      this.busLogger.error({ err, subject: msg.subject }, 'reply failed');
      if (err instanceof NatsError && err.code === ErrorCode.MaxPayloadExceeded) this.answerError(msg, 'reply_too_large');
    }
  }

  /** An empty answer carrying the failure's code in a header; never throws (a closed connection is logged). */
  private answerError(msg: Msg, code: BusErrorCode): void {
    try {
      const h = headers();
      h.set(BUS_ERROR_HEADER, code);
      msg.respond(new Uint8Array(0), { headers: h });
    } catch (err) {
      this.busLogger.error({ err, subject: msg.subject }, 'error answer failed');
    }
  }
}

/** The variables a service's server reads (those of its Bus). */
export interface BusServerEnv {
  NATS_URL: string;
  NATS_PREFIX: string;
  NATS_CREDS_FILE?: string;
  NATS_TLS_CA_FILE?: string;
  NATS_TLS_CERT_FILE?: string;
  NATS_TLS_KEY_FILE?: string;
}

/** What an exception filter put in the error packet: a BusErrorCode, or anything else (`failed`). */
function errorCodeOf(err: unknown): BusErrorCode {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'bad_message' || code === 'reply_too_large' ? code : 'failed';
}

function safeDecode(data: Uint8Array): unknown {
  try {
    return codec.decode(data);
  } catch {
    return undefined;
  }
}
