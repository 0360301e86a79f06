/**
 * Offline `prisma migrate dev --create-only`: writes the next migration of one service's Prisma schema.
 *
 *   npm run migrate:dev -- <auth|gateway|billing> <name> [--timestamp=YYYYMMDDHHMMSS]
 *
 * The service's migrations are replayed into a throw-away shadow database through @tollgate/db (the runner
 * `npm start` uses, so migrations may hold any SQL: CHECK constraints, `$$` function bodies), then Prisma's
 * schema engine (wasm, see PRISMA-OFFLINE.md) diffs that database against prisma/<service>/schema.prisma and
 * the script becomes prisma/<service>/migrations/<timestamp>_<name>/migration.sql. Nothing else is touched.
 * The timestamp is now (UTC), or one second after the last existing migration if that is later, or --timestamp.
 * Shadow database: tollgate_shadow_<service>_<random> on the server of DATABASE_ADMIN_URL (default
 * postgresql://postgres@127.0.0.1:5432/postgres), always dropped.
 *
 * Review the file: the engine's diff carries no data-loss warnings, and anything Prisma cannot express
 * (CHECK constraints, triggers, partial indexes) you add by hand, in the same or a later migration.
 */
import { dirname, join, relative } from 'node:path';
import { migrationsDirOf } from '@tollgate/db';
import type { ServiceSchema } from '@tollgate/db';
import { diffMigrationsToSchema, isEmptyScript, migrationSlug, writeMigration } from './schema-engine';

const SERVICES: readonly ServiceSchema[] = ['auth', 'gateway', 'billing'];

interface Args {
  service: ServiceSchema;
  name: string;
  timestamp?: string;
}

function parseArgs(argv: string[]): Args {
  const timestamp = argv.find((a) => a.startsWith('--timestamp='))?.slice('--timestamp='.length);
  const [service, name = '', ...rest] = argv.filter((a) => !a.startsWith('--timestamp='));
  if (!SERVICES.includes(service as ServiceSchema) || !migrationSlug(name) || rest.length) {
    throw new Error(`usage: npm run migrate:dev -- <${SERVICES.join('|')}> <name> [--timestamp=YYYYMMDDHHMMSS]`);
  }
  return { service: service as ServiceSchema, name, timestamp };
}

async function main(): Promise<void> {
  const { service, name, timestamp } = parseArgs(process.argv.slice(2));
  const migrationsDir = migrationsDirOf(service); // <root>/prisma/<service>/migrations
  const root = dirname(dirname(dirname(migrationsDir)));
  const script = await diffMigrationsToSchema({
    schema: service,
    schemaFile: join(dirname(migrationsDir), 'schema.prisma'),
    migrationsDir,
    adminUrl: process.env.DATABASE_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres',
    rootDir: root,
    log: process.env.DEBUG ? (line) => process.stderr.write(`${line}\n`) : undefined,
  });
  if (isEmptyScript(script)) {
    process.stdout.write(`${service}: schema.prisma matches its migrations; no migration written.\n`);
    return;
  }
  const dir = writeMigration(migrationsDir, name, script, timestamp);
  process.stdout.write(`${service}: created ${relative(root, join(dir, 'migration.sql'))}\n`);
  if (/\bDROP\b|\bALTER COLUMN\b.*\bTYPE\b/i.test(script)) {
    process.stdout.write('  it drops or retypes something: review it for data loss before committing.\n');
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`migrate:dev: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
