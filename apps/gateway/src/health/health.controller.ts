import Redis from 'ioredis';
import { Bus } from '@tollgate/messaging';
import { healthController } from '@tollgate/server';
import { REDIS } from '../infra/tokens';

/** Ready when Redis and NATS answer: without them no key can be verified. */
export const HealthController = healthController([REDIS, Bus], (redis: Redis, bus: Bus) => [() => redis.ping(), () => bus.nc.flush()]);
