import { Injectable, Logger } from '@nestjs/common';
import { asTenantId, effectiveProviders, scopesOf, type VerifyKeyReply } from '@tollgate/contracts';
import { budgetOf, spendIdOf } from './budget';
import { KeysRepository } from './keys.repository';

const TOUCH_EVERY_MS = 60_000;

/** Answers auth.keys.verify.v1: digest in, principal or a reason out. */
@Injectable()
export class VerifyService {
  private readonly logger = new Logger('Verify');

  constructor(private readonly keys: KeysRepository) {}

  async verify(digest: string): Promise<VerifyKeyReply> {
    const row = await this.keys.findByDigest(digest);
    if (!row || row.deletedAt) return { ok: false, reason: 'unknown' };
    if (row.revokedAt) return { ok: false, reason: 'revoked' };
    const now = new Date();
    if (row.expiresAt && row.expiresAt <= now) return { ok: false, reason: 'expired' };
    if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > TOUCH_EVERY_MS) {
      this.keys.touch(asTenantId(row.tenantId), row.id, now).catch((err) => this.logger.warn({ err }, 'lastUsedAt update failed'));
    }
    return {
      ok: true,
      principal: {
        tenantId: row.tenantId,
        keyId: row.id,
        label: row.label,
        scopes: scopesOf(row.scopes),
        models: row.models,
        providers: effectiveProviders(row.providers, row.tenant.providers),
        expiresAt: row.expiresAt ? row.expiresAt.toISOString() : null,
        limits: { keyRpm: row.rpmLimit, keyTpm: row.tpmLimit, tenantRpm: row.tenant.rpmLimit, tenantTpm: row.tenant.tpmLimit },
        budgets: { key: budgetOf(row), tenant: budgetOf(row.tenant), timeZone: row.tenant.reportingTimeZone, spendId: spendIdOf(row) },
      },
    };
  }
}
