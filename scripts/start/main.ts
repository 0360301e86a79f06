import { join } from 'node:path';
import { createDatabase, withDatabase } from '@tollgate/db';
import { busyPorts, busyPortsMessage } from './ports';
import { Processes, Service } from './processes';
import { localSecrets } from './secrets';
import { GATEWAY_NODE_ENV, GATEWAY_NODE_FLAGS } from '../../apps/gateway/src/node-flags';
import { DEMO_ADMIN_EMAIL, DEMO_PORTAL_EMAIL, seedAdmin, seedDemo } from './seed';

const ROOT = join(__dirname, '..', '..', '..');
const env = process.env;
const HOST = '127.0.0.1';
const ports = {
  gateway: Number(env.GATEWAY_PORT ?? 8080),
  auth: Number(env.AUTH_ADMIN_PORT ?? 8081),
  billing: Number(env.BILLING_PORT ?? 8082),
  gatewayAdmin: Number(env.GATEWAY_ADMIN_PORT ?? 8083),
  mock: Number(env.MOCK_PORT ?? 8090),
};
const DATABASE_URL = env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/tollgate';

type Secrets = ReturnType<typeof localSecrets>;

function services(secrets: Secrets): Service[] {
  const common = { DATABASE_URL, ADMIN_TOKEN: secrets.ADMIN_TOKEN };
  return [
    { name: 'mock', entry: 'apps/mock-upstream/src/main.js', env: { MOCK_PORT: String(ports.mock) }, health: `http://${HOST}:${ports.mock}/v1/models` },
    {
      name: 'auth',
      entry: 'apps/auth/src/main.js',
      env: { ...common, AUTH_ADMIN_PORT: String(ports.auth) },
      health: `http://${HOST}:${ports.auth}/health/ready`,
    },
    {
      name: 'billing',
      entry: 'apps/billing/src/main.js',
      env: { ...common, BILLING_PORT: String(ports.billing), WEBHOOK_SECRET_KEY: secrets.WEBHOOK_SECRET_KEY },
      health: `http://${HOST}:${ports.billing}/health/ready`,
    },
    {
      name: 'gateway',
      entry: 'apps/gateway/src/main.js',
      nodeArgs: [...GATEWAY_NODE_FLAGS],
      env: {
        ...GATEWAY_NODE_ENV,
        ...common,
        CATALOG_SECRET: secrets.CATALOG_SECRET,
        GATEWAY_PORT: String(ports.gateway),
        GATEWAY_ADMIN_PORT: String(ports.gatewayAdmin),
        ALLOW_PRIVATE_UPSTREAMS: 'true', // the demo's mock upstream is on 127.0.0.1
        // The admin console (gateway admin port) reaches auth's and billing's admin APIs for the browser.
        AUTH_ADMIN_URL: `http://${HOST}:${ports.auth}`,
        BILLING_ADMIN_URL: `http://${HOST}:${ports.billing}`,
      },
      health: `http://${HOST}:${ports.gateway}/health/ready`,
    },
  ];
}

