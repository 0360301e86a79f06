import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { connect } from 'nats';
import { Streams, streamName } from '@tollgate/contracts';
import { createDatabase, dropDatabase, withDatabase } from '@tollgate/db';
import { BillingProbe } from './booking';
import { Children, ServiceSpec } from './children';
import { freePorts } from './ports';
import { seedBench } from './seed';
import { GATEWAY_NODE_ENV, GATEWAY_NODE_FLAGS } from '../apps/gateway/src/node-flags';

const HOST = '127.0.0.1';
const env = process.env;
/**
 * Gateways log at info, as in production: one access-log line per request (its cost is part of
 * every gateway figure). The bench reads the lines from a pipe, as a container runtime would.
 */
const GATEWAY_LOGS = { LOG_LEVEL: 'info' };
const PG_URL = env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const NATS_URL = env.NATS_URL ?? 'nats://127.0.0.1:4222';

/** The mock upstreams: one answers at once, one after 20 ms (MOCK_DELAY_MS). */
export const MOCK_DELAYS = [0, 20] as const;

export interface Mock {
  /** `0ms`, `20ms`: names the provider, the route and the scenarios' upstream. */
  label: string;
  delayMs: number;
  /** OpenAI base URL of the mock, e.g. http://127.0.0.1:41234/v1 */
  baseUrl: string;
}

/** The long-stream mock: `chunks` content chunks per reply, each stamped with its send time, at a fixed rate. */
export interface LongMockSettings {
  chunks: number;
  chunkDelayMs: number;
}

/** 1,800 chunks at 30 a second: what `npm run bench` runs. */
const LONG_MOCK_DEFAULT: LongMockSettings = { chunks: 1_800, chunkDelayMs: 1000 / 30 };

export interface RunningStack {
  mocks: Mock[];
  /** The long-stream scenario's mock (label `long`, route `bench-long`); not in `mocks`, so the table's scenarios never use it. */
  longMock: Mock;
  /** The gateway's OpenAI base URL. */
  gatewayBaseUrl: string;
  /** A second gateway started by bench/gateway-bypass.ts (no admission, no metering): what auth's Redis trip and metering cost. */
  bypassBaseUrl: string;
  /** A second full gateway process, for the two-process scaling figure. */
  gateway2BaseUrl: string;
  /** The bare pass-through proxy in front of each mock (by mock label), OpenAI base URL. */
  floorBaseUrls: Record<string, string>;
  /** Portkey's open-source gateway (no key checks, no metering). */
  portkeyUrl: string;
  gatewayPid: number;
  billingPid: number;
  /** Billing's usage rows and JetStream backlog, for the booking figures. */
  billing: BillingProbe;
  /** The process requests via `via` to the `upstream` mock pass through; null for direct. */
  proxyPid(via: string, upstream: string): number | null;
  key: string;
  tenantId: string;
  children: Children;
}

