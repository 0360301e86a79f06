/**
 * What the responder transport alone costs on auth.keys.verify.v1, without the database: the same
 * fixed verify reply served (1) by Bus.respond (what auth's responders used before: subscribe,
 * zod-parse, answer) and (2) by a Nest controller on BusServer (NestJS's NATS transport: pipes,
 * filters, interceptors, rxjs), asked by a Bus client at concurrency 1 and 64. One process, rounds
 * alternating, so load on the machine hits both alike: the figure isolates what changed when the
 * responders moved onto @nestjs/microservices (verify-path.ts measures the whole round trip).
 *
 *   npm run build && node dist/bench/verify-transport.js [seconds per run=5] [rounds=5]
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { Controller, type INestMicroservice, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { HandledRequestOf, VerifyKeyReply } from '@tollgate/contracts';
import { Bus, BusExceptionFilter, BusRequest, BusServer, Responds } from '@tollgate/messaging';
import { median, percentile, sortedCopy } from './stats';

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const DIGEST = 'a'.repeat(64);
const REPLY: VerifyKeyReply = {
  ok: true,
  principal: {
    tenantId: '11111111-2222-4333-8444-555555555555',
    keyId: '11111111-2222-4333-8444-666666666666',
    label: 'bench',
    scopes: ['chat:write', 'models:read'],
    models: [],
    providers: null,
    expiresAt: null,
    limits: { keyRpm: null, keyTpm: null, tenantRpm: null, tenantTpm: null },
    budgets: { key: null, tenant: null, timeZone: 'UTC' },
  },
};

@Controller()
class FixedVerifyResponder {
  @Responds('keysVerify')
  handle(@BusRequest('keysVerify') _req: HandledRequestOf<'keysVerify'>): Promise<VerifyKeyReply> {
    return Promise.resolve(REPLY);
  }
}

@Module({ controllers: [FixedVerifyResponder] })
class FixedVerifyModule {}

interface Server {
  name: string;
  prefix: string;
  close(): Promise<void>;
}

async function busServer(): Promise<Server> {
  const prefix = `vt${randomBytes(4).toString('hex')}`;
  const bus = await Bus.connect({ url: NATS_URL, prefix, name: 'verify-transport-bus' });
  const sub = bus.respond(
    'keysVerify',
    'auth',
    () => Promise.resolve(REPLY),
    () => undefined,
  );
  return { name: 'Bus.respond', prefix, close: async () => (sub.unsubscribe(), bus.close()) };
}

async function nestServer(): Promise<Server> {
  const prefix = `vt${randomBytes(4).toString('hex')}`;
  const app: INestMicroservice = await NestFactory.createMicroservice(FixedVerifyModule, {
    strategy: new BusServer({ url: NATS_URL, prefix, name: 'verify-transport-nest', queue: 'auth' }),
    logger: false,
  });
  app.useGlobalFilters(new BusExceptionFilter());
  await app.listen();
  return { name: 'Nest controller on BusServer', prefix, close: () => app.close() };
}

async function load(bus: Bus, concurrency: number, ms: number): Promise<{ perSecond: number; p50Us: number; p99Us: number }> {
  const latencies: number[] = [];
  const start = performance.now();
  const end = start + ms;
  const caller = async (): Promise<void> => {
    while (performance.now() < end) {
      const t0 = performance.now();
      await bus.request('keysVerify', { digest: DIGEST }, 5_000);
      latencies.push((performance.now() - t0) * 1000);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, caller));
  const sorted = sortedCopy(latencies);
  return { perSecond: latencies.length / ((performance.now() - start) / 1000), p50Us: percentile(sorted, 50), p99Us: percentile(sorted, 99) };
}

async function main(): Promise<void> {
  const seconds = Number(process.argv[2] ?? 5);
  const rounds = Number(process.argv[3] ?? 5);
  const servers = [await busServer(), await nestServer()];
  const clients = await Promise.all(servers.map((s) => Bus.connect({ url: NATS_URL, prefix: s.prefix, name: 'verify-transport-client' })));
  const runs = new Map<string, { perSecond: number; p50Us: number; p99Us: number }[]>();
  try {
    for (let r = 0; r < rounds; r++) {
      const order = r % 2 ? [1, 0] : [0, 1];
      for (const i of order) {
        for (const concurrency of [1, 64]) {
          await load(clients[i], concurrency, 1000);
          const key = `${servers[i].name}|${concurrency}`;
          runs.set(key, [...(runs.get(key) ?? []), await load(clients[i], concurrency, seconds * 1000)]);
        }
      }
    }
    for (const [key, figures] of runs) {
      const [transport, concurrency] = key.split('|');
      const pick = (f: (v: { perSecond: number; p50Us: number; p99Us: number }) => number) => Math.round(median(figures.map(f)));
      console.log(
        JSON.stringify({
          transport,
          concurrency: Number(concurrency),
          rounds,
          seconds,
          perSecond: pick((v) => v.perSecond),
          p50Us: pick((v) => v.p50Us),
          p99Us: pick((v) => v.p99Us),
        }),
      );
    }
  } finally {
    await Promise.all(clients.map((c) => c.close()));
    for (const s of servers) await s.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
