#!/usr/bin/env node
// Checks that Postgres, Redis and NATS answer before anything else happens. Those that do not are
// started with `docker compose up -d --wait` when a Docker engine answers (TOLLGATE_NO_DOCKER=1
// turns that off); otherwise it exits 1 naming each one and how to start it. Plain Node: runs before the build.
const net = require('node:net');
const { spawnSync } = require('node:child_process');

const services = [
  { name: 'Postgres', env: 'DATABASE_URL', url: process.env.DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/tollgate', port: 5432, service: 'postgres' },
  { name: 'Redis', env: 'REDIS_URL', url: process.env.REDIS_URL || 'redis://127.0.0.1:6379', port: 6379, service: 'redis', probe: 'PING\r\n', expect: '+PONG' },
  { name: 'NATS', env: 'NATS_URL', url: process.env.NATS_URL || 'nats://127.0.0.1:4222', port: 4222, service: 'nats', expect: 'INFO' },
];

function probe(s, timeoutMs) {
  const url = new URL(s.url.split(',')[0]);
  const host = url.hostname || '127.0.0.1';
  const port = Number(url.port) || s.port;
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    let data = '';
    const finish = (problem) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(problem ? { ...s, host, port, problem } : null);
    };
    const timer = setTimeout(() => finish('no answer within ' + timeoutMs + ' ms'), timeoutMs);
    socket.once('error', (err) => finish(err.code || err.message));
    socket.once('connect', () => {
      if (!s.expect) return finish(null);
      if (s.probe) socket.write(s.probe);
    });
    socket.on('data', (chunk) => {
      data += chunk.toString('latin1');
      if (data.includes(s.expect)) finish(null);
    });
  });
}

const missing = async () => (await Promise.all(services.map((s) => probe(s, 3000)))).filter(Boolean);

/** True when a Docker engine answers (`docker info`), within 5 s. */
function dockerAnswers() {
  const r = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { stdio: 'ignore', timeout: 5000 });
  return r.status === 0;
}

/** Starts the missing backing services from docker-compose.yml and waits for them to be healthy. */
function startWithDocker(failures) {
  const names = failures.map((f) => f.service);
  process.stderr.write(`Starting ${failures.map((f) => f.name).join(', ')} with Docker (docker compose up -d --wait ${names.join(' ')}) ...\n`);
  const r = spawnSync('docker', ['compose', 'up', '-d', '--wait', ...names], {
    stdio: ['ignore', 'inherit', 'inherit'],
    cwd: __dirname + '/..',
    timeout: 180000,
  });
  return r.status === 0;
}

async function main() {
  let failures = await missing();
  if (failures.length === 0) return;
  if (process.env.TOLLGATE_NO_DOCKER !== '1' && dockerAnswers() && startWithDocker(failures)) {
    failures = await missing();
    if (failures.length === 0) return;
  }
  for (const f of failures) {
    process.stderr.write(`✗ ${f.name} is not reachable at ${f.host}:${f.port} (${f.problem}); set ${f.env} or start it.\n`);
  }
  process.stderr.write(`\nStart them with:  docker compose up -d ${failures.map((f) => f.service).join(' ')}\n`);
  process.exit(1);
}

main();