function banner(lines: [string, string][]): string {
  const width = Math.max(...lines.map(([k]) => k.length));
  return ['', '  Tollgate is running', '', ...lines.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`), '', '  Ctrl-C stops everything.', ''].join('\n');
}

/** Before anything starts: a port held by something else would have us health-check and seed whatever answers there. */
async function exitIfPortsBusy(): Promise<void> {
  const busy = await busyPorts(
    [
      { name: 'gateway', env: 'GATEWAY_PORT', port: ports.gateway },
      { name: 'auth admin API', env: 'AUTH_ADMIN_PORT', port: ports.auth },
      { name: 'billing', env: 'BILLING_PORT', port: ports.billing },
      { name: 'gateway admin API', env: 'GATEWAY_ADMIN_PORT', port: ports.gatewayAdmin },
      { name: 'mock upstream', env: 'MOCK_PORT', port: ports.mock },
    ],
    HOST,
  );
  if (busy.length) {
    process.stderr.write(busyPortsMessage(busy, HOST));
    process.exit(1);
  }
}

/** Ctrl-C or SIGTERM stops every service once, then exits. */
function stopOnSignals(procs: Processes): void {
  let shuttingDown = false;
  const shutdown = async (code: number) => {
    if (shuttingDown) return;
    shuttingDown = true;
    process.stdout.write('\nStopping Tollgate...\n');
    await procs.stopAll();
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
}

/** Starts the services one by one, each healthy before the next; a service that never gets healthy stops them all. */
async function startAll(procs: Processes, secrets: Secrets): Promise<void> {
  // A service that exits is restarted with backoff (Processes); the others keep running.
  for (const s of services(secrets)) {
    procs.start(s);
    // auth and billing migrate their own schemas; starting them one after another keeps logs readable.
    await procs.waitHealthy(s).catch(async (err: Error) => {
      await procs.stopAll();
      throw err;
    });
  }
}

type Admin = Parameters<typeof seedAdmin>[0];

/** Where everything is and how to sign in and call it. */
function bannerLines(secrets: Secrets, admin: Admin, demo: { key: string; tenantId: string }): [string, string][] {
  const baseUrl = `http://${HOST}:${ports.gateway}/v1`;
  return [
    ['Console', `http://${HOST}:${ports.gateway}/console`],
    ['Console demo user', `${DEMO_PORTAL_EMAIL} / ${secrets.DEMO_PORTAL_PASSWORD}  (owner of the demo tenant)`],
    ['Admin console', `${admin.gatewayAdminUrl}/console  (internal port)`],
    ['First admin', `${DEMO_ADMIN_EMAIL} / ${secrets.DEMO_ADMIN_PASSWORD}`],
    ['OpenAI base URL', baseUrl],
    ['Demo API key', demo.key],
    ['Demo models', 'tollgate-fast, openai/gpt-4.1-mini (0.40 / 1.60 USD per million input / output tokens)'],
    ['Demo balance', `GET ${admin.billingUrl}/admin/tenants/${demo.tenantId}/balance  (starts at 10.00 USD; x-tollgate-cost shows each call's cost)`],
    ['Admin API (keys)', `${admin.authUrl}/admin  (docs ${admin.authUrl}/api/docs)`],
    ['Admin API (routes)', `${admin.gatewayAdminUrl}/admin  (docs ${admin.gatewayAdminUrl}/api/docs)`],
    ['Admin API (billing)', `http://${HOST}:${ports.billing}/api/docs`],
    ['Admin token', `${secrets.ADMIN_TOKEN}  (bootstrap: creates admins; each admin signs in as themselves)`],
    [
      'Try',
      `curl ${baseUrl}/chat/completions -H "Authorization: Bearer ${demo.key}" -H "Content-Type: application/json" -d '{"model":"tollgate-fast","messages":[{"role":"user","content":"Hello"}]}'`,
    ],
  ];
}

/** Seeds the demo tenant and the first admin, then prints the banner. */
async function seedAndAnnounce(secrets: Secrets): Promise<void> {
  const admin: Admin = {
    token: secrets.ADMIN_TOKEN,
    authUrl: `http://${HOST}:${ports.auth}`,
    gatewayAdminUrl: `http://${HOST}:${ports.gatewayAdmin}`,
    billingUrl: `http://${HOST}:${ports.billing}`,
  };
  const demo = await seedDemo(admin, `http://${HOST}:${ports.mock}/v1`, secrets.DEMO_PORTAL_PASSWORD);
  await seedAdmin(admin, secrets.DEMO_ADMIN_PASSWORD);
  process.stdout.write(banner(bannerLines(secrets, admin, demo)) + '\n');
}

async function main(): Promise<void> {
  await exitIfPortsBusy();
  const secrets = localSecrets(ROOT);
  const dbName = new URL(DATABASE_URL).pathname.slice(1) || 'tollgate';
  await createDatabase(withDatabase(DATABASE_URL, 'postgres'), dbName);
  const procs = new Processes();
  stopOnSignals(procs);
  await startAll(procs, secrets);
  await seedAndAnnounce(secrets);
}

main().catch((err: Error) => {
  process.stderr.write(`Tollgate failed to start: ${err.message}\n`);
  process.exit(1);
});
