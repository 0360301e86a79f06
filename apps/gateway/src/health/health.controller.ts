import Redis from 'ioredis';
import { Bus } from '@tollgate/messaging';
import { healthController } from '@tollgate/server';
import { REDIS } from '../infra/tokens';
import { PricesService } from '../pricing/prices.service';

/**
 * Ready when Redis and NATS answer (without them no key can be verified) and billing's price
 * list has arrived (without it no call can be metered, so none is served).
 */
export const HealthController = healthController([REDIS, Bus, PricesService], (redis: Redis, bus: Bus, prices: PricesService) => [
  () => redis.ping(),
  () => bus.nc.flush(),
  () => (prices.ready() ? Promise.resolve() : Promise.reject(new Error('no price list'))),
]);
