import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A Checkout Session as Stripe's API returns it (the fields Tollgate and its webhook use). */
export interface StandInSession {
  id: string;
  object: 'checkout.session';
  mode: string;
  url: string;
  amount_total: number;
  currency: string;
  client_reference_id: string | null;
  metadata: Record<string, string>;
  success_url: string;
  cancel_url: string;
  status: 'open' | 'complete';
  payment_status: 'unpaid' | 'paid';
  payment_intent: string | null;
  expires_at: number;
  created: number;
}

/** One `POST /v1/checkout/sessions` as received: the decoded form, its headers. */
export interface StandInCall {
  form: Record<string, string>;
  authorization: string | undefined;
  idempotencyKey: string | undefined;
  contentType: string | undefined;
}

export interface StripeStandIn {
  /** Use as STRIPE_API_BASE. */
  url: string;
  calls: StandInCall[];
  sessions: Map<string, StandInSession>;
  /** Where `complete` and `resend` deliver webhooks (billing's `/webhooks/payments/stripe`). */
  sendWebhooksTo(url: string): void;
  /** The next session request gets `status` with a Stripe error body, or (`'drop'`) a closed connection. */
  failNext(how: number | 'drop'): void;
  /** Pays the session and sends `checkout.session.completed`, signed, as Stripe does. Returns the event id and billing's answer. */
  complete(sessionId: string): Promise<{ eventId: string; status: number; body: unknown }>;
  /** Sends an event again, byte for byte, with a fresh signature (Stripe's retry). */
  resend(eventId: string): Promise<{ status: number; body: unknown }>;
  close(): Promise<void>;
}

const id = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;

/** `Stripe-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "t.body">`, as Stripe signs webhooks. */
export function stripeSignatureHeader(body: string, secret: string, t = Math.floor(Date.now() / 1000)): string {
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;
}

/** Bracketed form keys → nested values, the part of Stripe's decoding a Checkout Session needs. */
function sessionFrom(form: Record<string, string>, base: string): StandInSession {
  const metadata: Record<string, string> = {};
  for (const [k, v] of Object.entries(form)) {
    const m = /^metadata\[([^\]]+)\]$/.exec(k);
    if (m) metadata[m[1]] = v;
  }
  const sid = id('cs_test');
  const now = Math.floor(Date.now() / 1000);
  return {
    id: sid,
    object: 'checkout.session',
    mode: form.mode,
    url: `${base}/c/pay/${sid}`,
    amount_total: Number(form['line_items[0][price_data][unit_amount]']) * Number(form['line_items[0][quantity]'] ?? '1'),
    currency: form['line_items[0][price_data][currency]'],
    client_reference_id: form.client_reference_id ?? null,
    metadata,
    success_url: form.success_url,
    cancel_url: form.cancel_url,
    status: 'open',
    payment_status: 'unpaid',
    payment_intent: null,
    expires_at: now + 24 * 3600,
    created: now,
  };
}

function missing(form: Record<string, string>): string | null {
  const required = [
    'mode',
    'line_items[0][price_data][currency]',
    'line_items[0][price_data][unit_amount]',
    'line_items[0][price_data][product_data][name]',
    'line_items[0][quantity]',
    'success_url',
    'cancel_url',
  ];
  return (
    required.find((k) => !form[k]) ?? (/^\d+$/.test(form['line_items[0][price_data][unit_amount]'] ?? '') ? null : 'line_items[0][price_data][unit_amount]')
  );
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

const stripeError = (type: string, message: string, param?: string) => ({ error: { type, message, ...(param ? { param } : {}) } });

/**
 * A local stand-in for Stripe's Checkout Session API: `POST /v1/checkout/sessions` (form-encoded,
 * `Authorization: Bearer <secretKey>`, idempotency keys honoured like Stripe's), and a way to pay a
 * session that sends the signed `checkout.session.completed` webhook.
 */
export async function startStripeStandIn(opts: { secretKey: string; webhookSecret: string }): Promise<StripeStandIn> {
  const calls: StandInCall[] = [];
  const sessions = new Map<string, StandInSession>();
  const byIdempotencyKey = new Map<string, StandInSession>();
  const events = new Map<string, string>();
  let webhookUrl: string | null = null;
  let failure: number | 'drop' | null = null;
  let base = '';

  const handle = (req: IncomingMessage, res: ServerResponse, raw: string) => {
    const page = req.method === 'GET' ? /^\/c\/pay\/(cs_test_[0-9a-f]+)$/.exec(req.url ?? '') : null;
    if (page && sessions.has(page[1])) {
      // The hosted payment page a browser is sent to (a real one takes the card details).
      return res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end(`<!doctype html><title>Stripe stand-in checkout</title><h1>Pay ${page[1]}</h1>`);
    }
    if (req.method !== 'POST' || req.url !== '/v1/checkout/sessions')
      return send(res, 404, stripeError('invalid_request_error', `Unrecognized request URL (${req.method}: ${req.url}).`));
    const form = Object.fromEntries(new URLSearchParams(raw));
    const call: StandInCall = {
      form,
      authorization: req.headers.authorization,
      idempotencyKey: req.headers['idempotency-key'] as string | undefined,
      contentType: req.headers['content-type'],
    };
    calls.push(call);
    if (failure !== null) {
      const how = failure;
      failure = null;
      if (how === 'drop') return req.socket.destroy();
      return send(res, how, stripeError('api_error', 'Stand-in failure.'));
    }
    if (req.headers.authorization !== `Bearer ${opts.secretKey}`)
      return send(res, 401, stripeError('invalid_request_error', 'Invalid API Key provided: sk_****'));
    if (!call.contentType?.startsWith('application/x-www-form-urlencoded'))
      return send(res, 400, stripeError('invalid_request_error', 'Form-encoded body expected.'));
    const bad = missing(form);
    if (bad) return send(res, 400, stripeError('invalid_request_error', `Missing or invalid parameter: ${bad}`, bad));
    const again = call.idempotencyKey ? byIdempotencyKey.get(call.idempotencyKey) : undefined;
    if (again) return send(res, 200, again);
    const session = sessionFrom(form, base);
    sessions.set(session.id, session);
    if (call.idempotencyKey) byIdempotencyKey.set(call.idempotencyKey, session);
    send(res, 200, session);
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const deliver = async (body: string) => {
    if (!webhookUrl) throw new Error('stand-in: call sendWebhooksTo(url) first');
    const res = await fetch(webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': stripeSignatureHeader(body, opts.webhookSecret) },
      body,
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as unknown) : null };
  };

  return {
    url: base,
    calls,
    sessions,
    sendWebhooksTo: (url) => {
      webhookUrl = url;
    },
    failNext: (how) => {
      failure = how;
    },
    complete: async (sessionId) => {
      const s = sessions.get(sessionId);
      if (!s) throw new Error(`stand-in: no session ${sessionId}`);
      s.status = 'complete';
      s.payment_status = 'paid';
      s.payment_intent ??= id('pi_test');
      const eventId = id('evt_test');
      const body = JSON.stringify({
        id: eventId,
        object: 'event',
        type: 'checkout.session.completed',
        created: Math.floor(Date.now() / 1000),
        livemode: false,
        data: { object: s },
      });
      events.set(eventId, body);
      return { eventId, ...(await deliver(body)) };
    },
    resend: async (eventId) => {
      const body = events.get(eventId);
      if (!body) throw new Error(`stand-in: no event ${eventId}`);
      return deliver(body);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
