import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { connect, ErrorCode, NatsConnection, NatsError } from 'nats';
import OpenAI from 'openai';
import type { RunningAuth } from '../apps/auth/src/bootstrap';
import type { RunningBilling } from '../apps/billing/src/bootstrap';
import type { RunningGateway } from '../apps/gateway/src/bootstrap';
import { startMockUpstream, MockUpstream } from '../apps/mock-upstream/src/mock-upstream';
import { AdminClient } from './support/admin-client';
import { billingFor } from './support/billing-stack';
import { createTestEnv, TestEnv } from './support/env';
import { eventually } from './support/eventually';
import { TEST_CREDIT_MICROS } from './support/fixtures';
import { authFor, gatewayFor } from './support/stack';

/**
 * deploy/nats/nats-server.conf, for real: a nats-server of this test's own started with that file
 * as it is, the three services connected to it each with its own user (credentials in NATS_URL),
 * a metered chat call through the OpenAI SDK billed end to end, and the gateway's user refused
 * what only auth or billing may do.
 */
const CONFIG = join(__dirname, '..', 'deploy', 'nats', 'nats-server.conf');

/** A binary on PATH (or in /usr/sbin, where Debian puts nats-server), or null. */
function binaryOnPath(name: string): string | null {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/local/sbin'].filter(Boolean);
  for (const dir of dirs) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

interface TlsFiles {
  caFile: string;
  certFile: string;
  keyFile: string;
}

/** A throwaway CA and a server certificate for 127.0.0.1 it signed, written into `dir` with openssl. */
function testCertificates(openssl: string, dir: string): TlsFiles {
  const f = (name: string) => join(dir, name);
  const run = (...args: string[]) => execFileSync(openssl, args, { stdio: 'pipe' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  run('req', '-x509', ...ec, '-keyout', f('ca.key'), '-out', f('ca.pem'), '-days', '1', '-subj', '/CN=tollgate-test-ca');
  run('req', ...ec, '-keyout', f('server.key'), '-out', f('server.csr'), '-subj', '/CN=127.0.0.1');
  // nats.js checks a 127.0.0.1 server's certificate against the name `localhost`.
  writeFileSync(f('san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  run(
    'x509',
    '-req',
    '-in',
    f('server.csr'),
    '-CA',
    f('ca.pem'),
    '-CAkey',
    f('ca.key'),
    '-CAcreateserial',
    '-out',
    f('server.pem'),
    '-days',
    '1',
    '-extfile',
    f('san.ext'),
  );
  return { caFile: f('ca.pem'), certFile: f('server.pem'), keyFile: f('server.key') };
}

interface SecuredNats {
  /** The CA that signed the server's certificate, when the server requires TLS. */
  caFile?: string;
  /** `nats://<user>:<password>@127.0.0.1:<port>` for one of the config's users. */
  urlFor(user: 'gateway' | 'auth' | 'billing'): string;
  port: number;
  passwords: Record<'gateway' | 'auth' | 'billing', string>;
  /** What the server has logged so far (permission violations among it). */
  log(): string;
  stop(): Promise<void>;
}

/**
 * A nats-server of its own, started with `configFile` as it is (passwords through the environment,
 * as the sample config reads them), on free ports and a temporary JetStream store. Resolves once the
 * server says it is ready.
 */
async function startSecuredNats(binary: string, configFile: string, openssl: string | null): Promise<SecuredNats> {
  const [port, monitor] = [await freePort(), await freePort()];
  const store = mkdtempSync(join(tmpdir(), 'tollgate-nats-'));
  // TLS as a deployment adds it: on the command line here, a `tls {}` block in a real config.
  const tls = openssl ? testCertificates(openssl, store) : null;
  const tlsArgs = tls ? ['--tls', '--tlscert', tls.certFile, '--tlskey', tls.keyFile] : [];
  // nats-server parses an environment value as a config value: a password must start with a letter (see the config).
  const password = () => `p${randomBytes(18).toString('hex')}`;
  const passwords = { gateway: password(), auth: password(), billing: password() };
  const proc = spawn(binary, ['-c', configFile, '-a', '127.0.0.1', '-p', String(port), '-m', String(monitor), '-sd', join(store, 'js'), ...tlsArgs], {
    env: {
      PATH: process.env.PATH,
      TOLLGATE_NATS_GATEWAY_PASSWORD: passwords.gateway,
      TOLLGATE_NATS_AUTH_PASSWORD: passwords.auth,
      TOLLGATE_NATS_BILLING_PASSWORD: passwords.billing,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = await ready(proc);
  return {
    log: () => output.text,
    caFile: tls?.caFile,
    port,
    passwords,
    urlFor: (user) => `nats://${user}:${passwords[user]}@127.0.0.1:${port}`,
    stop: async () => {
      if (proc.exitCode === null) {
        const exited = new Promise((resolve) => proc.once('exit', resolve));
        proc.kill('SIGTERM');
        await exited;
      }
      rmSync(store, { recursive: true, force: true });
    },
  };
}

function ready(proc: ChildProcess): Promise<{ text: string }> {
  const output = { text: '' };
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output.text += chunk.toString();
      if (output.text.includes('Server is ready')) resolve(output);
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    proc.once('exit', (code) => reject(new Error(`nats-server exited (${code}) before it was ready:\n${output.text.slice(-2000)}`)));
  });
}

const binary = binaryOnPath('nats-server');
/** openssl makes the test certificates; without it the suite runs the same checks over plain TCP. */
const openssl = binaryOnPath('openssl');
const suite = binary
  ? describe
  : // CI runs on the same machine as development: the test is skipped only where the binary really is missing.
    describe.skip;

suite(
  binary
    ? 'NATS subject permissions (deploy/nats/nats-server.conf)'
    : 'NATS subject permissions: SKIPPED, no nats-server binary on PATH or in /usr/sbin (apt-get install nats-server)',
  () => {
    let env: TestEnv;
    let nats: SecuredNats;
    let mock: MockUpstream;
    let auth: RunningAuth;
    let billing: RunningBilling;
    let gateway: RunningGateway;
    let admin: AdminClient;
    const opened: NatsConnection[] = [];

    /** A plain NATS connection as `user` of the sample config. */
    async function as(user: 'gateway' | 'auth' | 'billing'): Promise<NatsConnection> {
      const nc = await connect({ servers: `127.0.0.1:${nats.port}`, user, pass: nats.passwords[user], timeout: 2000, ...tlsOption() });
      opened.push(nc);
      return nc;
    }

    const tlsOption = () => (nats.caFile ? { tls: { caFile: nats.caFile } } : {});

    beforeAll(async () => {
      env = await createTestEnv();
      nats = await startSecuredNats(binary!, CONFIG, openssl);
      // Each service on its own user, the credentials in NATS_URL, TLS trusting the test CA; the sample config names subjects without a prefix.
      const on = (user: 'gateway' | 'auth' | 'billing') => ({ NATS_URL: nats.urlFor(user), NATS_PREFIX: '', NATS_TLS_CA_FILE: nats.caFile ?? '' });
      mock = await startMockUpstream({ apiKey: 'sk-upstream-secret' });
      auth = await authFor(env, on('auth'));
      billing = await billingFor(env, on('billing'));
      gateway = await gatewayFor(env, { ...on('gateway'), AUTH_ADMIN_URL: auth.url, BILLING_ADMIN_URL: billing.url });
      admin = new AdminClient(env.adminToken, auth.url, gateway.adminUrl, billing.url, [gateway.adminUrl]);
    });

    afterAll(async () => {
      for (const nc of opened) await nc.close().catch(() => undefined);
      await gateway?.close();
      await billing?.close();
      await auth?.close();
      await mock?.close();
      await nats?.stop();
      await env?.drop();
    });

    it('serves and bills a metered chat call made with the OpenAI SDK, every service on its own NATS user', async () => {
      const tenantId = (await admin.createTenant('nats-permissions')).id;
      await admin.credit(tenantId, TEST_CREDIT_MICROS);
      const provider = await admin.createProvider({ name: 'mock', baseUrl: mock.url, apiKey: 'sk-upstream-secret' });
      await admin.addModel(tenantId, 'tollgate-fast', provider.id, 'gpt-4.1-mini');
      const { key } = await admin.createKey(tenantId, { label: 'nats' });
      const client = new OpenAI({ apiKey: key, baseURL: gateway.baseUrl, maxRetries: 0 });

      const { data, response } = await client.chat.completions
        .create({ model: 'tollgate-fast', messages: [{ role: 'user', content: 'Hello over a locked-down NATS' }] })
        .withResponse();
      expect(data.choices[0].message.content).toEqual(expect.any(String));
      const cost = Number(response.headers.get('x-tollgate-cost'));
      expect(cost).toBeGreaterThan(0);
      const requestId = response.headers.get('x-tollgate-request-id') ?? response.headers.get('x-request-id');

      // Booked by billing from JetStream, read back through the gateway's /me API (gateway → billing over NATS).
      const me = async (path: string) =>
        (await fetch(`${gateway.url}${path}`, { headers: { authorization: `Bearer ${key}` } })).json() as Promise<Record<string, unknown>>;
      const logs = await eventually(
        () => me('/me/request-logs') as Promise<{ data?: { request_id: string; status: number; cost_micros: number }[] }>,
        (r) => (r.data ?? []).length > 0,
      );
      expect(logs.data).toEqual([expect.objectContaining({ request_id: requestId, status: 200, cost_micros: cost })]);
      const balance = await eventually(
        () => me('/me/billing/balance'),
        (b) => b.balance_micros === TEST_CREDIT_MICROS - cost,
      );
      expect(balance.balance_micros).toBe(TEST_CREDIT_MICROS - cost);
      // Nothing any service did along the way (boot, streams, consumers, the call, booking) was refused.
      expect(
        nats
          .log()
          .split('\n')
          .filter((l) => /violation/i.test(l)),
      ).toEqual([]);
    });

    it("refuses the gateway's user what only auth or billing may do", async () => {
      const nc = await as('gateway');
      const violation = { code: ErrorCode.PermissionsViolation };
      // Forge a key revocation or change event (auth's to announce).
      await expect(nc.request('auth.keys.changed.v1', new Uint8Array(0), { timeout: 2000 })).rejects.toMatchObject(violation);
      // Answer key verifications in auth's place.
      const impostor = await new Promise<NatsError | null>((resolve) => {
        nc.subscribe('auth.keys.verify.v1', { callback: (err) => resolve(err) });
      });
      expect(impostor).toMatchObject(violation);
      // Delete the usage stream (calls served and never billed), or pull usage in billing's place.
      const jsm = await nc.jetstreamManager();
      await expect(jsm.streams.delete('BILLING_USAGE')).rejects.toMatchObject(violation);
      await expect(nc.request('$JS.API.CONSUMER.MSG.NEXT.BILLING_USAGE.billing', new Uint8Array(0), { timeout: 2000 })).rejects.toMatchObject(violation);
      expect((await jsm.streams.info('BILLING_USAGE')).config.name).toBe('BILLING_USAGE');
    });

    it("refuses billing's user what only auth may announce, and a wrong password", async () => {
      const nc = await as('billing');
      await expect(nc.request('auth.tenants.changed.v1', new Uint8Array(0), { timeout: 2000 })).rejects.toMatchObject({ code: ErrorCode.PermissionsViolation });
      await expect(
        connect({ servers: `127.0.0.1:${nats.port}`, user: 'gateway', pass: nats.passwords.billing, timeout: 2000, ...tlsOption() }),
      ).rejects.toMatchObject({
        code: ErrorCode.AuthorizationViolation,
      });
    });

    (openssl ? it : it.skip)('speaks TLS only: a client that does not trust the CA is refused, the right password notwithstanding', async () => {
      expect(nats.caFile).toBeDefined();
      await expect(connect({ servers: `127.0.0.1:${nats.port}`, user: 'gateway', pass: nats.passwords.gateway, timeout: 2000 })).rejects.toThrow();
      await expect(
        connect({ servers: `127.0.0.1:${nats.port}`, user: 'gateway', pass: nats.passwords.gateway, timeout: 2000, tls: { caFile: nats.caFile } }).then((nc) =>
          nc.close(),
        ),
      ).resolves.toBeUndefined();
    });
  },
);
