import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { migrate } from './migrate';

export type ServiceSchema = 'auth' | 'gateway' | 'billing';

/** The repository's `prisma/<service>/migrations`, found by walking up from this file (src or dist). */
export function migrationsDirOf(service: ServiceSchema): string {
  let dir = __dirname;
  for (;;) {
    const candidate = join(dir, 'prisma', service, 'migrations');
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`prisma/${service}/migrations not found above ${__dirname}`);
    dir = parent;
  }
}

/** Applies one service's migrations into its own Postgres schema (named after the service). */
export function migrateService(databaseUrl: string, service: ServiceSchema): Promise<{ applied: string[] }> {
  return migrate({ connectionString: databaseUrl, schema: service, migrationsDir: migrationsDirOf(service) });
}
