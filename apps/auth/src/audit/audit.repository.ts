import { Injectable } from '@nestjs/common';
import { PrismaService } from '../infra/prisma.service';

export interface AuditRow {
  id: string;
  tenantId: string;
  actor: string;
  action: string;
  keyId: string | null;
  details: unknown;
  createdAt: Date;
}

@Injectable()
export class AuditRepository {
  constructor(private readonly prisma: PrismaService) {}

  list(tenantId: string, limit: number, before?: Date): Promise<AuditRow[]> {
    return this.prisma.auditEvent.findMany({
      where: { tenantId, ...(before ? { createdAt: { lt: before } } : {}) },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit,
    });
  }
}
