// Jest globalSetup: the suites need Postgres, Redis and NATS (JetStream). Use the ones configured
// (DATABASE_URL, REDIS_URL, NATS_URL) or running locally; only if one is missing and a Docker
// engine answers, start it with testcontainers (the path for contributors' laptops; CI and the
// project's machines run the services natively and never take it).
const net = require('node:net');
const { execFileSync } = require('node:child_process');

const SERVICES = [
  { env: 'DATABASE_URL', fallback: 'postgresql://postgres@127.0.0.1:5432/postgres', port: 5432, name: 'Postgres' },
  { env: 'REDIS_URL', fallback: 'redis://127.0.0.1:6379', port: 6379, name: 'Redis' },
  { env: 'NATS_URL', fallback: 'nats://127.0.0.1:4222', port: 4222, name: 'NATS' },
];

function reachable(url, port) {
  const u = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: u.hostname || '127.0.0.1', port: Number(u.port) || port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1500, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

function dockerAvailable() {
  try {
    execFileSync('docker', ['info'], { stdio: 'ignore', timeout: 5000 });
    return true;
  } catch {
    return false;
  }
}

async function startContainer(service) {
  const { GenericContainer, Wait } = require('testcontainers');
  if (service.name === 'Postgres') {
    const c = await new GenericContainer('postgres:16-alpine')
      .withEnvironment({ POSTGRES_HOST_AUTH_METHOD: 'trust' })
      .withExposedPorts(5432)
      .withWaitStrategy(Wait.forLogMessage(/database system is ready to accept connections/, 2))
      .start();
    return { container: c, url: `postgresql://postgres@${c.getHost()}:${c.getMappedPort(5432)}/postgres` };
  }
  if (service.name === 'Redis') {
    const c = await new GenericContainer('redis:7-alpine').withExposedPorts(6379).start();
    return { container: c, url: `redis://${c.getHost()}:${c.getMappedPort(6379)}` };
  }
  const c = await new GenericContainer('nats:2.10-alpine')
    .withCommand(['-js'])
    .withExposedPorts(4222)
    .withWaitStrategy(Wait.forLogMessage(/Server is ready/))
    .start();
  return { container: c, url: `nats://${c.getHost()}:${c.getMappedPort(4222)}` };
}

module.exports = async function globalSetup() {
  const missing = [];
  for (const s of SERVICES) if (!(await reachable(process.env[s.env] || s.fallback, s.port))) missing.push(s);
  if (missing.length === 0) return;
  if (!dockerAvailable()) {
    throw new Error(
      `${missing.map((s) => s.name).join(', ')} not reachable and no Docker engine to start them. ` +
        `Start them (docker compose up -d postgres redis nats) or set ${missing.map((s) => s.env).join(', ')}.`,
    );
  }
  globalThis.__TOLLGATE_CONTAINERS__ = [];
  for (const s of missing) {
    const { container, url } = await startContainer(s);
    globalThis.__TOLLGATE_CONTAINERS__.push(container);
    process.env[s.env] = url;
  }
};
