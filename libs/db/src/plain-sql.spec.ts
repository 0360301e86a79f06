/**
 * Migrations are plain Postgres SQL: @tollgate/db's runner applies a script with a CHECK constraint and a
 * `$$`-quoted function body full of semicolons as written (no `\073` escapes, no triggers standing in for
 * CHECKs). Real Postgres (DATABASE_ADMIN_URL, default postgres@127.0.0.1:5432/postgres), own database, dropped.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { createDatabase, dropDatabase, migrate, withDatabase } from '@tollgate/db';

const ADMIN_URL = process.env.DATABASE_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const MIGRATION = '20990101000000_plain_sql';
const SCRIPT = `CREATE TABLE "accounts" (
    "id" SERIAL NOT NULL,
    "balance" BIGINT NOT NULL,
    CONSTRAINT "accounts_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "accounts_balance_check" CHECK ("balance" >= 0)
);

CREATE FUNCTION "accounts_cap"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  cap BIGINT := 1000000;
BEGIN
  IF NEW."balance" > cap THEN
    RAISE EXCEPTION 'balance % above cap %; refused', NEW."balance", cap;
  END IF;
  RETURN NEW;
END;
$$;

CREATE TRIGGER "accounts_cap" BEFORE INSERT OR UPDATE ON "accounts" FOR EACH ROW EXECUTE FUNCTION "accounts_cap"();
`;

const dbName = `tollgate_test_plain_sql_${process.pid}_${randomBytes(4).toString('hex')}`;
const url = withDatabase(ADMIN_URL, dbName);
let dir: string;
let client: Client;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tollgate-plain-sql-'));
  mkdirSync(join(dir, MIGRATION));
  writeFileSync(join(dir, MIGRATION, 'migration.sql'), SCRIPT);
  await createDatabase(ADMIN_URL, dbName);
  client = new Client({ connectionString: url });
  await client.connect();
});

afterAll(async () => {
  await client?.end();
  await dropDatabase(ADMIN_URL, dbName);
  rmSync(dir, { recursive: true, force: true });
});

describe('migrate() with plain SQL', () => {
  it('applies a CHECK constraint and a $$ function body with semicolons, and records the checksum', async () => {
    await expect(migrate({ connectionString: url, schema: 'plain', migrationsDir: dir })).resolves.toEqual({ applied: [MIGRATION] });
    const { rows } = await client.query<{ checksum: string; finished_at: Date | null }>(
      'SELECT checksum, finished_at FROM plain._prisma_migrations WHERE migration_name = $1',
      [MIGRATION],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].checksum).toBe(createHash('sha256').update(SCRIPT).digest('hex'));
    expect(rows[0].finished_at).toBeInstanceOf(Date);
  });

  it('the CHECK constraint holds', async () => {
    await expect(client.query('INSERT INTO plain.accounts (balance) VALUES (5)')).resolves.toMatchObject({ rowCount: 1 });
    await expect(client.query('INSERT INTO plain.accounts (balance) VALUES (-1)')).rejects.toMatchObject({
      code: '23514', // check_violation
      constraint: 'accounts_balance_check',
    });
  });

  it('the function runs its whole body, semicolons included', async () => {
    await expect(client.query('INSERT INTO plain.accounts (balance) VALUES (2000000)')).rejects.toThrow('balance 2000000 above cap 1000000; refused');
    const { rows } = await client.query<{ balance: string }>('SELECT balance FROM plain.accounts ORDER BY id');
    expect(rows).toEqual([{ balance: '5' }]);
  });
});
