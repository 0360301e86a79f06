/**
 * The Prisma schemas equal their migrations: for each service, its migrations are replayed into a fresh
 * database through @tollgate/db (what `npm start` runs), and Prisma's schema engine must find nothing to change
 * to reach prisma/<service>/schema.prisma. A field added to a schema without a migration fails here, with the
 * SQL the missing migration needs (`npm run migrate:dev -- <service> <name>` writes it).
 * Real Postgres (DATABASE_ADMIN_URL, default postgres@127.0.0.1:5432/postgres); shadow databases are dropped.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { migrationsDirOf } from '@tollgate/db';
import type { ServiceSchema } from '@tollgate/db';
import { diffMigrationsToSchema, isEmptyScript } from '../scripts/schema-engine';

const ADMIN_URL = process.env.DATABASE_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const ROOT = resolve(__dirname, '..');
const SERVICES: ServiceSchema[] = ['auth', 'gateway', 'billing'];
const schemaFileOf = (service: ServiceSchema): string => join(ROOT, 'prisma', service, 'schema.prisma');

const diff = (service: ServiceSchema, schemaFile = schemaFileOf(service)): Promise<string> =>
  diffMigrationsToSchema({ schema: service, schemaFile, migrationsDir: migrationsDirOf(service), adminUrl: ADMIN_URL, rootDir: ROOT });

jest.setTimeout(180_000);

/** SQL the old engine-driven replay could not take (a CHECK, a `$$` body with semicolons) and a partial index. */
const PLAIN_SQL = `CREATE TABLE "accounts" (
    "id" SERIAL NOT NULL,
    "balance" BIGINT NOT NULL,
    CONSTRAINT "accounts_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "accounts_balance_check" CHECK ("balance" >= 0)
);
CREATE FUNCTION "accounts_touch"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."balance" := NEW."balance";
  RETURN NEW;
END;
$$;
CREATE TRIGGER "accounts_touch" BEFORE UPDATE ON "accounts" FOR EACH ROW EXECUTE FUNCTION "accounts_touch"();
CREATE INDEX "accounts_funded_idx" ON "accounts" ("id") WHERE "balance" > 0;
`;
const PLAIN_SCHEMA = `datasource db {
  provider = "postgresql"
}

model Account {
  id      Int    @id @default(autoincrement())
  balance BigInt
  @@map("accounts")
}
`;

describe('Prisma schemas and their migrations', () => {
  it.each(SERVICES)('%s: the migrations build exactly the schema.prisma datamodel', async (service) => {
    const script = await diff(service);
    // On failure jest prints the SQL a migration would need to add.
    expect({ service, missingMigration: isEmptyScript(script) ? null : script }).toEqual({ service, missingMigration: null });
  });

  it('migrations in plain SQL (CHECK, $$ bodies, triggers, partial indexes) replay, and count as matching their datamodel', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tollgate-schema-'));
    try {
      mkdirSync(join(dir, 'migrations', '20990101000000_accounts'), { recursive: true });
      writeFileSync(join(dir, 'migrations', '20990101000000_accounts', 'migration.sql'), PLAIN_SQL);
      writeFileSync(join(dir, 'schema.prisma'), PLAIN_SCHEMA);
      const script = await diffMigrationsToSchema({
        schema: 'plain',
        schemaFile: join(dir, 'schema.prisma'),
        migrationsDir: join(dir, 'migrations'),
        adminUrl: ADMIN_URL,
        rootDir: dir,
      });
      expect({ missingMigration: isEmptyScript(script) ? null : script }).toEqual({ missingMigration: null });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports a field added to a schema without a migration, as the SQL that would add it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tollgate-schema-'));
    try {
      const schemaFile = join(dir, 'schema.prisma');
      const original = readFileSync(schemaFileOf('gateway'), 'utf8');
      const edited = original.replace(/^model Provider \{\n/m, '$&  probeNote String? @map("probe_note")\n');
      expect(edited).not.toBe(original);
      writeFileSync(schemaFile, edited);
      const script = await diff('gateway', schemaFile);
      expect(isEmptyScript(script)).toBe(false);
      expect(script).toMatch(/ALTER TABLE "(gateway"\.")?providers" ADD COLUMN\s+"probe_note" TEXT/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
