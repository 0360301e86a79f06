import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface LocalSecrets {
  ADMIN_TOKEN: string;
  CATALOG_SECRET: string;
  /** Seals alert webhook signing secrets at rest (billing). */
  WEBHOOK_SECRET_KEY: string;
  /** The demo tenant's portal owner's password (the console's demo user). */
  DEMO_PORTAL_PASSWORD: string;
  /** The first admin's password (admin console). */
  DEMO_ADMIN_PASSWORD: string;
}

/**
 * Local-run secrets: taken from the environment when set, otherwise generated once and kept
 * in `.tollgate/local-secrets.json` (git-ignored, mode 600) so that restarts keep working.
 */
export function localSecrets(root: string): LocalSecrets {
  const dir = join(root, '.tollgate');
  const file = join(dir, 'local-secrets.json');
  let stored: Partial<LocalSecrets> = {};
  if (existsSync(file)) stored = JSON.parse(readFileSync(file, 'utf8')) as Partial<LocalSecrets>;
  const secrets: LocalSecrets = {
    ADMIN_TOKEN: process.env.ADMIN_TOKEN ?? stored.ADMIN_TOKEN ?? `tg-admin-${randomBytes(18).toString('base64url')}`,
    CATALOG_SECRET: process.env.CATALOG_SECRET ?? stored.CATALOG_SECRET ?? randomBytes(32).toString('base64url'),
    WEBHOOK_SECRET_KEY: process.env.WEBHOOK_SECRET_KEY ?? stored.WEBHOOK_SECRET_KEY ?? randomBytes(32).toString('base64url'),
    DEMO_PORTAL_PASSWORD: stored.DEMO_PORTAL_PASSWORD ?? `demo-${randomBytes(9).toString('base64url')}`,
    DEMO_ADMIN_PASSWORD: stored.DEMO_ADMIN_PASSWORD ?? `admin-${randomBytes(12).toString('base64url')}`,
  };
  if (!existsSync(file) || Object.keys(secrets).some((k) => stored[k as keyof LocalSecrets] === undefined)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  }
  return secrets;
}
