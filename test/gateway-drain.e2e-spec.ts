import OpenAI from 'openai';
import { Agent, request } from 'node:http';
import { Socket } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HealthController } from '../apps/gateway/src/health/health.controller';
import { AdminClient } from './support/admin-client';
import { BillingDb, buildDist, waitUntil } from './support/billing-stack';
import { createTestEnv, TestEnv } from './support/env';
import { adminFor, tenantWithKey, TenantFixture } from './support/fixtures';
import { GatewayChild, gatewayChild } from './support/gateway-child';
import { startStack, Stack } from './support/stack';

jest.setTimeout(120_000);

/** A keep-alive connection to `baseUrl` left idle after one request; resolves with its socket. */
function idleKeepAlive(baseUrl: string): Promise<Socket> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  return new Promise((resolve, reject) => {
    const req = request(`${new URL(baseUrl).origin}/health/live`, { agent }, (res) => {
      res.resume();
      res.once('end', () => setImmediate(() => resolve(req.socket as Socket)));
    });
    req.once('error', reject);
    req.end();
  });
}

const closedAt = (socket: Socket) => new Promise<number>((resolve) => socket.once('close', () => resolve(Date.now())));

describe('a gateway drained with SIGTERM during a stream', () => {
  let env: TestEnv;
  let stack: Stack;
  let admin: AdminClient;
  let t: TenantFixture;
  let db: BillingDb;
  let child: GatewayChild | undefined;

  beforeAll(async () => {
    buildDist();
    env = await createTestEnv();
    // 150 ms between chunks: a stream of 16 pieces lasts over two seconds.
    stack = await startStack(env, { mockChunkDelayMs: 150 });
    admin = adminFor(env, stack);
    t = await tenantWithKey(admin, stack);
    db = await BillingDb.open(env);
  });

  afterAll(async () => {
    if (child?.proc.exitCode === null) await child.kill('SIGKILL');
    await db?.close();
    await stack?.close();
    await env?.drop();
  });

  it('closes idle keep-alive connections at once, lets the stream finish whole, bills it, and exits right after', async () => {
    const spool = mkdtempSync(join(tmpdir(), 'tollgate-drain-spool-'));
    child = await gatewayChild(env, { ALLOW_PRIVATE_UPSTREAMS: 'true', USAGE_SPOOL_DIR: spool });
    const proc = child.proc;
    const exited = new Promise<{ at: number; code: number | null }>((resolve) => proc.once('exit', (code) => resolve({ at: Date.now(), code })));
    const idle = await idleKeepAlive(child.baseUrl);
    expect(idle.destroyed).toBe(false);
    const idleClosed = closedAt(idle);

    const client = new OpenAI({ apiKey: t.key, baseURL: child.baseUrl, maxRetries: 0 });
    const words = Array.from({ length: 12 }, (_, i) => `word${i}`);
    const { data: stream, response } = await client.chat.completions
      .create({ model: 'tollgate-fast', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: words.join(' ') }] })
      .withResponse();
    const requestId = response.headers.get('x-request-id')!;
    const chunks = stream[Symbol.asyncIterator]();
    const first = await chunks.next();
    expect(first.done).toBe(false);

    const sigtermAt = Date.now();
    proc.kill('SIGTERM');
    let text = first.value?.choices[0]?.delta?.content ?? '';
    let usage: OpenAI.CompletionUsage | undefined | null;
    let finish: string | null | undefined;
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) {
      text += next.value.choices[0]?.delta?.content ?? '';
      finish ??= next.value.choices[0]?.finish_reason;
      usage ??= next.value.usage;
    }
    const streamEndedAt = Date.now();

    // The idle connection went at once, long before the stream ended; the stream was not cut.
    expect((await idleClosed) - sigtermAt).toBeLessThan(1000);
    expect(streamEndedAt - sigtermAt).toBeGreaterThan(1000);
    expect(text).toBe(`Hello from mock-upstream! You said: ${words.join(' ')}`);
    expect(finish).toBe('stop');
    expect(usage?.completion_tokens).toBeGreaterThan(0);

    // The process exits cleanly within a second of the stream's end, not after the keep-alive timeout.
    const exit = await exited;
    expect(exit.code).toBe(0);
    expect(exit.at - streamEndedAt).toBeLessThan(1000);

    // The stream is billed, at its real cost.
    await waitUntil(async () => (await db.count('usage_records', 'request_id = $1', [requestId])) === 1, 20_000, 'stream booked');
    const [row] = await db.query<{ status: number; estimated: boolean; completion_tokens: number }>(
      'SELECT status, estimated, completion_tokens FROM usage_records WHERE request_id = $1',
      [requestId],
    );
    expect(row).toMatchObject({ status: 200, estimated: false, completion_tokens: usage?.completion_tokens });
  });

  it('answers readiness with 503 as soon as draining starts', async () => {
    const health = stack.gateway.app.get(HealthController) as { ready(): Promise<unknown> };
    await expect(health.ready()).resolves.toEqual({ status: 'ok' });
    const closing = stack.gateway.close();
    await expect(health.ready()).rejects.toMatchObject({ status: 503 });
    await closing;
  });
});
