import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually } from '../../../test/support/eventually';
import { Bus, BusError } from './bus';
import { ensureUsageStream } from './streams';

const NATS_SERVER = '/usr/sbin/nats-server';
const available = existsSync(NATS_SERVER);
if (!available) console.warn(`skipping the password-protected NATS tests: ${NATS_SERVER} is not installed`);
const describeWithServer = available ? describe : describe.skip;

/** A nats-server of this test's own, with a user and password, on a free port. */
describeWithServer('Bus.connect to a password-protected NATS', () => {
  let server: ChildProcess;
  let port: number;
  const dir = mkdtempSync(join(tmpdir(), 'tollgate-nats-auth-'));

  beforeAll(async () => {
    port = await freePort();
    server = spawn(NATS_SERVER, ['-a', '127.0.0.1', '-p', String(port), '--user', 'u', '--pass', 'p@ss', '-js', '-sd', dir], { stdio: 'ignore' });
    await listening(port);
  });

  afterAll(async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('connects with the credentials in NATS_URL, and creates the usage stream with the replicas asked for', async () => {
    const bus = await Bus.connect({ url: `nats://u:p%40ss@127.0.0.1:${port}`, prefix: 'auth', name: 'bus-auth-spec', streamReplicas: 1 });
    try {
      await bus.nc.flush();
      const name = await ensureUsageStream(bus);
      const info = await (await bus.nc.jetstreamManager()).streams.info(name);
      expect(info.config.num_replicas).toBe(1);
    } finally {
      await bus.close();
    }
  });

  it('refuses wrong credentials, or none, clearly and without echoing the password', async () => {
    for (const url of [`nats://u:wrong-secret@127.0.0.1:${port}`, `nats://127.0.0.1:${port}`]) {
      const err = await Bus.connect({ url, prefix: 'auth', name: 'bus-auth-spec' }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(BusError);
      expect((err as BusError).message).toMatch(/refused the credentials/);
      expect((err as BusError).message).toContain(`nats://127.0.0.1:${port}`);
      expect((err as BusError).message).not.toContain('wrong-secret');
    }
  });

  it('a single server refuses three replicas, and says so', async () => {
    const bus = await Bus.connect({ url: `nats://u:p%40ss@127.0.0.1:${port}`, prefix: 'replicas', name: 'bus-auth-spec', streamReplicas: 3 });
    try {
      await expect(ensureUsageStream(bus)).rejects.toThrow(/replicas/i);
    } finally {
      await bus.close();
    }
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
    probe.once('error', reject);
  });
}

/** Resolves once the server greets a client (INFO), polling for up to 10 s. */
async function listening(port: number): Promise<void> {
  const greets = () =>
    new Promise<boolean>((resolve) => {
      const s = createConnection({ host: '127.0.0.1', port });
      s.once('data', (d) => (s.destroy(), resolve(d.toString().startsWith('INFO'))));
      s.once('error', () => (s.destroy(), resolve(false)));
    });
  if (!(await eventually(greets, (up) => up, 10_000))) throw new Error(`nats-server did not start on port ${port}`);
}
