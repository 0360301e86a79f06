import { context, propagation, ROOT_CONTEXT, trace, type Context } from '@opentelemetry/api';
import { connect, ErrorCode, headers, JSONCodec, Msg, MsgHdrs, NatsConnection, NatsError, Subscription } from 'nats';
import {
  AnswerOf,
  EventOf,
  EventSubject,
  HandledRequestOf,
  Messages,
  prefixed,
  ReceivedEventOf,
  ReplyOf,
  RequestOf,
  RequestSubject,
  Subjects,
} from '@tollgate/contracts';
import { AsyncJetStreamPublisher } from './async-publisher';
import { natsConnectOptions, NatsSecurity, natsServersForLog } from './nats-options';

export interface BusOptions extends NatsSecurity {
  /** `nats://[user:pass@|token@]host:port`, comma-separated for several servers. */
  url: string;
  /** Prepended to every subject; lets test files and deployments share one NATS. */
  prefix: string;
  name: string;
  /** Replicas of the JetStream streams this service creates (1 on a single server). */
  streamReplicas?: number;
}

export type BusErrorCode =
  | 'no_responders'
  | 'timeout'
  | 'unavailable'
  | 'bad_message'
  /** The responder's handler failed; it answered with an error instead of a reply. */
  | 'failed'
  /** The reply would not fit NATS's max payload; the responder answered with an error instead. */
  | 'reply_too_large';

