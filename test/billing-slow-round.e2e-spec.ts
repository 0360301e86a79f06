import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { Streams, streamName } from '@tollgate/contracts';
import { Bus } from '@tollgate/messaging';
import type { RunningBilling } from '../apps/billing/src/bootstrap';
import { USAGE_DURABLE } from '../apps/billing/src/usage/usage.consumer';
import { BillingDb, billingFor, publishUsage, usageEvent, waitUntil } from './support/billing-stack';
import { createTestEnv, NATS_URL, TestEnv } from './support/env';

jest.setTimeout(60_000);

const ACK_WAIT_MS = 1_000;

/**
 * A booking round held up at the database for several ack waits (a locked account row, as under a
 * slow or overloaded Postgres) must not make JetStream deliver the waiting usage again: billing
 * reports every received message as in progress. Redeliveries double the work of a billing that is
 * already behind, which then falls further behind.
 */
describe('billing: a slow round is not redelivered', () => {
  let env: TestEnv;
  let bus: Bus;
  let db: BillingDb;
  let billing: RunningBilling;
  let locker: Client;
  const tenant = randomUUID();

  beforeAll(async () => {
    env = await createTestEnv();
    bus = await Bus.connect({ url: NATS_URL, prefix: env.natsPrefix, name: 'test-gateway' });
    db = await BillingDb.open(env);
    billing = await billingFor(env, { USAGE_ACK_WAIT_MS: String(ACK_WAIT_MS), LOG_LEVEL: 'error' });
    locker = new Client({ connectionString: env.databaseUrl });
    await locker.connect();
  });

  afterAll(async () => {
    await locker?.end();
    await billing?.close();
    await bus?.close();
    await db?.close();
    await env?.drop();
  });

  it('books every event once and JetStream redelivers nothing while the round waits on a lock', async () => {
    const first = usageEvent(tenant);
    await publishUsage(bus, [first]);
    await waitUntil(async () => (await db.count('usage_records')) === 1, 20_000, 'the tenant account exists');

    const jsm = await bus.nc.jetstreamManager();
    const stream = streamName(env.natsPrefix, Streams.usage.name);
    // Every delivery takes a consumer sequence number; a redelivery takes one without a new stream message.
    const deliveries = async () => {
      const { delivered } = await jsm.consumers.info(stream, USAGE_DURABLE);
      return delivered.consumer_seq - delivered.stream_seq;
    };
    const before = await deliveries();

    await locker.query('BEGIN');
    await locker.query(`SELECT 1 FROM billing.accounts WHERE code = $1 FOR UPDATE`, [`tenant:${tenant}`]);
    const events = Array.from({ length: 200 }, () => usageEvent(tenant));
    for (let i = 0; i < events.length; i += 10) await publishUsage(bus, events.slice(i, i + 10));
    await waitUntil(async () => (await jsm.consumers.info(stream, USAGE_DURABLE)).num_pending === 0, 20_000, 'every message delivered to billing');
    // The scenario itself, not a wait for a condition: the round stays blocked for three ack waits, and no redelivery may follow.
    await new Promise((r) => setTimeout(r, 3 * ACK_WAIT_MS));
    await locker.query('COMMIT');

    await waitUntil(async () => (await db.count('usage_records')) === events.length + 1, 30_000, 'all booked');
    await waitUntil(async () => (await jsm.consumers.info(stream, USAGE_DURABLE)).num_ack_pending === 0, 20_000, 'every message acknowledged');
    expect(await deliveries()).toBe(before);
    const rows = await db.query<{ n: string }>(`SELECT COUNT(DISTINCT request_id)::text AS n FROM usage_records WHERE tenant_id = $1`, [tenant]);
    expect(Number(rows[0].n)).toBe(events.length + 1);
  });
});
