import { Client } from 'pg';
import { PG_URL, TestEnv } from './env';
import { BillingDb } from './billing-stack';

/** What a client saw: the request ids of the calls that succeeded, and every status. */
export interface LoadResult {
  succeeded: string[];
  statuses: Map<number, number>;
}

/** `concurrency` callers in a loop until `done()`; each call returns its status and request id. */
export async function loadUntil(
  done: () => boolean,
  concurrency: number,
  call: () => Promise<{ status: number; requestId: string | null }>,
): Promise<LoadResult> {
  const result: LoadResult = { succeeded: [], statuses: new Map() };
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (!done()) {
        const r = await call().catch(() => ({ status: -1, requestId: null }));
        result.statuses.set(r.status, (result.statuses.get(r.status) ?? 0) + 1);
        if (r.status === 200 && r.requestId) result.succeeded.push(r.requestId);
      }
    }),
  );
  return result;
}

/** Makes the test file's own database refuse every connection (and drops the open ones), then lets it back. */
export class DatabaseSwitch {
  private constructor(
    private readonly admin: Client,
    private readonly name: string,
  ) {}

  static async for(env: TestEnv): Promise<DatabaseSwitch> {
    const admin = new Client({ connectionString: PG_URL });
    await admin.connect();
    return new DatabaseSwitch(admin, new URL(env.databaseUrl).pathname.slice(1));
  }

  async off(): Promise<void> {
    await this.admin.query(`ALTER DATABASE "${this.name}" ALLOW_CONNECTIONS false`);
    await this.admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [this.name]);
  }

  async on(): Promise<void> {
    await this.admin.query(`ALTER DATABASE "${this.name}" ALLOW_CONNECTIONS true`);
  }

  async close(): Promise<void> {
    await this.on().catch(() => undefined);
    await this.admin.end();
  }
}

/** Every id booked exactly once: a usage record each, and at most one usage debit each. */
export async function bookedOnce(db: BillingDb, requestIds: readonly string[]): Promise<{ records: number; duplicateDebits: number }> {
  const [r] = await db.query<{ n: string }>('SELECT COUNT(*)::text AS n FROM usage_records WHERE request_id = ANY($1)', [requestIds]);
  const [d] = await db.query<{ n: string }>(
    `SELECT COUNT(*)::text AS n FROM (SELECT request_id FROM ledger_transactions WHERE request_id = ANY($1) GROUP BY request_id HAVING COUNT(*) > 1) x`,
    [requestIds],
  );
  return { records: Number(r.n), duplicateDebits: Number(d.n) };
}
