import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Thrown for every condition that must stop a migration run; `code` says which. */
export class MigrationError extends Error {
  override readonly name = 'MigrationError';
  constructor(
    readonly code: 'INVALID_DIRECTORY' | 'FAILED_MIGRATION' | 'CHECKSUM_MISMATCH' | 'APPLY_FAILED' | 'LOCK_TIMEOUT',
    message: string,
  ) {
    super(message);
  }
}

export interface MigrationFile {
  /** Folder name, e.g. `20250101000000_init`; the `migration_name` Prisma records. */
  name: string;
  script: string;
  /** sha256 hex of the migration.sql bytes, as Prisma stores it in `_prisma_migrations.checksum`. */
  checksum: string;
}

const sha256 = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

/**
 * Prisma's own comparison: the stored checksum may come from a checkout with other line endings
 * (git autocrlf), so LF and CRLF variants of the script also count as unchanged.
 */
export function checksumMatches(script: string, checksum: string): boolean {
  return [script, script.replace(/\r\n/g, '\n'), script.replace(/\r?\n/g, '\r\n')].some((s) => sha256(s) === checksum);
}

/**
 * Lists a Prisma migrations folder the way the Prisma CLI does: every subdirectory is a migration,
 * sorted by name, and must contain migration.sql. migration_lock.toml, when present, must say postgresql.
 */
export function readMigrationsDir(dir: string): MigrationFile[] {
  if (!existsSync(dir)) throw new MigrationError('INVALID_DIRECTORY', `migrations directory ${dir} does not exist`);
  const lockfile = join(dir, 'migration_lock.toml');
  if (existsSync(lockfile)) {
    const provider = /^\s*provider\s*=\s*"([^"]*)"/m.exec(readFileSync(lockfile, 'utf8'))?.[1];
    if (provider !== 'postgresql') {
      throw new MigrationError('INVALID_DIRECTORY', `${lockfile} is for provider "${provider ?? '?'}", not "postgresql"`);
    }
  }
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort((a, b) => a.localeCompare(b))
    .map((name) => {
      const file = join(dir, name, 'migration.sql');
      if (!existsSync(file)) throw new MigrationError('INVALID_DIRECTORY', `${file} does not exist`);
      const bytes = readFileSync(file);
      return { name, script: bytes.toString('utf8'), checksum: sha256(bytes) };
    });
}
