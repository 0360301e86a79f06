import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiQuery, ApiTags } from '@nestjs/swagger';
import { AdminGuard } from '@tollgate/server';
import { AUDIT_DEFAULT_LIMIT, AUDIT_MAX_LIMIT, CatalogAuditPage, CatalogAuditService } from './catalog-audit.service';

class CatalogAuditEventDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ example: 'admin:ops@example.com', description: '`admin` for the bootstrap token, `admin:<email>` for an admin session.' }) actor!: string;
  @ApiProperty({ enum: ['provider.created', 'provider.updated', 'provider.deleted', 'route.put', 'targets.put', 'route.deleted'] }) action!: string;
  @ApiPropertyOptional({ format: 'uuid', nullable: true, description: 'The tenant of a route change; null for providers (installation-wide).' }) tenantId!:
    string | null;
  @ApiProperty({ description: "The provider's id, or the route's model." }) target!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'Providers: name, kind, baseUrl, credentialSet (never the credential). Routes: targets and previousTargets.',
  })
  details!: unknown;
}

class CatalogAuditPageDto {
  @ApiProperty({ type: [CatalogAuditEventDto] }) data!: CatalogAuditEventDto[];
  @ApiProperty({ nullable: true, type: String, description: 'Pass as `before` for the next, older page; null on the last page.' }) nextBefore!: string | null;
}

@ApiTags('catalog')
@ApiBearerAuth()
@UseGuards(AdminGuard)
@Controller('admin/audit')
export class CatalogAuditController {
  constructor(private readonly audit: CatalogAuditService) {}

  /** Who changed providers (and their upstream credentials), routes and targets, newest first. */
  @Get()
  @ApiQuery({ name: 'tenant_id', required: false, description: "Only this tenant's route changes." })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: AUDIT_MAX_LIMIT, default: AUDIT_DEFAULT_LIMIT } })
  @ApiQuery({ name: 'before', required: false, description: "The previous page's `nextBefore` (an event id), or an ISO time: only older events." })
  @ApiOkResponse({ type: CatalogAuditPageDto })
  @ApiBadRequestResponse({ description: 'A malformed tenant_id, limit or before.' })
  list(@Query('tenant_id') tenantId?: string, @Query('limit') limit?: string, @Query('before') before?: string): Promise<CatalogAuditPage> {
    return this.audit.list({ tenantId, limit, before });
  }
}
