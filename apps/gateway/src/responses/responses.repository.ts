import { Injectable } from '@nestjs/common';
import type { TenantId } from '@tollgate/contracts';
import { Prisma } from '../generated/prisma/client';
import { GATEWAY_DB_SCHEMA, PrismaService } from '../infra/prisma.service';

type Json = Record<string, unknown>;

export interface NewStoredResponse {
  tenantId: string;
  id: string;
  previousResponseId: string | null;
  model: string;
  status: string;
  input: Json[];
  response: Json;
  sizeBytes: number;
  chainBytes: bigint;
}

/** One earlier turn of a chain: what the caller sent and what was answered. */
export interface ChainTurn {
  input: Json[];
  output: Json[];
}

/** Far past any chain the byte bound lets through; a guard for the recursive walk, not a product limit. */
const MAX_CHAIN_DEPTH = 100_000;

const table = Prisma.raw(`"${GATEWAY_DB_SCHEMA}"."responses"`);

/** Stored responses; every read and delete is by tenant (another tenant's id is simply not found). */
@Injectable()
export class ResponsesRepository {
  constructor(private readonly prisma: PrismaService) {}

  async save(r: NewStoredResponse): Promise<void> {
    await this.prisma.storedResponse.create({ data: { ...r, input: r.input as Prisma.InputJsonValue, response: r.response as Prisma.InputJsonValue } });
  }

  find(tenantId: TenantId, id: string): Promise<{ input: unknown; response: unknown } | null> {
    return this.prisma.storedResponse.findUnique({ where: { tenantId_id: { tenantId, id } }, select: { input: true, response: true } });
  }

  /** The chain's stored size up to and including `id`, read before the chain itself. */
  chainBytes(tenantId: TenantId, id: string): Promise<{ chainBytes: bigint } | null> {
    return this.prisma.storedResponse.findUnique({ where: { tenantId_id: { tenantId, id } }, select: { chainBytes: true } });
  }

  /** The chain ending at `id`, oldest first; it ends early where a link was deleted or expired. */
  async chain(tenantId: TenantId, id: string): Promise<ChainTurn[]> {
    const rows = await this.prisma.$queryRaw<{ input: Json[]; output: Json[] | null }[]>`
      WITH RECURSIVE chain AS (
        SELECT id, previous_response_id, input, response -> 'output' AS output, 0 AS depth
          FROM ${table} WHERE tenant_id = ${tenantId}::uuid AND id = ${id}
        UNION ALL
        SELECT r.id, r.previous_response_id, r.input, r.response -> 'output', c.depth + 1
          FROM ${table} r JOIN chain c ON r.tenant_id = ${tenantId}::uuid AND r.id = c.previous_response_id
         WHERE c.depth < ${MAX_CHAIN_DEPTH}
      )
      SELECT input, output FROM chain ORDER BY depth DESC`;
    return rows.map((r) => ({ input: r.input, output: r.output ?? [] }));
  }

  async delete(tenantId: TenantId, id: string): Promise<boolean> {
    const { count } = await this.prisma.storedResponse.deleteMany({ where: { tenantId, id } });
    return count > 0;
  }

  /** Tenants with stored responses created before `before` (the retention sweep's work list). */
  async tenantsWithResponsesBefore(before: Date): Promise<string[]> {
    // DISTINCT in Postgres, not over every row in memory.
    const rows = await this.prisma.$queryRaw<{ tenant_id: string }[]>`SELECT DISTINCT tenant_id::text FROM ${table} WHERE created_at < ${before}`;
    return rows.map((r) => r.tenant_id);
  }

  /** Deletes up to `limit` of the tenant's responses created before `before`; how many went. */
  deleteBatch(tenantId: TenantId, before: Date, limit: number): Promise<number> {
    return this.prisma.$executeRaw`
      DELETE FROM ${table} WHERE tenant_id = ${tenantId}::uuid AND id IN (
        SELECT id FROM ${table} WHERE tenant_id = ${tenantId}::uuid AND created_at < ${before} LIMIT ${limit})`;
  }
}
