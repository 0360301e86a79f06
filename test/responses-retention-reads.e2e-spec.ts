/**
 * The stored-responses retention sweep runs on every gateway every RESPONSES_RETENTION_SWEEP_MS: its
 * question (which tenants have responses past retention) costs what has expired, not the size of the
 * table. Counted with Postgres's per-transaction counters, never with a clock.
 */
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { GatewayConfig } from '../apps/gateway/src/config';
import { PrismaService } from '../apps/gateway/src/infra/prisma.service';
import { ResponsesRepository } from '../apps/gateway/src/responses/responses.repository';
import { createTestEnv, TestEnv } from './support/env';

jest.setTimeout(120_000);

describe('stored responses: the retention sweep reads what expired, not the table', () => {
  let env: TestEnv;
  let prisma: PrismaService;
  const busy = randomUUID();
  const quiet = randomUUID();

  beforeAll(async () => {
    env = await createTestEnv();
    const db = new Client({ connectionString: env.databaseUrl });
    await db.connect();
    try {
      // 20,000 recent responses of one tenant, 10 of another past retention.
      await db.query(
        `INSERT INTO gateway.responses (id, tenant_id, model, status, input, response, size_bytes, chain_bytes, created_at)
         SELECT 'resp_' || $1 || '_' || g, $1::uuid, 'm', 'completed', '[]', '{}', 2, 2, now() - (g || ' seconds')::interval
         FROM generate_series(1, 20000) g`,
        [busy],
      );
      await db.query(
        `INSERT INTO gateway.responses (id, tenant_id, model, status, input, response, size_bytes, chain_bytes, created_at)
         SELECT 'resp_' || $1 || '_' || g, $1::uuid, 'm', 'completed', '[]', '{}', 2, 2, now() - interval '40 days'
         FROM generate_series(1, 10) g`,
        [quiet],
      );
      await db.query('ANALYZE gateway.responses');
    } finally {
      await db.end();
    }
    prisma = new PrismaService({ DATABASE_URL: env.databaseUrl } as GatewayConfig);
  });

  afterAll(async () => {
    await prisma?.$disconnect();
    await env?.drop();
  });

  it('names the tenants with expired responses reading about as many rows as expired', async () => {
    const { tenants, read } = await prisma.$transaction(async (tx) => {
      const repo = new ResponsesRepository(tx as unknown as PrismaService);
      const found = await repo.tenantsWithResponsesBefore(new Date(Date.now() - 30 * 86_400_000));
      const [r] = await tx.$queryRaw<{ n: bigint }[]>`
        SELECT pg_stat_get_xact_tuples_returned('gateway.responses'::regclass)
             + (SELECT COALESCE(SUM(pg_stat_get_xact_tuples_returned(indexrelid)), 0) FROM pg_index WHERE indrelid = 'gateway.responses'::regclass)
          AS n`;
      return { tenants: found, read: Number(r.n) };
    });
    expect(tenants).toEqual([quiet]);
    expect(read).toBeLessThan(100);
  });
});
