import { Injectable } from '@nestjs/common';
import { actorOf, MeCaller } from './me-caller';
import { auditQuery, PublicAuditPage, toPublicAuditPage } from './me-audit.mapper';
import { MePortalClient } from './me-portal.client';

/** The tenant's audit log from auth, with actors and targets named there. */
@Injectable()
export class MeAuditService {
  constructor(private readonly portal: MePortalClient) {}

  async page(caller: MeCaller, query: Record<string, string>): Promise<PublicAuditPage> {
    const { cursor, limit } = auditQuery(query);
    return toPublicAuditPage(await this.portal.run({ op: 'audit.list', actor: actorOf(caller), cursor, limit }));
  }
}