export class BusError extends Error {
  constructor(
    readonly code: BusErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const codec = JSONCodec<unknown>();

/** Header of an error answer: an empty body and the failure's BusErrorCode. */
export const BUS_ERROR_HEADER = 'Tollgate-Error';

/**
 * The one place that talks to NATS: typed subjects from @tollgate/contracts, every inbound
 * payload validated with its zod schema, failures mapped to a small set of codes.
 */
export class Bus {
  private js?: AsyncJetStreamPublisher;

  private constructor(
    readonly nc: NatsConnection,
    readonly prefix: string,
    readonly streamReplicas: number,
  ) {}

  /** Connects, or rejects with a BusError that names the servers (never the credentials) and the cause. */
  static async connect(opts: BusOptions): Promise<Bus> {
    const nc = await connect({
      ...natsConnectOptions(opts.url, opts),
      name: opts.name,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 250,
      timeout: 2000,
      // No Error (with its stack) captured per request: it was a measurable share of the hot path.
      noAsyncTraces: true,
    }).catch((err: unknown) => {
      throw connectError(natsServersForLog(opts.url), err);
    });
    return new Bus(nc, opts.prefix, opts.streamReplicas ?? 1);
  }

  subject(name: keyof typeof Subjects): string {
    return prefixed(this.prefix, Subjects[name]);
  }

  async request<K extends RequestSubject>(name: K, payload: RequestOf<K>, timeoutMs: number): Promise<ReplyOf<K>> {
    if (this.nc.isClosed()) throw new BusError('unavailable', 'NATS connection is closed');
    try {
      const msg = await this.nc.request(this.subject(name), codec.encode(payload), { timeout: timeoutMs, headers: traceHeaders(context.active()) });
      const failure = msg.headers?.get(BUS_ERROR_HEADER);
      if (failure) throw new BusError(remoteCode(failure), `${name}: the responder answered ${failure}`);
      const parsed = Messages[name].reply.safeParse(codec.decode(msg.data));
      if (!parsed.success) throw new BusError('bad_message', `invalid reply on ${name}`);
      return parsed.data as ReplyOf<K>;
    } catch (err) {
      throw toBusError(err);
    }
  }

  /**
   * Answers requests on `name` with `handler`, on this connection: for tests that stand in for a
   * service (auth and billing answer through BusServer, NestJS's NATS transport, with the same wire
   * format). Nothing a handler does can escape into the process:
   * a failed handler, a reply over the server's max payload or a connection that closed meanwhile
   * is reported to `onError`, and the requester gets an error answer (BUS_ERROR_HEADER) at once
   * instead of waiting for its timeout.
   */
  respond<K extends RequestSubject>(
    name: K,
    queue: string,
    handler: (req: HandledRequestOf<K>) => Promise<AnswerOf<K>>,
    onError: (err: unknown) => void,
  ): Subscription {
    return this.nc.subscribe(this.subject(name), {
      queue,
      callback: (err, msg) => {
        if (err) return onError(err);
        const parsed = Messages[name].request.safeParse(safeDecode(msg.data));
        if (!parsed.success) {
          answerError(msg, 'bad_message', onError);
          return onError(new BusError('bad_message', `invalid request on ${name}`));
        }
        // The requester's trace context (W3C headers), active while the handler runs.
        const traced = msg.headers ? messageTraceContext(msg.headers) : ROOT_CONTEXT;
        Promise.resolve()
          .then(() => context.with(traced, handler, undefined, parsed.data as HandledRequestOf<K>))
          .then(
            (reply) => this.answer(name, msg, codec.encode(reply), onError),
            (failure: unknown) => {
              answerError(msg, 'failed', onError);
              onError(failure);
            },
          )
          .catch(onError);
      },
    });
  }

  private answer(name: RequestSubject, msg: Msg, data: Uint8Array, onError: (err: unknown) => void): void {
    if (data.length > this.maxPayload()) {
      answerError(msg, 'reply_too_large', onError);
      return onError(new BusError('reply_too_large', `reply on ${name} is ${data.length} bytes, over NATS's max payload of ${this.maxPayload()}`));
    }
    try {
      msg.respond(data);
    } catch (err) {
      if (err instanceof NatsError && err.code === ErrorCode.MaxPayloadExceeded) answerError(msg, 'reply_too_large', onError);
      onError(err);
    }
  }

  publish<K extends EventSubject>(name: K, payload: EventOf<K>): void {
    this.nc.publish(this.subject(name), codec.encode(payload), { headers: traceHeaders(context.active()) });
  }

  /** Publish and wait until the server has it (a flush round trip). */
  async publishConfirmed<K extends EventSubject>(name: K, payload: EventOf<K>): Promise<void> {
    this.publish(name, payload);
    await this.nc.flush();
  }

  subscribe<K extends EventSubject>(name: K, handler: (event: ReceivedEventOf<K>) => void, onError: (err: unknown) => void): Subscription {
    return this.nc.subscribe(this.subject(name), {
      callback: (err, msg) => {
        if (err) return onError(err);
        const parsed = Messages[name].event.safeParse(safeDecode(msg.data));
        if (!parsed.success) return onError(new BusError('bad_message', `invalid event on ${name}`));
        handler(parsed.data as ReceivedEventOf<K>);
      },
    });
  }

  /** Durable publish to JetStream, deduplicated by msgID. Resolves once the stream stored it. */
  async publishDurable<K extends EventSubject>(name: K, payload: EventOf<K>, msgID: string): Promise<void> {
    try {
      this.js ??= new AsyncJetStreamPublisher(this.nc, 5000);
      await this.js.publish(this.subject(name), codec.encode(payload), msgID);
    } catch (err) {
      throw toBusError(err);
    }
  }

  /**
   * publishDurable() for a payload already encoded (and checked against its schema) by the caller;
   * `traced`: the trace context to carry in the message's W3C headers (default: the active one).
   */
  async publishDurableBytes(name: EventSubject, data: Uint8Array, msgID: string, traced: Context = context.active()): Promise<void> {
    try {
      this.js ??= new AsyncJetStreamPublisher(this.nc, 5000);
      await this.js.publish(this.subject(name), data, msgID, traceHeaders(traced));
    } catch (err) {
      throw toBusError(err);
    }
  }

  /** The most bytes the server accepts in one message. */
  maxPayload(): number {
    return this.nc.info?.max_payload ?? 1024 * 1024;
  }

  async close(): Promise<void> {
    this.js?.close();
    if (this.nc.isClosed()) return;
    await this.nc.drain().catch(() => this.nc.close());
  }
}

/**
 * NATS headers carrying `ctx`'s W3C trace context (traceparent, tracestate), or undefined when
 * it has no span: with tracing off that is every time, and the cost is a context lookup.
 */
export function traceHeaders(ctx: Context): MsgHdrs | undefined {
  if (!trace.getSpan(ctx)) return undefined;
  const h = headers();
  propagation.inject(ctx, h, { set: (carrier, key, value) => carrier.set(key, value) });
  return h;
}

/** The W3C trace context a message's headers carry (the root context when none or tracing is off). */
export function messageTraceContext(h: MsgHdrs): Context {
  return propagation.extract(ROOT_CONTEXT, h, { keys: (carrier) => carrier.keys(), get: (carrier, key) => (carrier.has(key) ? carrier.get(key) : undefined) });
}

/** An empty answer carrying the failure's code in a header; never throws (a closed connection is reported). */
function answerError(msg: Msg, code: BusErrorCode, onError: (err: unknown) => void): void {
  try {
    const h = headers();
    h.set(BUS_ERROR_HEADER, code);
    msg.respond(new Uint8Array(0), { headers: h });
  } catch (err) {
    onError(err);
  }
}

function connectError(servers: string, err: unknown): BusError {
  const code = err instanceof NatsError ? err.code : '';
  if (code === ErrorCode.AuthorizationViolation || code === ErrorCode.AuthenticationExpired) {
    return new BusError(
      'unavailable',
      `NATS at ${servers} refused the credentials (${code}): check the user and password or token in NATS_URL, or NATS_CREDS_FILE`,
    );
  }
  return new BusError('unavailable', `cannot connect to NATS at ${servers}: ${err instanceof Error ? err.message : String(err)}`);
}

function remoteCode(header: string): BusErrorCode {
  return header === 'reply_too_large' || header === 'bad_message' ? header : 'failed';
}

function safeDecode(data: Uint8Array): unknown {
  try {
    return codec.decode(data);
  } catch {
    return undefined;
  }
}

function toBusError(err: unknown): BusError {
  if (err instanceof BusError) return err;
  if (err instanceof NatsError) {
    if (err.code === ErrorCode.NoResponders) return new BusError('no_responders', 'no responders');
    if (err.code === ErrorCode.Timeout) return new BusError('timeout', 'request timed out');
  }
  return new BusError('unavailable', err instanceof Error ? err.message : String(err));
}
