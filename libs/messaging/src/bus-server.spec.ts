import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { Controller, type INestMicroservice, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { AnswerOf, HandledRequestOf } from '@tollgate/contracts';
import { Bus, BusError } from './bus';
import { BusExceptionFilter, BusRequest, Responds } from './bus-handlers';
import { BusServer } from './bus-server';

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const tenantId = '11111111-2222-4333-8444-555555555555';

/** What the handlers below do next: answer, fail, or answer too much. */
const behaviour = { mode: 'ok' as 'ok' | 'throw' | 'huge' | 'slow', seen: [] as unknown[], huge: '' };

@Controller()
class BalanceResponder {
  @Responds('balanceGet')
  async balance(@BusRequest('balanceGet') req: HandledRequestOf<'balanceGet'>): Promise<AnswerOf<'balanceGet'>> {
    behaviour.seen.push(req);
    if (behaviour.mode === 'throw') throw new Error('boom');
    if (behaviour.mode === 'slow') await new Promise((r) => setTimeout(r, 300));
    return { tenantId: req.tenantId, currency: behaviour.mode === 'huge' ? behaviour.huge : 'USD', balanceMicros: 42 };
  }
}

@Module({ controllers: [BalanceResponder] })
class SpecModule {}

/** BusServer with Nest's message handlers against the real NATS server: the Bus's wire format, error answers at once. */
describe('BusServer (NestJS NATS transport, Bus wire format)', () => {
  let app: INestMicroservice;
  let client: Bus;
  let prefix: string;

  beforeEach(async () => {
    prefix = `bsrv${randomBytes(4).toString('hex')}`;
    behaviour.mode = 'ok';
    behaviour.seen = [];
    app = await NestFactory.createMicroservice(SpecModule, {
      strategy: new BusServer({ url: NATS_URL, prefix, name: 'bus-server-spec', queue: 'spec' }),
      logger: false,
    });
    app.useGlobalFilters(new BusExceptionFilter());
    await app.listen();
    client = await Bus.connect({ url: NATS_URL, prefix, name: 'bus-server-spec-client' });
  });

  afterEach(async () => {
    await client.close();
    await app.close();
  });

  const ask = () =>
    client.request('balanceGet', { tenantId }, 2000).then(
      (r) => r,
      (err: unknown) => err,
    );

  it('answers a Bus.request on the prefixed subject with the plain JSON reply, the request parsed by its contract', async () => {
    expect(await ask()).toEqual({ tenantId, currency: 'USD', balanceMicros: 42 });
    expect(behaviour.seen).toEqual([{ tenantId }]);
  });

  it('a request that does not parse is answered bad_message, at once, and never reaches the handler', async () => {
    const started = Date.now();
    const err = await client.request('balanceGet', { tenantId: 'not-a-uuid' }, 2000).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BusError);
    expect((err as BusError).code).toBe('bad_message');
    expect(Date.now() - started).toBeLessThan(1000);
    expect(behaviour.seen).toEqual([]);
  });

  it('a handler that throws is answered failed, at once', async () => {
    behaviour.mode = 'throw';
    const started = Date.now();
    expect(((await ask()) as BusError).code).toBe('failed');
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('a reply over the max payload is answered reply_too_large, at once', async () => {
    behaviour.mode = 'huge';
    behaviour.huge = 'x'.repeat(client.maxPayload());
    const started = Date.now();
    expect(((await ask()) as BusError).code).toBe('reply_too_large');
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('without the prefix nobody answers (another deployment on the same NATS)', async () => {
    const other = await Bus.connect({ url: NATS_URL, prefix: `${prefix}x`, name: 'bus-server-spec-other' });
    try {
      expect(((await other.request('balanceGet', { tenantId }, 500).catch((e: unknown) => e)) as BusError).code).toBe('no_responders');
    } finally {
      await other.close();
    }
  });

  it('close() lets a request already running answer before the connection drains', async () => {
    behaviour.mode = 'slow';
    const seen = behaviour.seen.length;
    const pending = ask();
    // Closes once the handler has the request (not after a guessed delay).
    for (const deadline = Date.now() + 5_000; behaviour.seen.length === seen && Date.now() < deadline;) await new Promise((r) => setImmediate(r));
    expect(behaviour.seen.length).toBe(seen + 1);
    await app.close();
    expect(await pending).toEqual({ tenantId, currency: 'USD', balanceMicros: 42 });
  });
});
