/** Naming and placing a new migration folder (scripts/schema-engine/migration-folder.ts): pure, plus a temp dir. */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOCK_CONTENT, migrationSlug, nextTimestamp, writeMigration } from '../scripts/schema-engine';

describe('migrationSlug', () => {
  it.each([
    ['add budgets', 'add_budgets'],
    ['AddBudgetSpend', 'add_budget_spend'],
    ['  Crédit--notes!! ', 'credit_notes'],
    ['***', ''],
  ])('%j -> %j', (name, slug) => expect(migrationSlug(name)).toBe(slug));
});

describe('nextTimestamp', () => {
  const now = new Date('2026-11-26T10:20:30Z');
  it.each([
    ['now, with no migrations', [], undefined, '20261126102030'],
    ['now, when it sorts after the last', ['20261126090000_a'], undefined, '20261126102030'],
    ['the last + 1 s, when the last is later than now', ['20261126170000_usage_hold'], undefined, '20261126170001'],
    ['the last + 1 s across midnight', ['20261231235959_x'], undefined, '20270101000000'],
    ['the requested one', ['20261126170000_usage_hold'], '20261126200000', '20261126200000'],
  ])('%s', (_case, existing, requested, expected) => expect(nextTimestamp(existing, requested, now)).toBe(expected));

  it.each([
    ['a requested one that sorts before the last', '20261126160000'],
    ['a requested one equal to the last', '20261126170000'],
    ['a malformed one', '2026-11-26'],
  ])('refuses %s', (_case, requested) => expect(() => nextTimestamp(['20261126170000_usage_hold'], requested, now)).toThrow());
});

describe('writeMigration', () => {
  it('writes <timestamp>_<slug>/migration.sql after the existing folders, and the lock file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tollgate-migrations-'));
    try {
      mkdirSync(join(dir, '20990101000000_init'));
      const written = writeMigration(dir, 'Add Notes', 'ALTER TABLE "t" ADD COLUMN "n" TEXT;');
      expect(written).toBe(join(dir, '20990101000001_add_notes'));
      expect(readFileSync(join(written, 'migration.sql'), 'utf8')).toBe('ALTER TABLE "t" ADD COLUMN "n" TEXT;\n');
      expect(readFileSync(join(dir, 'migration_lock.toml'), 'utf8')).toBe(LOCK_CONTENT);
      expect(readdirSync(dir).sort()).toEqual(['20990101000000_init', '20990101000001_add_notes', 'migration_lock.toml']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
