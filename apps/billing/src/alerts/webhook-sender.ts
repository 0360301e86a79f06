import { guardedConnector } from '@tollgate/server';
import { Agent, Dispatcher, errors } from 'undici';
import { forbiddenAddress } from './webhook-address';

/** Most bytes of a receiver's answer billing reads (kept as the error of a failed attempt); the rest is dropped. */
const MAX_ANSWER_BYTES = 1024;

export interface WebhookPost {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** What one attempt got: the status, or why there was none; `ok` for a 2xx. */
export interface AttemptResult {
  ok: boolean;
  status: number | null;
  error: string | null;
}

/** The address a name resolved to (or an IP literal) is one billing may not dial. */
class ForbiddenWebhookAddress extends Error {}

/**
 * POSTs webhooks: no redirects, a deadline over the whole attempt, the receiver's answer read only
 * up to MAX_ANSWER_BYTES, and the address actually dialed checked at connect time (after DNS, so a
 * rebinding name cannot pass): link-local and metadata never, private and loopback only with
 * ALLOW_PRIVATE_WEBHOOKS.
 */
export class WebhookSender {
  private readonly agent: Agent;

  constructor(
    allowPrivate: boolean,
    private readonly timeoutMs: number,
  ) {
    this.agent = new Agent({
      connect: guardedConnector({ forbidden: (ip) => forbiddenAddress(ip, allowPrivate), refused, connectTimeoutMs: timeoutMs }),
      keepAliveTimeout: 4_000,
      connections: 8,
    });
  }

  async post(p: WebhookPost): Promise<AttemptResult> {
    const signal = AbortSignal.timeout(this.timeoutMs);
    try {
      const res = await this.agent.request({
        origin: new URL(p.url).origin,
        path: pathOf(p.url),
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'Tollgate-Webhooks/1', ...p.headers },
        body: p.body,
        signal,
        headersTimeout: this.timeoutMs,
        bodyTimeout: this.timeoutMs,
      });
      const answer = await readBounded(res.body);
      const ok = res.statusCode >= 200 && res.statusCode < 300;
      return { ok, status: res.statusCode, error: ok ? null : `HTTP ${res.statusCode}${answer ? `: ${answer}` : ''}` };
    } catch (err) {
      return { ok: false, status: null, error: describe(err, signal) };
    }
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}

function pathOf(url: string): string {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
}

/** The first MAX_ANSWER_BYTES of the answer as text (control characters dropped); the rest is not read. */
async function readBounded(body: Dispatcher.ResponseData['body']): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= MAX_ANSWER_BYTES) {
      body.destroy();
      break;
    }
  }
  return Buffer.concat(chunks)
    .subarray(0, MAX_ANSWER_BYTES)
    .toString('utf8')
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .trim()
    .slice(0, 300);
}

function describe(err: unknown, signal: AbortSignal): string {
  if (signal.aborted || err instanceof errors.HeadersTimeoutError || err instanceof errors.BodyTimeoutError || err instanceof errors.ConnectTimeoutError) {
    return 'timed out';
  }
  const cause = (err as { cause?: unknown })?.cause;
  if (err instanceof ForbiddenWebhookAddress || cause instanceof ForbiddenWebhookAddress) return `address not allowed: ${((cause ?? err) as Error).message}`;
  const code = (err as { code?: string })?.code ?? (cause as { code?: string } | undefined)?.code;
  return `could not connect${code ? ` (${code})` : ''}`;
}

function refused(host: string, address: string, why: string): ForbiddenWebhookAddress {
  return new ForbiddenWebhookAddress(`${host} (${address}): ${why}`);
}
