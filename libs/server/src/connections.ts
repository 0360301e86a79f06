import { FactoryProvider, InjectionToken, OnApplicationShutdown } from '@nestjs/common';
import Redis, { RedisOptions } from 'ioredis';
import { Bus } from '@tollgate/messaging';

/** The part of every service's config these providers read. */
export interface ConnectionConfig {
  REDIS_URL: string;
  REDIS_PREFIX: string;
  NATS_URL: string;
  NATS_PREFIX: string;
  NATS_CREDS_FILE?: string;
  NATS_TLS_CA_FILE?: string;
  NATS_TLS_CERT_FILE?: string;
  NATS_TLS_KEY_FILE?: string;
  NATS_STREAM_REPLICAS?: number;
}

export interface RedisProviderOptions<C> {
  /** Client options beyond `keyPrefix` (always REDIS_PREFIX). */
  options?: (config: C) => RedisOptions;
  /** Resolve only once the client is 'ready' (rejects on its first 'error'). */
  waitReady?: boolean;
}

/** An ioredis client under `token`, keys prefixed with REDIS_PREFIX. */
export function redisProvider<C extends ConnectionConfig>(
  token: InjectionToken,
  configToken: InjectionToken,
  { options, waitReady = false }: RedisProviderOptions<C> = {},
): FactoryProvider<Redis> {
  return {
    provide: token,
    inject: [configToken],
    useFactory: (c: C) => {
      const redis = new Redis(c.REDIS_URL, { keyPrefix: c.REDIS_PREFIX, ...options?.(c) });
      return waitReady ? ready(redis) : redis;
    },
  };
}

function ready(redis: Redis): Promise<Redis> {
  return new Promise((resolve, reject) => {
    redis.once('ready', () => resolve(redis));
    redis.once('error', reject);
  });
}

/** The service's NATS connection, provided as `Bus`. */
export function busProvider<C extends ConnectionConfig>(configToken: InjectionToken, name: string): FactoryProvider<Bus> {
  return {
    provide: Bus,
    inject: [configToken],
    useFactory: (c: C) =>
      Bus.connect({
        url: c.NATS_URL,
        prefix: c.NATS_PREFIX,
        name,
        credsFile: c.NATS_CREDS_FILE,
        tls: { caFile: c.NATS_TLS_CA_FILE, certFile: c.NATS_TLS_CERT_FILE, keyFile: c.NATS_TLS_KEY_FILE },
        streamReplicas: c.NATS_STREAM_REPLICAS,
      }),
  };
}

/** Closes the Bus, then the Redis client under `redisToken`, on application shutdown. */
export function connectionsCloser(redisToken: InjectionToken): FactoryProvider<OnApplicationShutdown> {
  return {
    provide: Symbol('connectionsCloser'),
    inject: [redisToken, Bus],
    useFactory: (redis: Redis, bus: Bus): OnApplicationShutdown => ({
      onApplicationShutdown: async () => {
        await bus.close();
        await redis.quit().catch(() => redis.disconnect());
      },
    }),
  };
}
