import { randomBytes } from 'node:crypto';
import { Bus, BusError } from './bus';

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const tenantId = '11111111-2222-4333-8444-555555555555';

/** Bus.respond (a test's stand-in for a service) against the real NATS server: no handler's failure escapes, every requester gets an answer. */
describe('Bus.respond', () => {
  let server: Bus;
  let client: Bus;
  const errors: unknown[] = [];
  const escaped: unknown[] = [];
  const onEscape = (err: unknown) => escaped.push(err);

  beforeEach(async () => {
    const prefix = `bus${randomBytes(4).toString('hex')}`;
    server = await Bus.connect({ url: NATS_URL, prefix, name: 'bus-spec-server' });
    client = await Bus.connect({ url: NATS_URL, prefix, name: 'bus-spec-client' });
    errors.length = 0;
    escaped.length = 0;
    process.on('unhandledRejection', onEscape);
  });

  afterEach(async () => {
    process.off('unhandledRejection', onEscape);
    await client.close();
    await server.close();
  });

  const ask = () =>
    client.request('balanceGet', { tenantId }, 2000).then(
      () => null,
      (err: unknown) => err,
    );

  it('a reply over the max payload is answered with reply_too_large, at once', async () => {
    const huge = 'x'.repeat(server.maxPayload());
    server.respond(
      'balanceGet',
      'q',
      async () => ({ tenantId, currency: huge, balanceMicros: 0 }),
      (e) => errors.push(e),
    );
    await server.nc.flush();
    const started = Date.now();
    const err = await ask();
    expect(err).toBeInstanceOf(BusError);
    expect((err as BusError).code).toBe('reply_too_large');
    expect(Date.now() - started).toBeLessThan(1000);
    expect(errors).toEqual([expect.objectContaining({ code: 'reply_too_large' })]);
    expect(escaped).toEqual([]);
  });

  it('a handler that throws, even synchronously, is answered with failed', async () => {
    let calls = 0;
    server.respond(
      'balanceGet',
      'q',
      () => {
        if (++calls === 1) throw new Error('sync boom');
        return Promise.reject(new Error('async boom'));
      },
      (e) => errors.push(e),
    );
    await server.nc.flush();
    expect(((await ask()) as BusError).code).toBe('failed');
    expect(((await ask()) as BusError).code).toBe('failed');
    expect(errors.map((e) => (e as Error).message)).toEqual(['sync boom', 'async boom']);
    expect(escaped).toEqual([]);
  });
});
