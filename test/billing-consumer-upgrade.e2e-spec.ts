import { randomUUID } from 'node:crypto';
import { AckPolicy, DeliverPolicy } from 'nats';
import { prefixed, Streams, streamName, Subjects, usageBatchId } from '@tollgate/contracts';
import { Bus, ensureUsageStream } from '@tollgate/messaging';
import type { RunningBilling } from '../apps/billing/src/bootstrap';
import { USAGE_DURABLE } from '../apps/billing/src/usage/usage.consumer';
import { createTestEnv, NATS_URL, TestEnv } from './support/env';
import { BillingDb, billingFor, usageEvent, waitUntil } from './support/billing-stack';

describe('billing: a durable consumer from before usage batches', () => {
  let env: TestEnv;
  let bus: Bus;
  let db: BillingDb;
  let billing: RunningBilling | undefined;

  beforeAll(async () => {
    env = await createTestEnv();
    bus = await Bus.connect({ url: NATS_URL, prefix: env.natsPrefix, name: 'test-gateway' });
    db = await BillingDb.open(env);
  });

  afterAll(async () => {
    await billing?.close();
    await bus?.close();
    await db?.close();
    await env?.drop();
  });

  it('is recreated where it stood: what it acknowledged is not delivered again, what it had not is booked', async () => {
    const stream = await ensureUsageStream(bus);
    expect(stream).toBe(streamName(env.natsPrefix, Streams.usage.name));
    const jsm = await bus.nc.jetstreamManager();
    // The consumer as the previous version made it: single events only.
    await jsm.consumers.add(stream, {
      durable_name: USAGE_DURABLE,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: prefixed(env.natsPrefix, Subjects.usageRecorded),
    });
    const tenant = randomUUID();
    // Handled and acknowledged by the previous version (here: acked without booking, so a
    // redelivery would show up as a booked row).
    const handled = usageEvent(tenant);
    await bus.publishDurable('usageRecorded', handled, handled.requestId);
    const old = await bus.nc.jetstream().consumers.get(stream, USAGE_DURABLE);
    const first = await old.next({ expires: 2000 });
    expect(first?.seq).toBe(1);
    await first!.ackAck();
    const waiting = usageEvent(tenant); // published while billing was down, not yet consumed
    await bus.publishDurable('usageRecorded', waiting, waiting.requestId);

    billing = await billingFor(env);
    const events = [usageEvent(tenant), usageEvent(tenant)];
    await bus.publishDurable('usageBatch', { events }, usageBatchId(events));
    const booked = async () => (await db.count('usage_records', 'request_id = ANY($1)', [[waiting.requestId, ...events.map((e) => e.requestId)]])) === 3;
    await waitUntil(booked, 10_000, 'old single event and new batch booked');
    expect(await db.count('usage_records', 'request_id = $1', [handled.requestId])).toBe(0);
    const info = await jsm.consumers.info(stream, USAGE_DURABLE);
    expect(info.config.filter_subject).toBe(prefixed(env.natsPrefix, Streams.usage.subjects));
  });

  it('a usage stream deleted while billing runs is made again at once: what is published after is booked without a restart', async () => {
    billing ??= await billingFor(env);
    const jsm = await bus.nc.jetstreamManager();
    const stream = streamName(env.natsPrefix, Streams.usage.name);
    await jsm.streams.delete(stream);
    const back = async () => !!(await jsm.consumers.info(stream, USAGE_DURABLE).catch(() => null));
    await waitUntil(back, 20_000, 'billing made the stream and its consumer again');
    const events = [usageEvent(randomUUID()), usageEvent(randomUUID())];
    await bus.publishDurable('usageBatch', { events }, usageBatchId(events));
    const booked = async () => (await db.count('usage_records', 'request_id = ANY($1)', [events.map((e) => e.requestId)])) === 2;
    await waitUntil(booked, 20_000, 'usage published after the stream came back is booked');
    await waitUntil(async () => (await fetch(`${billing!.url}/health/ready`)).status === 200, 10_000, 'billing ready again');
  });
});
