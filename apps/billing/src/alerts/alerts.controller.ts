import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import { actorOf, AdminGuard, AdminRequest, PageLimitPipe } from '@tollgate/server';
import { AlertSettingsDto, CreateWebhookEndpointDto, UpdateWebhookEndpointDto } from './alerts.dto';
import { AlertsService } from './alerts.service';
import type { TenantId } from '@tollgate/contracts';
import { TenantIdPipe } from '../errors/tenant-id.pipe';

/** A tenant's webhook endpoints and alert settings (admin API); the admin is recorded as the actor. */
@ApiTags('alerts')
@ApiBearerAuth()
@UseGuards(AdminGuard)
@Controller('admin/tenants/:tenantId')
export class AlertsController {
  constructor(private readonly alerts: AlertsService) {}

  @Get('webhooks')
  async list(@Param('tenantId', TenantIdPipe) tenantId: TenantId) {
    return { data: await this.alerts.list(tenantId) };
  }

  @Post('webhooks')
  create(@Param('tenantId', TenantIdPipe) tenantId: TenantId, @Body() body: CreateWebhookEndpointDto, @Req() req: AdminRequest) {
    return this.alerts.create(tenantId, actorOf(req), body);
  }

  @Get('webhooks/:id')
  get(@Param('tenantId', TenantIdPipe) tenantId: TenantId, @Param('id') id: string) {
    return this.alerts.get(tenantId, id);
  }

  @Patch('webhooks/:id')
  update(@Param('tenantId', TenantIdPipe) tenantId: TenantId, @Param('id') id: string, @Body() body: UpdateWebhookEndpointDto, @Req() req: AdminRequest) {
    return this.alerts.update(tenantId, actorOf(req), id, body);
  }

  @Delete('webhooks/:id')
  @HttpCode(204)
  async remove(@Param('tenantId', TenantIdPipe) tenantId: TenantId, @Param('id') id: string, @Req() req: AdminRequest): Promise<void> {
    await this.alerts.remove(tenantId, actorOf(req), id);
  }

  @Post('webhooks/:id/rotate-secret')
  rotate(@Param('tenantId', TenantIdPipe) tenantId: TenantId, @Param('id') id: string, @Req() req: AdminRequest) {
    return this.alerts.rotate(tenantId, actorOf(req), id);
  }

  @Post('webhooks/:id/test')
  test(@Param('tenantId', TenantIdPipe) tenantId: TenantId, @Param('id') id: string, @Req() req: AdminRequest) {
    return this.alerts.test(tenantId, actorOf(req), id);
  }

  @Get('webhooks/:id/deliveries')
  @ApiQuery({ name: 'limit', required: false })
  async deliveries(@Param('tenantId', TenantIdPipe) tenantId: TenantId, @Param('id') id: string, @Query('limit', new PageLimitPipe(50, 200)) limit: number) {
    return { data: await this.alerts.deliveryLog(tenantId, id, limit) };
  }

  @Get('alert-settings')
  settings(@Param('tenantId', TenantIdPipe) tenantId: TenantId) {
    return this.alerts.settings(tenantId);
  }

  @Put('alert-settings')
  putSettings(@Param('tenantId', TenantIdPipe) tenantId: TenantId, @Body() body: AlertSettingsDto, @Req() req: AdminRequest) {
    return this.alerts.putSettings(tenantId, actorOf(req), body.balanceLowThresholdMicros);
  }
}
