import type { Prisma } from '../generated/prisma/client';

/** What an audit entry says happened to the catalog. */
export type CatalogAuditAction = 'provider.created' | 'provider.updated' | 'provider.deleted' | 'route.put' | 'targets.put' | 'route.deleted';

/**
 * One catalog change, as recorded. `details` is built from rows here, never from a request body,
 * so no credential can reach it: a provider's key is only ever `credentialSet: true|false`.
 */
export interface CatalogAuditEntry {
  actor: string;
  action: CatalogAuditAction;
  tenantId: string | null;
  target: string;
  details: Prisma.InputJsonObject;
}

type Tx = Pick<Prisma.TransactionClient, 'catalogAuditEvent'>;

/** Writes the entry inside the caller's transaction: the change and its audit line commit together. */
export async function recordAudit(tx: Tx, entry: CatalogAuditEntry): Promise<void> {
  await tx.catalogAuditEvent.create({ data: entry });
}

/** A provider as its audit details show it: no credential, only whether one is set. */
export function providerDetails(p: { name: string; kind: string; baseUrl: string; apiKeyEnc: string | null }): Prisma.InputJsonObject {
  return { name: p.name, kind: p.kind, baseUrl: p.baseUrl, credentialSet: p.apiKeyEnc !== null };
}

/** A route's targets as its audit details show them (provider ids and upstream models, in order). */
export function targetDetails(
  targets: readonly { providerId: string; upstreamModel: string; priority: number; weight: number; timeoutMs: number | null }[],
): Prisma.InputJsonArray {
  return targets.map((t) => ({ providerId: t.providerId, upstreamModel: t.upstreamModel, priority: t.priority, weight: t.weight, timeoutMs: t.timeoutMs }));
}
