import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, escapeIdentifier } from 'pg';
import { checksumMatches, MigrationError, readMigrationsDir } from './migrations-dir';

export interface MigrateOptions {
  connectionString: string;
  /** Postgres schema (namespace) the migrations go into; created if missing. */
  schema: string;
  /** A Prisma migrations folder: `<timestamp>_<name>/migration.sql` + `migration_lock.toml`. */
  migrationsDir: string;
  log?: (line: string) => void;
  /** How long to wait for another migrator holding the lock. Default 60 s. */
  lockTimeoutMs?: number;
}

/**
 * Prisma Migrate's advisory lock key (prisma-engines, postgres flavour), so this runner and
 * `prisma migrate deploy` also exclude each other. Advisory locks are per database.
 */
export const MIGRATE_LOCK_KEY = 72707369;

/** Exactly the table prisma-engines creates (sql-schema-connector, postgres flavour). */
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
)`;

interface MigrationRow {
  checksum: string;
  finished_at: Date | null;
  migration_name: string;
  logs: string | null;
  rolled_back_at: Date | null;
  started_at: Date;
}

async function acquireLock(client: Client, timeoutMs: number, log: (line: string) => void): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let waited = false; ; waited = true) {
    const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [MIGRATE_LOCK_KEY]);
    if (rows[0]?.ok) return;
    if (!waited) log('another migration is running; waiting for its advisory lock');
    if (Date.now() > deadline) {
      throw new MigrationError('LOCK_TIMEOUT', `timed out after ${timeoutMs} ms waiting for the migration advisory lock`);
    }
    await sleep(100);
  }
}

/** Refuses to go on, like `prisma migrate deploy`, if a recorded migration failed or was edited since. */
function checkHistory(rows: MigrationRow[], files: { name: string; script: string }[], schema: string): void {
  const failed = rows.filter((r) => r.finished_at === null && r.rolled_back_at === null);
  if (failed.length) {
    const details = failed.map((r) => `  ${r.migration_name} (started ${r.started_at.toISOString()})${r.logs ? `: ${r.logs.trim()}` : ''}`).join('\n');
    throw new MigrationError(
      'FAILED_MIGRATION',
      `schema "${schema}" has failed migrations recorded in _prisma_migrations; repair the database, then ` +
        `mark them with \`prisma migrate resolve --rolled-back|--applied <name>\`:\n${details}`,
    );
  }
  const scripts = new Map(files.map((f) => [f.name, f.script]));
  const edited = rows.filter((r) => {
    const script = scripts.get(r.migration_name);
    return r.rolled_back_at === null && script !== undefined && !checksumMatches(script, r.checksum);
  });
  if (edited.length) {
    throw new MigrationError(
      'CHECKSUM_MISMATCH',
      `schema "${schema}": migration.sql of already applied migration(s) changed since they were applied: ` +
        `${edited.map((r) => r.migration_name).join(', ')}. Never edit an applied migration; add a new one.`,
    );
  }
}

/**
 * Applies the not yet applied migrations of `migrationsDir` into `schema`, recording them in that schema's
 * `_prisma_migrations` exactly as Prisma Migrate does. Idempotent and safe to run concurrently.
 * Each migration runs in its own transaction, with `search_path` set to `schema`.
 */
export async function migrate(options: MigrateOptions): Promise<{ applied: string[] }> {
  const { connectionString, schema, migrationsDir, log = () => undefined, lockTimeoutMs = 60_000 } = options;
  const files = readMigrationsDir(migrationsDir);
  const client = new Client({ connectionString, application_name: `tollgate-migrate:${schema}` });
  await client.connect();
  let locked = false;
  try {
    await acquireLock(client, lockTimeoutMs, log);
    locked = true;
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${escapeIdentifier(schema)}`);
    await client.query(`SET search_path TO ${escapeIdentifier(schema)}`);
    await client.query(CREATE_MIGRATIONS_TABLE);

    const { rows } = await client.query<MigrationRow>(
      'SELECT checksum, finished_at, migration_name, logs, rolled_back_at, started_at FROM _prisma_migrations ORDER BY started_at',
    );
    checkHistory(rows, files, schema);
    const known = new Set(rows.filter((r) => r.rolled_back_at === null).map((r) => r.migration_name));
    for (const r of rows) {
      if (!files.some((f) => f.name === r.migration_name) && r.rolled_back_at === null) {
        log(`note: ${r.migration_name} is recorded in "${schema}" but missing from ${migrationsDir}`);
      }
    }

    const applied: string[] = [];
    for (const file of files.filter((f) => !known.has(f.name))) {
      log(`applying ${file.name} to schema "${schema}"`);
      try {
        await client.query('BEGIN');
        const id = randomUUID();
        await client.query('INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, applied_steps_count) VALUES ($1, $2, $3, now(), 0)', [
          id,
          file.checksum,
          file.name,
        ]);
        await client.query(file.script); // simple query protocol: the whole multi-statement script
        await client.query('UPDATE _prisma_migrations SET applied_steps_count = applied_steps_count + 1, finished_at = clock_timestamp() WHERE id = $1', [id]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        const reason = err instanceof Error ? err.message : String(err);
        throw new MigrationError('APPLY_FAILED', `migration ${file.name} failed in schema "${schema}" and was rolled back: ${reason}`);
      }
      applied.push(file.name);
    }
    log(applied.length ? `applied ${applied.length} migration(s) to "${schema}"` : `schema "${schema}" is up to date`);
    return { applied };
  } finally {
    if (locked) await client.query('SELECT pg_advisory_unlock($1)', [MIGRATE_LOCK_KEY]).catch(() => undefined);
    await client.end().catch(() => undefined);
  }
}
