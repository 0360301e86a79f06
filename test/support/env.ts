import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { connect } from 'nats';
import { Streams, streamName } from '@tollgate/contracts';
import { createDatabase, dropDatabase, migrateService, withDatabase } from '@tollgate/db';

export const PG_URL = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
export const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

/** Everything one test file owns: its database, NATS subject prefix and Redis key prefix. */
export interface TestEnv {
  id: string;
  databaseUrl: string;
  natsPrefix: string;
  redisPrefix: string;
  adminToken: string;
  catalogSecret: string;
  drop(): Promise<void>;
}

export async function createTestEnv(): Promise<TestEnv> {
  const id = `t${randomBytes(5).toString('hex')}`;
  const dbName = `tollgate_${id}`;
  const adminUrl = withDatabase(PG_URL, 'postgres');
  await createDatabase(adminUrl, dbName);
  const databaseUrl = withDatabase(PG_URL, dbName);
  for (const service of ['auth', 'gateway', 'billing'] as const) await migrateService(databaseUrl, service);
  return {
    id,
    databaseUrl,
    natsPrefix: id,
    redisPrefix: `${id}:`,
    adminToken: `admin-${randomBytes(16).toString('hex')}`,
    catalogSecret: randomBytes(24).toString('hex'),
    drop: async () => {
      await dropDatabase(adminUrl, dbName);
      await dropStream(streamName(id, Streams.usage.name));
      await dropStream(streamName(id, Streams.alerts.name));
      await dropRedisKeys(`${id}:`);
    },
  };
}

/** The file's JetStream stream goes with it, so the shared NATS does not collect them. */
async function dropStream(name: string): Promise<void> {
  const nc = await connect({ servers: NATS_URL });
  try {
    await (await nc.jetstreamManager()).streams.delete(name).catch(() => false);
  } finally {
    await nc.close();
  }
}

async function dropRedisKeys(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

let spools = 0;

/** The environment every service started for this file shares (its database, prefixes, admin token). */
export function infraEnv(env: TestEnv): NodeJS.ProcessEnv {
  return {
    DATABASE_URL: env.databaseUrl,
    REDIS_URL,
    NATS_URL,
    NATS_PREFIX: env.natsPrefix,
    REDIS_PREFIX: env.redisPrefix,
    ADMIN_TOKEN: env.adminToken,
    LOG_LEVEL: 'silent',
    MIGRATE_ON_START: 'false',
    USAGE_SPOOL_DIR: join(tmpdir(), `tollgate-spool-${env.id}-${++spools}`),
  };
}
