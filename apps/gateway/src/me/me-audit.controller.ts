import { Controller, Get, Query, Req, UseGuards } from '@nestjs/common';
import { MeAuthGuard, MeScope } from './me-auth.guard';
import type { MeRequest } from './me-caller';
import { MeAuditService } from './me-audit.service';

/** The tenant's audit log, newest first, in cursor pages (`keys:read`: a key with it may read it too). */
@UseGuards(MeAuthGuard)
@Controller('me/audit-log')
export class MeAuditController {
  constructor(private readonly audit: MeAuditService) {}

  @Get()
  @MeScope('keys:read')
  list(@Req() req: MeRequest, @Query() query: Record<string, string>) {
    return this.audit.page(req.caller, query);
  }
}
