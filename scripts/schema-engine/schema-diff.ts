import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { Pool } from 'pg';
import { createDatabase, dropDatabase, migrate, withDatabase } from '@tollgate/db';
import { CharAsTextClient, withCharColumns } from './char-columns';
import { loadSchemaEngine } from './load-engine';

export interface SchemaDiffOptions {
  /** Postgres schema (namespace) the service's tables live in, e.g. `billing`. */
  schema: string;
  /** The Prisma schema file (datamodel) to diff towards. */
  schemaFile: string;
  /** Prisma-layout migrations folder replayed into the shadow database. */
  migrationsDir: string;
  /** URL of any database on the server where the throw-away shadow database is created. */
  adminUrl: string;
  /** Directory relative to which the schema file is named to the engine (and config files resolve). */
  rootDir: string;
  log?: (line: string) => void;
}

/** What the engine prints for "no difference" when asked for a script. */
const EMPTY_SCRIPT = '-- This is an empty migration.';

/** True when `script` changes nothing (blank, comments only or the engine's "empty migration" line). */
export function isEmptyScript(script: string): boolean {
  return script.split('\n').every((line) => line.trim() === '' || line.trim().startsWith('--'));
}

/**
 * The SQL that takes a database holding exactly `migrationsDir` to `schemaFile`: the migrations are replayed
 * into a throw-away shadow database through @tollgate/db's own runner (so they may use any SQL Postgres takes),
 * then Prisma's schema engine diffs that live database against the datamodel. The shadow database is always
 * dropped. Returns the engine's script ({@link isEmptyScript} when they agree).
 *
 * No noise filter is needed in this direction (live database -> datamodel): the engine leaves alone what a
 * datamodel cannot express (CHECK constraints, functions, triggers, partial indexes made in SQL). Checked with
 * auth's CHECKs, billing's triggers and the plain-SQL case in test/schema-migrations.spec.ts.
 */
export async function diffMigrationsToSchema(options: SchemaDiffOptions): Promise<string> {
  const { schema, adminUrl, log = () => undefined } = options;
  const shadowDb = `tollgate_shadow_${schema}_${randomBytes(6).toString('hex')}`;
  const shadowUrl = withDatabase(adminUrl, shadowDb);
  await createDatabase(adminUrl, shadowDb);
  try {
    const { applied } = await migrate({ connectionString: shadowUrl, schema, migrationsDir: options.migrationsDir, log });
    log(`replayed ${applied.length} migration(s) into shadow database ${shadowDb}`);
    return await engineDiff(shadowUrl, options);
  } finally {
    await dropDatabase(adminUrl, shadowDb);
  }
}

async function engineDiff(databaseUrl: string, options: SchemaDiffOptions): Promise<string> {
  const files = [{ path: relative(options.rootDir, options.schemaFile), content: readFileSync(options.schemaFile, 'utf8') }];
  const pools: Pool[] = [];
  const factory: SqlMigrationAwareDriverAdapterFactory = {
    provider: 'postgres',
    adapterName: '@prisma/adapter-pg',
    connect: async (): Promise<SqlDriverAdapter> => {
      const pool = new Pool({ connectionString: databaseUrl, max: 1, Client: CharAsTextClient });
      pools.push(pool);
      return withCharColumns(await new PrismaPg(pool, { schema: options.schema }).connect());
    },
    // The shadow database is ours, already migrated; the engine has no reason to ask for its own.
    connectToShadowDb: () => Promise.reject(new Error('schema diff: the engine asked for a shadow database')),
  };
  const bindings = await loadSchemaEngine();
  const engineLog = (line: string): void => options.log?.(`engine: ${line}`);
  const engine = await bindings.SchemaEngine.new(
    { datamodels: files.map((f) => [f.path, f.content]) },
    engineLog,
    bindMigrationAwareSqlAdapterFactory(factory),
  );
  try {
    const { stdout } = await engine.diff({
      from: { tag: 'schemaDatasource', files, configDir: options.rootDir },
      to: { tag: 'schemaDatamodel', files },
      script: true,
      exitCode: null,
      filters: { externalTables: [], externalEnums: [] },
    });
    return stdout ?? EMPTY_SCRIPT;
  } finally {
    engine.free();
    await Promise.all(pools.map((pool) => pool.end().catch(() => undefined)));
  }
}
