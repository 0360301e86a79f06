/**
 * @tollgate/db: offline Prisma migrations and database helpers (plain `pg`, no Prisma engine download).
 *
 * `migrate()` applies Prisma-layout migration folders and records them in `_prisma_migrations` exactly like
 * `prisma migrate deploy`, so either tool can take over from the other.
 */
export { migrate, MIGRATE_LOCK_KEY } from './migrate';
export type { MigrateOptions } from './migrate';
export { MigrationError, checksumMatches, readMigrationsDir } from './migrations-dir';
export type { MigrationFile } from './migrations-dir';
export { createDatabase, dropDatabase, withDatabase, withSchema } from './database';
export { migrateService, migrationsDirOf } from './service-migrations';
export type { ServiceSchema } from './service-migrations';
