import { Injectable } from '@nestjs/common';
import { PrismaService } from '../infra/prisma.service';
import type { ApiKey, Prisma } from '../generated/prisma/client';
import type { Scope, TenantId } from '@tollgate/contracts';

export type KeyRow = ApiKey;

export interface AuditEntry {
  actor: string;
  action: string;
  details?: Prisma.InputJsonValue;
}

export interface NewKey {
  id: string;
  label: string;
  digest: string;
  prefix: string;
  last4: string;
  scopes: Scope[];
  models: string[];
  providers: string[];
  expiresAt: Date | null;
  rpmLimit: number | null;
  tpmLimit: number | null;
  budgetMicros?: bigint | null;
  budgetPeriod?: string | null;
  budgetAlertPercent?: number | null;
  budgetSpendId?: string | null;
  rotatedFromId?: string;
}

/** What a key's principal carries of its tenant. */
const VERIFIED_TENANT = {
  rpmLimit: true,
  tpmLimit: true,
  providers: true,
  budgetMicros: true,
  budgetPeriod: true,
  budgetAlertPercent: true,
  reportingTimeZone: true,
} as const;
export type VerifiedTenant = Prisma.TenantGetPayload<{ select: typeof VERIFIED_TENANT }>;

/** Rolls a rotation back when the key turns out to have a successor already. */
class AlreadyRotated extends Error {}

/** Every method is scoped by tenant id; each change is written with its audit event in one transaction. */
@Injectable()
export class KeysRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** The only unscoped read: admin routes address keys by id and need the owning tenant first. */
  async tenantOfKey(keyId: string): Promise<string | null> {
    const row = await this.prisma.apiKey.findFirst({ where: { id: keyId, deletedAt: null }, select: { tenantId: true } });
    return row?.tenantId ?? null;
  }

  findLive(tenantId: TenantId, keyId: string): Promise<KeyRow | null> {
    return this.prisma.apiKey.findFirst({ where: { id: keyId, tenantId, deletedAt: null } });
  }

  list(tenantId: TenantId): Promise<KeyRow[]> {
    return this.prisma.apiKey.findMany({ where: { tenantId, deletedAt: null }, orderBy: { createdAt: 'asc' } });
  }

  create(tenantId: TenantId, key: NewKey, audit: AuditEntry): Promise<KeyRow> {
    return this.prisma.$transaction(async (tx) => {
      const row = await tx.apiKey.create({ data: { ...key, tenantId } });
      await tx.auditEvent.create({ data: { tenantId, keyId: row.id, ...audit } });
      return row;
    });
  }

  /**
   * Creates the replacement and retires the old key (revoked now, or expiring at `oldExpiresAt`);
   * null, and nothing changed, when the old key already has a successor (rotated with a grace
   * period). The update locks the old row first, so of two concurrent rotations one wins.
   */
  async rotate(tenantId: TenantId, oldId: string, next: NewKey, retire: { revokedAt?: Date; expiresAt?: Date }, audit: AuditEntry): Promise<KeyRow | null> {
    try {
      return await this.prisma.$transaction(async (tx) => {
        await tx.apiKey.update({ where: { id: oldId, tenantId }, data: retire });
        if (await tx.apiKey.count({ where: { tenantId, rotatedFromId: oldId } })) throw new AlreadyRotated();
        const row = await tx.apiKey.create({ data: { ...next, tenantId, rotatedFromId: oldId } });
        await tx.auditEvent.create({
          data: {
            tenantId,
            keyId: oldId,
            ...audit,
            details: { replacedBy: row.id, ...(retire.expiresAt ? { graceUntil: retire.expiresAt.toISOString() } : {}) },
          },
        });
        return row;
      });
    } catch (err) {
      if (err instanceof AlreadyRotated) return null;
      throw err;
    }
  }

  update(tenantId: TenantId, keyId: string, data: Prisma.ApiKeyUpdateInput, audit: AuditEntry): Promise<KeyRow> {
    return this.prisma.$transaction(async (tx) => {
      const row = await tx.apiKey.update({ where: { id: keyId, tenantId }, data });
      await tx.auditEvent.create({ data: { tenantId, keyId, ...audit } });
      return row;
    });
  }

  /** Lookup for verification: the digest identifies the key (and so the tenant). */
  findByDigest(digest: string): Promise<(KeyRow & { tenant: VerifiedTenant }) | null> {
    return this.prisma.apiKey.findUnique({ where: { digest }, include: { tenant: { select: VERIFIED_TENANT } } });
  }

  async touch(tenantId: TenantId, keyId: string, at: Date): Promise<void> {
    await this.prisma.apiKey.updateMany({ where: { id: keyId, tenantId }, data: { lastUsedAt: at } });
  }

  /** Keys that must stay refused: revoked or deleted ones. */
  retired(): Promise<Pick<KeyRow, 'id' | 'tenantId'>[]> {
    return this.prisma.apiKey.findMany({
      where: { OR: [{ revokedAt: { not: null } }, { deletedAt: { not: null } }] },
      select: { id: true, tenantId: true },
    });
  }
}
