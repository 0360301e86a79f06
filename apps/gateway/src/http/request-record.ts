import type { Span } from '@opentelemetry/api';
import type { IncomingMessage } from 'node:http';
import type { GatewayErrorCode } from '../errors/gateway.error';
import type { TokenUsage } from '../translate/token-usage';

const RECORD = Symbol('tollgate.requestRecord');

/**
 * What the Nest routes' guards leave on Fastify's request: PublicRouteGuard's `user` (a principal),
 * MeAuthGuard's `caller` (a key or a portal session), and the route Fastify matched.
 */
export interface FrameworkRequest {
  readonly routeOptions: { readonly config?: { readonly url?: string } };
  readonly user?: { readonly tenantId: string; readonly keyId: string };
  readonly caller?: { readonly tenantId: string; readonly principal?: { readonly keyId: string } };
}

/** What metering learnt of a call, for its access-log line and metrics. */
export interface MeteredOutcome {
  model: string;
  provider: string | null;
  stream: boolean;
  usage: TokenUsage;
  costMicros: number;
  ttftMs: number | null;
}

/**
 * One public request as the access log and the metrics see it. HotServer creates it when the
 * request arrives (its id is THE request id: usage, hold, request log, headers, log lines); the
 * code that learns something writes it here with one call; at the response's end
 * (request-end.ts) it becomes one log line and one metrics observation. Every field is set in
 * the constructor, so every record has one shape.
 */
export class RequestRecord {
  /** The route template (`/v1/chat/completions`, `/me/keys/:id`), never the raw URL; '' until a route matched. */
  route = '';
  /** Fastify's request for the routes Fastify answers (their route and the guards' caller are read from it at the end). */
  framework: FrameworkRequest | null = null;
  tenantId: string | null = null;
  keyId: string | null = null;
  /** The model the caller asked for and the provider that served it (set once a call is metered). */
  model: string | null = null;
  provider: string | null = null;
  stream = false;
  /** Why the gateway refused the request (its error code), or null. */
  refusal: GatewayErrorCode | null = null;
  ttftMs: number | null = null;
  tokensIn = 0;
  tokensOut = 0;
  costMicros = 0;
  estimated = false;
  /** A metered call ended (served, failed upstream or cut): its tokens and cost are final. */
  metered = false;
  /** A metered call is running: the request's accounting waits for its figures (see `afterMetering`). */
  metering = false;
  private pendingEnd: (() => void) | null = null;
  /** The request's SERVER span while tracing is on (request-span.ts), ended with the record's figures. */
  span: Span | null = null;

  constructor(
    readonly id: string,
    /** Epoch milliseconds when the request arrived: latency and time to first chunk count from here. */
    readonly startedAt: number,
  ) {}

  /** The authenticated caller (tenant and key id; never the key). */
  caller(tenantId: string, keyId: string | null): void {
    this.tenantId = tenantId;
    this.keyId = keyId;
  }

  /** A metered call was admitted; `meter` follows when it ends, whatever the outcome. */
  meteringStarted(): void {
    this.metering = true;
  }

  /**
   * Runs `end` once the running metered call has its figures: a client that goes away mid-stream
   * closes the response before the relay stops and meters what was sent.
   */
  afterMetering(end: () => void): void {
    if (this.metering) this.pendingEnd = end;
    else end();
  }

  /** A metered call's outcome, from MeteringService (the first one counts). */
  meter(outcome: MeteredOutcome): void {
    if (this.metered) return;
    this.metered = true;
    this.model = outcome.model;
    this.provider = outcome.provider;
    this.stream = outcome.stream;
    this.tokensIn = outcome.usage.promptTokens;
    this.tokensOut = outcome.usage.completionTokens;
    this.estimated = outcome.usage.estimated;
    this.costMicros = outcome.costMicros;
    this.ttftMs = outcome.ttftMs;
    this.metering = false;
    const end = this.pendingEnd;
    this.pendingEnd = null;
    end?.();
  }

  /** The guards' caller and Fastify's route template, for a request Fastify answered; called once, at the end. */
  settleFramework(): void {
    const req = this.framework;
    if (!req) return;
    this.route ||= req.routeOptions.config?.url ?? '';
    if (this.tenantId !== null) return;
    if (req.user) this.caller(req.user.tenantId, req.user.keyId);
    else if (req.caller) this.caller(req.caller.tenantId, req.caller.principal?.keyId ?? null);
  }
}

type Recorded = IncomingMessage & { [RECORD]?: RequestRecord };

export function attachRecord(req: IncomingMessage, record: RequestRecord): void {
  (req as Recorded)[RECORD] = record;
}

/** The request's record (undefined for a request HotServer did not take in, e.g. in a unit test). */
export function recordOf(req: IncomingMessage | undefined): RequestRecord | undefined {
  return req ? (req as Recorded)[RECORD] : undefined;
}
