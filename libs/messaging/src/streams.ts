import { JetStreamManager, RetentionPolicy, StorageType } from 'nats';
import { prefixed, Streams, streamName } from '@tollgate/contracts';
import type { Bus } from './bus';

const DAY_NS = 24 * 60 * 60 * 1e9;

/** How long each durable stream keeps what it holds; the dedupe window is one day for both. */
const MAX_AGE_DAYS = { usage: 30, alerts: 7 } as const;

/**
 * Creates (or updates) one of the platform's JetStream streams, with the Bus's replicas;
 * idempotent. Publishers and consumers call it at boot, so what is published before the
 * consumer ever ran is kept.
 */
async function ensureStream(bus: Bus, stream: keyof typeof MAX_AGE_DAYS): Promise<string> {
  const jsm: JetStreamManager = await bus.nc.jetstreamManager();
  const name = streamName(bus.prefix, Streams[stream].name);
  const config = {
    name,
    subjects: [prefixed(bus.prefix, Streams[stream].subjects)],
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    duplicate_window: DAY_NS,
    max_age: MAX_AGE_DAYS[stream] * DAY_NS,
    num_replicas: bus.streamReplicas,
  };
  const exists = await jsm.streams.info(name).then(
    () => true,
    () => false,
  );
  if (exists) await jsm.streams.update(name, config);
  else await jsm.streams.add(config);
  return name;
}

/** The stream of usage events (billing.usage.>), kept 30 days. */
export const ensureUsageStream = (bus: Bus): Promise<string> => ensureStream(bus, 'usage');

/** The stream of tenants' alerts (tenants.alerts.>), kept 7 days. */
export const ensureAlertsStream = (bus: Bus): Promise<string> => ensureStream(bus, 'alerts');
