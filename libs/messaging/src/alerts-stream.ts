import { JetStreamManager, RetentionPolicy, StorageType } from 'nats';
import { prefixed, Streams, streamName } from '@tollgate/contracts';
import type { Bus } from './bus';

/**
 * Creates (or updates) the JetStream stream that holds tenants' alerts (tenants.alerts.>), with the
 * Bus's replicas; idempotent. Every publisher and the consumer (billing) call it at boot, so an
 * alert published before billing ever ran is still kept.
 */
export async function ensureAlertsStream(bus: Bus): Promise<string> {
  const jsm: JetStreamManager = await bus.nc.jetstreamManager();
  const name = streamName(bus.prefix, Streams.alerts.name);
  const config = {
    name,
    subjects: [prefixed(bus.prefix, Streams.alerts.subjects)],
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    duplicate_window: 24 * 60 * 60 * 1e9,
    max_age: 7 * 24 * 60 * 60 * 1e9,
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
