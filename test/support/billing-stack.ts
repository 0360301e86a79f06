import { ChildProcess, execFileSync } from 'node:child_process';
import { createHmac, randomUUID } from 'node:crypto';
import { mkdirSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import PDFParser from 'pdf2json';
import { USAGE_BATCH_MAX, usageBatchId, UsageRecorded } from '@tollgate/contracts';
import type { Bus } from '@tollgate/messaging';
import { startBilling, RunningBilling } from '../../apps/billing/src/bootstrap';
import { BillingEnv } from '../../apps/billing/src/config';
import { infraEnv, TestEnv } from './env';
import { eventually } from './eventually';
import { serviceChild } from './service-child';

export const STRIPE_SECRETS = ['whsec_stripe_old_0123456789', 'whsec_stripe_new_9876543210'];
export const STANDARD_SECRETS = [`whsec_${Buffer.from('standard-old-key-0123456789abcdef').toString('base64')}`, 'plain-standard-secret'];

export function billingEnv(env: TestEnv, overrides: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ...infraEnv(env),
    BILLING_PORT: '0',
    STRIPE_WEBHOOK_SECRETS: STRIPE_SECRETS.join(','),
    STANDARD_WEBHOOK_SECRETS: STANDARD_SECRETS.join(','),
    ...overrides,
  };
}

/** The billing service in this process. */
export function billingFor(env: TestEnv, overrides: NodeJS.ProcessEnv = {}): Promise<RunningBilling> {
  return startBilling(BillingEnv.parse(billingEnv(env, overrides)));
}

export interface BillingChild {
  proc: ChildProcess;
  url: string;
  kill(signal: NodeJS.Signals): Promise<void>;
}