/** Until every gateway holds the bench routes' prices (billing publishes them on NATS). */
async function waitForPrices(token: string, adminPorts: number[], count: number, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (const port of adminPorts) {
    for (;;) {
      const res = await fetch(`http://${HOST}:${port}/admin/prices`, { headers: { authorization: `Bearer ${token}` } }).catch(() => null);
      const prices = res?.ok ? ((await res.json()) as { data: unknown[] }).data : [];
      if (prices.length >= count) break;
      if (Date.now() > deadline) throw new Error(`gateway (admin port ${port}) did not receive the bench prices`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

const PORT_NAMES = [
  'mock0',
  'mock20',
  'auth',
  'gateway',
  'gatewayAdmin',
  'bypass',
  'bypassAdmin',
  'floor0',
  'floor20',
  'portkey',
  'gw2',
  'gw2Admin',
  'billing',
  'long',
] as const;
/** Every port the stack listens on, by what listens there. */
type Ports = Record<(typeof PORT_NAMES)[number], number>;

async function allocatePorts(): Promise<Ports> {
  const list = await freePorts(PORT_NAMES.length);
  return Object.fromEntries(PORT_NAMES.map((name, i) => [name, list[i]])) as Ports;
}

type Infra = Record<string, string>;

/** The mock upstreams: one per delay, and the long-stream mock (fixed-rate, stamped chunks). */
function mockSpecs(mocks: Mock[], longMock: Mock, p: Ports, long: LongMockSettings): ServiceSpec[] {
  const mockPorts = [p.mock0, p.mock20];
  return [
    ...mocks.map((m, i) => ({
      name: `mock-${m.label}`,
      entry: 'apps/mock-upstream/src/main.js',
      env: { MOCK_PORT: String(mockPorts[i]), MOCK_DELAY_MS: String(m.delayMs) },
      health: `${m.baseUrl}/models`,
    })),
    {
      name: 'mock-long',
      entry: 'apps/mock-upstream/src/main.js',
      env: {
        MOCK_PORT: String(p.long),
        MOCK_CHUNK_DELAY_MS: String(long.chunkDelayMs),
        MOCK_FIXED_RATE: '1',
        MOCK_STREAM_CHUNKS: String(long.chunks),
        MOCK_STAMP_CHUNKS: '1',
        MOCK_BACKLOG: '8192', // thousands of streams open within seconds; the kernel caps it at net.core.somaxconn
      },
      health: `${longMock.baseUrl}/models`,
    },
  ];
}

function appSpecs(infra: Infra, p: Ports): ServiceSpec[] {
  return [
    { name: 'auth', entry: 'apps/auth/src/main.js', env: { ...infra, AUTH_ADMIN_PORT: String(p.auth) }, health: `http://${HOST}:${p.auth}/health/ready` },
    // Runs for the whole bench, booking every usage event the gateways publish, as in production.
    // BENCH_BILLING_NODE_ARGS="--cpu-prof --cpu-prof-dir=bench/profiles" profiles its booking under load.
    {
      name: 'billing',
      entry: 'apps/billing/src/main.js',
      env: { ...infra, BILLING_PORT: String(p.billing) },
      nodeArgs: (env.BENCH_BILLING_NODE_ARGS ?? '').split(' ').filter(Boolean),
      health: `http://${HOST}:${p.billing}/health/ready`,
    },
  ];
}

interface GatewayShared {
  infra: Infra;
  catalogSecret: string;
  journalDir: (name: string) => string;
}

/** The gateway, a second gateway process, and the bypass build, each with its own usage journal. */
function gatewaySpecs(g: GatewayShared, p: Ports): ServiceSpec[] {
  const nodeArgs = (extra: string | undefined): string[] => [...GATEWAY_NODE_FLAGS, ...(extra ?? '').split(' ').filter(Boolean)];
  const spec = (name: string, entry: string, port: number, adminPort: number, args: string[]): ServiceSpec => ({
    name,
    entry,
    env: {
      ...GATEWAY_NODE_ENV,
      ...g.infra,
      ...GATEWAY_LOGS,
      CATALOG_SECRET: g.catalogSecret,
      GATEWAY_PORT: String(port),
      GATEWAY_ADMIN_PORT: String(adminPort),
      USAGE_SPOOL_DIR: g.journalDir(name),
    },
    health: `http://${HOST}:${port}/health/ready`,
    nodeArgs: args,
  });
  return [
    // BENCH_GATEWAY_NODE_ARGS="--cpu-prof --cpu-prof-dir=bench/profiles" profiles the gateway under load.
    spec('gateway', 'apps/gateway/src/main.js', p.gateway, p.gatewayAdmin, nodeArgs(env.BENCH_GATEWAY_NODE_ARGS)),
    spec('gateway-2', 'apps/gateway/src/main.js', p.gw2, p.gw2Admin, [...GATEWAY_NODE_FLAGS]),
    // BENCH_BYPASS_NODE_ARGS: the same for this gateway (`profile.js ... bypass`).
    spec('gateway-bypass', 'bench/gateway-bypass.js', p.bypass, p.bypassAdmin, nodeArgs(env.BENCH_BYPASS_NODE_ARGS)),
  ];
}

/** The comparison proxies: a bare floor proxy in front of each mock, and Portkey. */
function proxySpecs(mocks: Mock[], p: Ports): ServiceSpec[] {
  const floorPorts = [p.floor0, p.floor20];
  const mockPorts = [p.mock0, p.mock20];
  return [
    ...mocks.map((m, i) => ({
      name: `floor-${m.label}`,
      entry: 'bench/floor-proxy.js',
      env: { FLOOR_PORT: String(floorPorts[i]), FLOOR_UPSTREAM: `http://${HOST}:${mockPorts[i]}` },
      health: `http://${HOST}:${floorPorts[i]}/v1/models`,
    })),
    {
      name: 'portkey',
      entry: '../node_modules/@portkey-ai/gateway/build/start-server.js',
      args: [`--port=${p.portkey}`],
      env: {},
      health: `http://${HOST}:${p.portkey}/`,
    },
  ];
}

/**
 * Everything the bench owns: a fresh database, its own NATS prefix and Redis prefix, and the
 * services as child processes. `teardown()` undoes whatever `setup()` got to, and is safe to
 * call twice or after a failed setup.
 */
export class BenchStack {
  readonly id = `b${randomBytes(5).toString('hex')}`;
  readonly dbName = `tollgate_bench_${this.id}`;
  readonly natsPrefix = `bench_${this.id}`;
  readonly redisPrefix = `bench:${this.id}:`;
  readonly children = new Children();
  private readonly adminUrl = withDatabase(PG_URL, 'postgres');
  private dbCreated = false;
  private probe?: BillingProbe;
  private torndown?: Promise<void>;

  /** Each gateway process its own usage journal, away from `npm start`'s. */
  private journalDir(name: string): string {
    return join(tmpdir(), `tollgate-${this.id}-${name}-journal`);
  }

  async setup(onUnexpectedExit: (name: string, code: number | null, signal: NodeJS.Signals | null) => void, long = LONG_MOCK_DEFAULT): Promise<RunningStack> {
    const adminToken = `bench-admin-${randomBytes(16).toString('hex')}`;
    const catalogSecret = randomBytes(24).toString('hex');
    const p = await allocatePorts();
    await createDatabase(this.adminUrl, this.dbName);
    this.dbCreated = true;
    const infra = {
      DATABASE_URL: withDatabase(PG_URL, this.dbName),
      REDIS_URL,
      NATS_URL,
      NATS_PREFIX: this.natsPrefix,
      REDIS_PREFIX: this.redisPrefix,
      ADMIN_TOKEN: adminToken,
      LOG_LEVEL: 'warn',
      ALLOW_PRIVATE_UPSTREAMS: 'true', // the gateways' mock upstreams are on 127.0.0.1
    };
    const mockPorts = [p.mock0, p.mock20];
    const mocks: Mock[] = MOCK_DELAYS.map((delayMs, i) => ({ label: `${delayMs}ms`, delayMs, baseUrl: `http://${HOST}:${mockPorts[i]}/v1` }));
    const longMock: Mock = { label: 'long', delayMs: 0, baseUrl: `http://${HOST}:${p.long}/v1` };
    const gateways = { infra, catalogSecret, journalDir: (name: string) => this.journalDir(name) };
    const specs = [...mockSpecs(mocks, longMock, p, long), ...appSpecs(infra, p), ...gatewaySpecs(gateways, p), ...proxySpecs(mocks, p)];
    for (const s of specs) this.children.start(s, onUnexpectedExit);
    await Promise.all(specs.map((s) => this.children.waitHealthy(s)));
    const seeded = await this.seed(adminToken, p, [...mocks, longMock]);
    return this.running(p, mocks, longMock, seeded);
  }

  /** Seeds the tenant, key and catalogue, waits for every gateway to see the prices, and opens the billing probe. */
  private async seed(adminToken: string, p: Ports, allMocks: Mock[]): Promise<{ key: string; tenantId: string }> {
    const seeded = await seedBench(
      {
        token: adminToken,
        authUrl: `http://${HOST}:${p.auth}`,
        gatewayAdminUrl: `http://${HOST}:${p.gatewayAdmin}`,
        billingUrl: `http://${HOST}:${p.billing}`,
      },
      allMocks.map((m) => ({ label: m.label, baseUrl: m.baseUrl })),
    );
    await waitForPrices(adminToken, [p.gatewayAdmin, p.gw2Admin, p.bypassAdmin], allMocks.length);
    // Billing keeps running: a gateway figure measured while nobody books its usage is not a
    // figure of Tollgate. The probe reads what it booked (billing.usage_records) and its backlog.
    this.probe = await BillingProbe.open({
      databaseUrl: withDatabase(PG_URL, this.dbName),
      natsUrl: NATS_URL,
      stream: streamName(this.natsPrefix, Streams.usage.name),
      billingPid: this.children.pid('billing'),
      tenantId: seeded.tenantId,
    });
    return seeded;
  }

  private running(p: Ports, mocks: Mock[], longMock: Mock, seeded: { key: string; tenantId: string }): RunningStack {
    const floorPorts = [p.floor0, p.floor20];
    return {
      mocks,
      longMock,
      gatewayBaseUrl: `http://${HOST}:${p.gateway}/v1`,
      bypassBaseUrl: `http://${HOST}:${p.bypass}/v1`,
      gateway2BaseUrl: `http://${HOST}:${p.gw2}/v1`,
      floorBaseUrls: Object.fromEntries(mocks.map((m, i) => [m.label, `http://${HOST}:${floorPorts[i]}/v1`])),
      portkeyUrl: `http://${HOST}:${p.portkey}`,
      gatewayPid: this.children.pid('gateway'),
      billingPid: this.children.pid('billing'),
      billing: this.probe!,
      proxyPid: (via, upstream) => (via === 'direct' ? null : this.children.pid(via === 'floor' ? `floor-${upstream}` : via)),
      key: seeded.key,
      tenantId: seeded.tenantId,
      children: this.children,
    };
  }

  teardown(): Promise<void> {
    this.torndown ??= this.doTeardown();
    return this.torndown;
  }

  private async doTeardown(): Promise<void> {
    const problems: string[] = [];
    const step = async (what: string, fn: () => Promise<unknown>): Promise<void> => {
      try {
        await fn();
      } catch (err) {
        problems.push(`${what}: ${(err as Error).message}`);
      }
    };
    if (this.probe) await step('close billing probe', () => this.probe!.close());
    await step('stop services', () => this.children.stopAll());
    await step('delete NATS streams', () => this.deleteStreams());
    await step('delete Redis keys', () => this.deleteRedisKeys());
    if (this.dbCreated) await step(`drop database ${this.dbName}`, () => dropDatabase(this.adminUrl, this.dbName));
    if (problems.length) process.stderr.write(`bench teardown problems:\n  ${problems.join('\n  ')}\n`);
  }

  /** Every stream the run's services made under its prefix (usage and tenant alerts). */
  private async deleteStreams(): Promise<void> {
    const nc = await connect({ servers: NATS_URL, timeout: 3_000 });
    try {
      const jsm = await nc.jetstreamManager();
      for (const { name } of Object.values(Streams)) await jsm.streams.delete(streamName(this.natsPrefix, name)).catch(() => false);
    } finally {
      await nc.close();
    }
  }

  private async deleteRedisKeys(): Promise<void> {
    const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
    try {
      await redis.connect();
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${this.redisPrefix}*`, 'COUNT', 500);
        if (keys.length) await redis.del(...keys);
        cursor = next;
      } while (cursor !== '0');
    } finally {
      redis.disconnect();
    }
  }
}
