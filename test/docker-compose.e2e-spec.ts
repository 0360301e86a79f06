import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import OpenAI from 'openai';
import { parse } from 'yaml';
import type { RunningAuth } from '../apps/auth/src/bootstrap';
import type { RunningBilling } from '../apps/billing/src/bootstrap';
import type { RunningGateway } from '../apps/gateway/src/bootstrap';
import { startMockUpstream, MockUpstream } from '../apps/mock-upstream/src/mock-upstream';
import * as seedModule from '../scripts/start/seed';
import { billingFor } from './support/billing-stack';
import { createTestEnv, TestEnv } from './support/env';
import { authFor, gatewayFor } from './support/stack';

/**
 * docker-compose.yml's `seed` step, for real: its inline program (the text Compose hands to
 * `node -e`, `$$` unescaped) run against auth, billing, a gateway and a key-less mock upstream as
 * compose runs them, then the key it prints used with the OpenAI SDK, as the demo's user would.
 * (No Docker engine here: the services run in this process; the program's require of the compiled
 * seed resolves to scripts/start/seed.ts.)
 */
type Doc = Record<string, any>;

const ROOT = join(__dirname, '..');
const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as Doc;
const seedProgram = (/exec node -e "([\s\S]*)"$/.exec(compose.services.seed.command[2] as string)?.[1] ?? '').replace(/\$\$/g, '$');

describe('docker compose demo seed', () => {
  let env: TestEnv;
  let mock: MockUpstream;
  let auth: RunningAuth;
  let billing: RunningBilling;
  let gateway: RunningGateway;

  beforeAll(async () => {
    env = await createTestEnv();
    mock = await startMockUpstream({}); // compose's mock-upstream has no MOCK_API_KEY
    auth = await authFor(env);
    billing = await billingFor(env);
    gateway = await gatewayFor(env); // ALLOW_PRIVATE_UPSTREAMS, as compose sets for the demo
  });

  afterAll(async () => {
    await gateway?.close();
    await billing?.close();
    await auth?.close();
    await mock?.close();
    await env?.drop();
  });

  /** Runs the seed program; resolves with what it printed, rejects with what it printed on failure. */
  async function runSeed(mockUrl = mock.url): Promise<string[]> {
    const printed: string[] = [];
    const failed: string[] = [];
    const processEnv = {
      ADMIN_TOKEN: env.adminToken,
      DEMO_PORTAL_PASSWORD: 'demo0123456789abcdef0123456789abcdef',
      DEMO_ADMIN_PASSWORD: 'demo9876543210fedcba9876543210fedcba',
      AUTH_ADMIN_URL: auth.url,
      GATEWAY_ADMIN_URL: gateway.adminUrl,
      BILLING_ADMIN_URL: billing.url,
      MOCK_BASE_URL: mockUrl,
    };
    const sandbox = {
      require: (id: string) => {
        if (id !== './dist/scripts/start/seed.js') throw new Error(`the seed program requires ${id}`);
        return seedModule;
      },
      process: { env: processEnv, exit: (code: number) => failed.push(`exit ${code}`) },
      console: { log: (line: string) => printed.push(line), error: (line: string) => failed.push(line) },
    };
    await (runInNewContext(seedProgram, sandbox) as Promise<unknown>);
    if (failed.length) throw new Error(`the seed failed: ${failed.join('; ')}`);
    return printed;
  }

  it('seeds a demo tenant whose printed key makes a priced chat call, and can run again on the next `up`', async () => {
    expect(seedProgram).toContain('seed.seedDemo');
    const printed = await runSeed();
    const key = /^DEMO key: (\S+) /.exec(printed.find((l) => l.startsWith('DEMO key: ')) ?? '')?.[1];
    expect(key).toMatch(/^\S{20,}$/);
    expect(printed.some((l) => l.includes('/console as owner@demo.tollgate.local / demo0123456789abcdef'))).toBe(true);

    const client = new OpenAI({ apiKey: key, baseURL: gateway.baseUrl, maxRetries: 0 });
    const { data, response } = await client.chat.completions
      .create({ model: 'tollgate-fast', messages: [{ role: 'user', content: 'hello demo' }] })
      .withResponse();
    expect(data.choices[0].message.content).toEqual(expect.any(String));
    expect(Number(response.headers.get('x-tollgate-cost'))).toBeGreaterThan(0);

    // `docker compose up` again: the seed is idempotent and prints a fresh key for the same tenant.
    const again = await runSeed();
    expect(again.find((l) => l.startsWith('DEMO key: '))).not.toBe(printed.find((l) => l.startsWith('DEMO key: ')));
  });

  it('points the demo at the mock upstream of the latest run when it listens elsewhere (another MOCK_PORT)', async () => {
    await runSeed();
    const moved = await startMockUpstream({});
    try {
      const printed = await runSeed(moved.url);
      await mock.close(); // the first run's mock is gone, as after a restart on another port
      const key = /^DEMO key: (\S+) /.exec(printed.find((l) => l.startsWith('DEMO key: ')) ?? '')?.[1];
      const client = new OpenAI({ apiKey: key, baseURL: gateway.baseUrl, maxRetries: 0 });
      const reply = await client.chat.completions.create({ model: 'tollgate-fast', messages: [{ role: 'user', content: 'hello moved demo' }] });
      expect(reply.choices[0].message.content).toEqual(expect.any(String));
      expect(JSON.stringify(moved.requests.map((r) => r.body))).toContain('hello moved demo');
    } finally {
      await moved.close();
    }
  });
});
