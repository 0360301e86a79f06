import { Injectable } from '@nestjs/common';
import { PrismaService, Tx } from '../infra/prisma.service';
import type { Invoice } from '../generated/prisma/client';
import type { TenantId } from '@tollgate/contracts';

export interface NewInvoice {
  tenantId: string;
  transactionId: bigint;
  totalMicros: bigint;
  currency: string;
  reference: string | null;
  issuedAt: Date;
}

/** Invoices of paid top-ups; numbers are gapless per installation and year (TG-2026-000001). */
@Injectable()
export class InvoicesRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Inside the crediting transaction: takes the next number (row lock on the year's counter) and writes the invoice. */
  async issue(tx: Tx, inv: NewInvoice): Promise<Invoice> {
    const year = inv.issuedAt.getUTCFullYear();
    await tx.$executeRaw`INSERT INTO billing.invoice_counters (year, last) VALUES (${year}, 0) ON CONFLICT (year) DO NOTHING`;
    const [{ last }] = await tx.$queryRaw<{ last: number }[]>`UPDATE billing.invoice_counters SET last = last + 1 WHERE year = ${year} RETURNING last`;
    const number = `TG-${year}-${String(last).padStart(6, '0')}`;
    return tx.invoice.create({ data: { ...inv, number, kind: 'top_up' } });
  }

  list(tenantId: TenantId): Promise<Invoice[]> {
    return this.prisma.invoice.findMany({ where: { tenantId }, orderBy: { issuedAt: 'desc' } });
  }

  find(tenantId: TenantId, id: string): Promise<Invoice | null> {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return Promise.resolve(null);
    return this.prisma.invoice.findFirst({ where: { id, tenantId } });
  }
}
