/** Prisma's schema engine (wasm) driven offline: the diff between a service's migrations and its Prisma schema. */
export { diffMigrationsToSchema, isEmptyScript } from './schema-diff';
export type { SchemaDiffOptions } from './schema-diff';
export { LOCK_CONTENT, LOCKFILE, migrationSlug, migrationTimestamp, nextTimestamp, writeMigration } from './migration-folder';
export { loadSchemaEngine } from './load-engine';
