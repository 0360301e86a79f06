import { migrateService } from '@tollgate/db';

/** Applies every service's migrations to DATABASE_URL (what a deploy job runs before the services). */
async function main(): Promise<void> {
  const url = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/tollgate';
  for (const service of ['auth', 'gateway', 'billing'] as const) {
    const { applied } = await migrateService(url, service);
    process.stdout.write(`${service}: ${applied.length ? `applied ${applied.join(', ')}` : 'up to date'}\n`);
  }
}

main().catch((err: Error) => {
  process.stderr.write(`migration failed: ${err.message}\n`);
  process.exit(1);
});
