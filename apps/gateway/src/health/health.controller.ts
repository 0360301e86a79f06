import Redis from 'ioredis';
import { Bus } from '@tollgate/messaging';
import { healthController } from '@tollgate/server';
import { REDIS } from '../infra/tokens';
import { PricesService } from '../metering/prices.service';
import { Drain } from './drain';

/**
 * Ready when Redis and NATS answer (without them no key can be verified), billing's price
 * list has arrived (without it no call can be metered, so none is served) and no drain has started.
 */
export const HealthController = healthController([REDIS, Bus, PricesService, Drain], (redis: Redis, bus: Bus, prices: PricesService, drain: Drain) => ({
  draining: () => (drain.draining() ? Promise.reject(new Error('draining')) : Promise.resolve()),
  redis: () => redis.ping(),
  nats: () => bus.nc.flush(),
  prices: () => (prices.ready() ? Promise.resolve() : Promise.reject(new Error('no price list'))),
}));
