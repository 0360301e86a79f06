/**
 * Integration test against the local Postgres (DATABASE_ADMIN_URL, default postgres@127.0.0.1:5432/postgres).
 * Works in its own uniquely named databases and drops them at the end.
 */
import { createHash, randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { createDatabase, dropDatabase, migrate, MigrationError, withDatabase, withSchema } from '@tollgate/db';

const ADMIN_URL = process.env.DATABASE_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const PRISMA_DIR = resolve(__dirname, '../../../prisma');
const SERVICES = {
  auth: ['tenants', 'api_keys', 'audit_events'],
  gateway: ['providers', 'model_routes'],
  billing: ['usage_records'],
} as const;
type Service = keyof typeof SERVICES;
const services = Object.keys(SERVICES) as Service[];
const migrationsDir = (svc: Service): string => join(PRISMA_DIR, svc, 'migrations');

/** Independent of the code under test: folder name -> sha256 hex of migration.sql. */
function expectedChecksums(dir: string): Map<string, string> {
  const names = readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name);
  return new Map(
    names.map((n) => [
      n,
      createHash('sha256')
        .update(readFileSync(join(dir, n, 'migration.sql')))
        .digest('hex'),
    ]),
  );
}

const suffix = `${process.pid}_${randomBytes(4).toString('hex')}`;
const dbName = `tollgate_test_migrate_${suffix}`;
const concurrentDbName = `tollgate_test_migrate_conc_${suffix}`;
const url = withDatabase(ADMIN_URL, dbName);
let client: Client;

async function tables(schema: string): Promise<string[]> {
  const { rows } = await client.query<{ t: string }>(
    "SELECT table_name AS t FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE' ORDER BY 1",
    [schema],
  );
  return rows.map((r) => r.t);
}

beforeAll(async () => {
  await createDatabase(ADMIN_URL, dbName);
  client = new Client({ connectionString: url });
  await client.connect();
});

afterAll(async () => {
  await client?.end();
  await dropDatabase(ADMIN_URL, dbName);
  await dropDatabase(ADMIN_URL, concurrentDbName);
});

