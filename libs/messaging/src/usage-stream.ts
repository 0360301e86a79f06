import { JetStreamManager, RetentionPolicy, StorageType } from 'nats';
import { prefixed, Streams, streamName } from '@tollgate/contracts';
import type { Bus } from './bus';

/** Creates (or updates) the JetStream stream that holds usage events, with the Bus's replicas; idempotent. */
export async function ensureUsageStream(bus: Bus): Promise<string> {
  const jsm: JetStreamManager = await bus.nc.jetstreamManager();
  const name = streamName(bus.prefix, Streams.usage.name);
  const config = {
    name,
    subjects: [prefixed(bus.prefix, Streams.usage.subjects)],
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    duplicate_window: 24 * 60 * 60 * 1e9,
    max_age: 30 * 24 * 60 * 60 * 1e9,
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