/** The compiled billing service (`npm run build` output) as a child process, for crash tests. */
export async function billingChild(env: TestEnv, overrides: NodeJS.ProcessEnv = {}): Promise<BillingChild> {
  const c = await serviceChild('apps/billing/src/main.js', billingEnv(env, { LOG_LEVEL: 'info', ...overrides }), /billing on (http:\/\/[^"\s]+)/);
  return { proc: c.proc, url: c.urls[0], kill: c.kill };
}

let seq = 0;
/** A usage event as the gateway publishes it. */
export function usageEvent(tenantId: string, overrides: Partial<UsageRecorded> = {}): UsageRecorded {
  return {
    requestId: `req_${randomUUID()}_${++seq}`,
    occurredAt: new Date().toISOString(),
    tenantId,
    keyId: '00000000-0000-4000-8000-00000000000a',
    keyLabel: 'test-key',
    model: 'tollgate-fast',
    provider: 'mock',
    upstreamModel: 'gpt-4.1-mini',
    promptTokens: 1000,
    completionTokens: 500,
    cachedTokens: 0,
    estimated: false,
    stream: false,
    status: 200,
    latencyMs: 120,
    ttftMs: null,
    costMicros: 0,
    ...overrides,
  };
}

/**
 * Publishes `events` as production gateways do: billing.usage.batch.v1 messages of at most
 * USAGE_BATCH_MAX events, each with the id derived from its events (a retried publish is stored
 * once). `msgId` overrides it, for one batch that must reach billing a second time (a gateway
 * retry outside JetStream's dedupe window).
 */
export async function publishUsage(bus: Bus, events: readonly UsageRecorded[], msgId?: string): Promise<void> {
  if (msgId !== undefined && events.length > USAGE_BATCH_MAX) throw new Error('publishUsage: a message id names one batch');
  for (let i = 0; i < events.length; i += USAGE_BATCH_MAX) {
    const batch = events.slice(i, i + USAGE_BATCH_MAX);
    await bus.publishDurable('usageBatch', { events: batch }, msgId ?? usageBatchId(batch));
  }
}

/** Direct reads of billing's schema, to check the service against the ledger itself. */
export class BillingDb {
  private constructor(private readonly client: Client) {}

  static async open(env: TestEnv): Promise<BillingDb> {
    const client = new Client({ connectionString: env.databaseUrl, options: '-c search_path=billing' });
    await client.connect();
    return new BillingDb(client);
  }

  async query<T extends Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.client.query<T>(sql, params)).rows;
  }

  async entrySum(tenantId: string): Promise<bigint> {
    const [r] = await this.query<{ s: string }>(`SELECT COALESCE(SUM(amount_micros), 0)::text AS s FROM ledger_entries WHERE account_code = $1`, [
      `tenant:${tenantId}`,
    ]);
    return BigInt(r.s);
  }

  async cachedBalance(tenantId: string): Promise<bigint> {
    const [r] = await this.query<{ b: string }>(`SELECT balance_micros::text AS b FROM accounts WHERE code = $1`, [`tenant:${tenantId}`]);
    return r ? BigInt(r.b) : 0n;
  }

  async count(table: string, where = 'TRUE', params: unknown[] = []): Promise<number> {
    const [r] = await this.query<{ n: string }>(`SELECT COUNT(*)::text AS n FROM ${table} WHERE ${where}`, params);
    return Number(r.n);
  }

  close(): Promise<void> {
    return this.client.end();
  }
}

/** eventually() for a yes/no condition that must come true: throws, naming `what`, if it does not in time. */
export async function waitUntil(check: () => Promise<boolean>, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  if (!(await eventually(check, (ok) => ok, timeoutMs))) throw new Error(`timed out waiting for ${what}`);
}

export function stripeSignature(body: string, secret: string, t = Math.floor(Date.now() / 1000)): string {
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;
}

export function standardSignature(id: string, ts: number, body: string, secret: string): string {
  const key = secret.startsWith('whsec_') ? Buffer.from(secret.slice(6), 'base64') : Buffer.from(secret);
  return `v1,${createHmac('sha256', key).update(`${id}.${ts}.${body}`).digest('base64')}`;
}

/** The text of a PDF, page by page, as a reader would copy it. */
export function pdfText(pdf: Buffer): Promise<string> {
  // pdf2json reads `buffer.buffer` and ignores the byte offset: give it a Buffer that owns its memory
  // (small Buffers are slices of Node's shared pool).
  const own = new Uint8Array(pdf.length);
  own.set(pdf);
  const bytes = Buffer.from(own.buffer);
  const log = console.log; // pdf2json prints "Setting up fake worker" through console.log
  console.log = () => undefined;
  return new Promise<string>((resolve, reject) => {
    const parser = new PDFParser(null, true);
    parser.on('pdfParser_dataError', (e: unknown) => reject(e instanceof Error ? e : new Error(JSON.stringify(e))));
    parser.on('pdfParser_dataReady', () => resolve(parser.getRawTextContent()));
    parser.parseBuffer(bytes, 0);
  }).finally(() => (console.log = log));
}

/**
 * Compiles the workspace (incremental `tsc -b`) so that dist/ holds the current services. Test
 * files in parallel workers take turns (a lock directory), so two builds never write dist/ at once.
 */
export function buildDist(): void {
  const root = join(__dirname, '..', '..');
  const lock = join(root, '.tollgate-build.lock');
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error('timed out waiting for another test file to finish building dist/');
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
    }
  }
  try {
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-b', 'tsconfig.build.json'], { cwd: root, stdio: 'pipe' });
  } finally {
    rmdirSync(lock);
  }
}

/**
 * Auth's part for a billing-only test: every tenant exists (auth.tenants.get.v1 answers found).
 * Billing books money only to tenants auth vouches for; tests without auth stand in for it here.
 */
export function everyTenantKnown(bus: Bus): void {
  bus.respond(
    'tenantGet',
    'auth',
    (req) => Promise.resolve({ found: true as const, tenantId: req.tenantId, name: 'Test Tenant' }),
    () => undefined,
  );
}