describe('migrate()', () => {
  it('applies every service migration into its own schema and records Prisma checksums', async () => {
    for (const svc of services) {
      const expected = expectedChecksums(migrationsDir(svc));
      expect(expected.size).toBeGreaterThan(0);
      const { applied } = await migrate({ connectionString: withSchema(url, svc), schema: svc, migrationsDir: migrationsDir(svc) });
      expect(applied).toEqual([...expected.keys()].sort());

      expect(await tables(svc)).toEqual(expect.arrayContaining([...SERVICES[svc], '_prisma_migrations']));
      const { rows } = await client.query(
        `SELECT id, checksum, migration_name, finished_at, rolled_back_at, applied_steps_count, logs FROM ${svc}._prisma_migrations`,
      );
      expect(rows).toHaveLength(expected.size);
      for (const row of rows) {
        expect(row.checksum).toBe(expected.get(row.migration_name));
        expect(row.id).toMatch(/^[0-9a-f-]{36}$/);
        expect(row.finished_at).toBeInstanceOf(Date);
        expect(row.rolled_back_at).toBeNull();
        expect(row.applied_steps_count).toBe(1);
        expect(row.logs).toBeNull();
      }
    }
    // Nothing leaked into public.
    expect(await tables('public')).toEqual([]);
  });

  it('is idempotent: a second run applies nothing', async () => {
    for (const svc of services) {
      await expect(migrate({ connectionString: url, schema: svc, migrationsDir: migrationsDir(svc) })).resolves.toEqual({ applied: [] });
    }
  });

  it('refuses when an applied migration changed (checksum mismatch)', async () => {
    const { rows } = await client.query<{ id: string; checksum: string }>('SELECT id, checksum FROM auth._prisma_migrations LIMIT 1');
    const { id, checksum } = rows[0]!;
    await client.query('UPDATE auth._prisma_migrations SET checksum = $1 WHERE id = $2', ['0'.repeat(64), id]);
    try {
      const run = migrate({ connectionString: url, schema: 'auth', migrationsDir: migrationsDir('auth') });
      await expect(run).rejects.toThrow(MigrationError);
      await expect(run).rejects.toMatchObject({ code: 'CHECKSUM_MISMATCH' });
    } finally {
      await client.query('UPDATE auth._prisma_migrations SET checksum = $1 WHERE id = $2', [checksum, id]);
    }

    // Same from the other side: the file on disk edited after it was applied.
    const dir = mkdtempSync(join(tmpdir(), 'tollgate-migrations-'));
    try {
      cpSync(migrationsDir('gateway'), dir, { recursive: true });
      const first = readdirSync(dir, { withFileTypes: true }).find((e) => e.isDirectory())!.name;
      writeFileSync(join(dir, first, 'migration.sql'), `${readFileSync(join(dir, first, 'migration.sql'), 'utf8')}\n-- edited\n`);
      await expect(migrate({ connectionString: url, schema: 'gateway', migrationsDir: dir })).rejects.toMatchObject({
        code: 'CHECKSUM_MISMATCH',
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses when a failed migration is recorded', async () => {
    await client.query(
      `INSERT INTO billing._prisma_migrations (id, checksum, migration_name, logs, applied_steps_count)
       VALUES ('00000000-0000-4000-8000-000000000000', $1, '99990101000000_broken', 'boom', 0)`,
      ['0'.repeat(64)],
    );
    try {
      await expect(migrate({ connectionString: url, schema: 'billing', migrationsDir: migrationsDir('billing') })).rejects.toMatchObject({
        code: 'FAILED_MIGRATION',
      });
    } finally {
      await client.query("DELETE FROM billing._prisma_migrations WHERE migration_name = '99990101000000_broken'");
    }
  });

  it('rolls a failing migration back completely and records nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tollgate-migrations-'));
    try {
      mkdirSync(join(dir, '20990101000000_bad'));
      writeFileSync(join(dir, '20990101000000_bad', 'migration.sql'), 'CREATE TABLE "half" ("id" INTEGER);\nSELECT no_such_function();\n');
      await expect(migrate({ connectionString: url, schema: 'scratch', migrationsDir: dir })).rejects.toMatchObject({ code: 'APPLY_FAILED' });
      expect(await tables('scratch')).toEqual(['_prisma_migrations']);
      const { rows } = await client.query('SELECT 1 FROM scratch._prisma_migrations');
      expect(rows).toHaveLength(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('serialises concurrent runs on a fresh database: each migration applied exactly once', async () => {
    await createDatabase(ADMIN_URL, concurrentDbName);
    const freshUrl = withDatabase(ADMIN_URL, concurrentDbName);
    const runs = services.flatMap((svc) =>
      [1, 2].map(() => migrate({ connectionString: freshUrl, schema: svc, migrationsDir: migrationsDir(svc) }).then((r) => ({ svc, ...r }))),
    );
    const results = await Promise.all(runs);

    const check = new Client({ connectionString: freshUrl });
    await check.connect();
    try {
      for (const svc of services) {
        const expected = [...expectedChecksums(migrationsDir(svc)).keys()].sort();
        const appliedBy = results.filter((r) => r.svc === svc).map((r) => r.applied);
        expect(appliedBy.flat().sort()).toEqual(expected); // one run did the work, the other found it done
        const { rows } = await check.query<{ migration_name: string; n: string }>(
          `SELECT migration_name, count(*) AS n FROM ${svc}._prisma_migrations GROUP BY 1 ORDER BY 1`,
        );
        expect(rows).toEqual(expected.map((m) => ({ migration_name: m, n: '1' })));
      }
    } finally {
      await check.end();
    }
  });
});
