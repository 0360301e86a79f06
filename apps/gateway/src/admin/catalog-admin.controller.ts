import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { actorOf, AdminGuard, AdminRequest } from '@tollgate/server';
import type { Price } from '@tollgate/contracts';
import { PricesService } from '../metering/prices.service';
import { TargetHealth, TargetHealthView } from '../routing/target-health';
import { CatalogAdminService, ProviderView, RouteView } from './catalog-admin.service';
import { CreateProviderDto, PutRouteDto, PutTargetsDto, UpdateProviderDto } from './catalog.dto';

@ApiTags('catalog')
@ApiBearerAuth()
@UseGuards(AdminGuard)
@Controller('admin')
export class CatalogAdminController {
  constructor(
    private readonly admin: CatalogAdminService,
    private readonly health: TargetHealth,
    private readonly prices: PricesService,
  ) {}

  /** The price list this gateway instance holds credit against (billing owns and edits prices). */
  @Get('prices')
  priceList(): { data: readonly Price[] } {
    return { data: this.prices.all() };
  }

  /** Circuit state and recent error rate of every target this gateway instance has called. */
  @Get('providers/health')
  providerHealth(): { instance: number; targets: TargetHealthView[] } {
    return { instance: process.pid, targets: this.health.view() };
  }

  @Post('providers')
  createProvider(@Body() body: CreateProviderDto, @Req() req: AdminRequest): Promise<ProviderView> {
    return this.admin.createProvider(body, actorOf(req));
  }

  @Get('providers')
  listProviders(): Promise<ProviderView[]> {
    return this.admin.listProviders();
  }

  /** Changes the provider's base URL (validated as on creation; audited; announced); 404 if there is no such provider. */
  @Patch('providers/:id')
  updateProvider(@Param('id') id: string, @Body() body: UpdateProviderDto, @Req() req: AdminRequest): Promise<ProviderView> {
    return this.admin.updateProvider(id, body, actorOf(req));
  }

  /** 204; 409 while a route has it as a target; 404 if there is no such provider. */
  @Delete('providers/:id')
  @HttpCode(204)
  async deleteProvider(@Param('id') id: string, @Req() req: AdminRequest): Promise<void> {
    await this.admin.deleteProvider(id, actorOf(req));
  }

  /** Registers a model for the tenant with one target. */
  @Post('tenants/:tenantId/models')
  @HttpCode(201)
  addRoute(@Param('tenantId') tenantId: string, @Body() body: PutRouteDto, @Req() req: AdminRequest): Promise<RouteView> {
    return this.admin.putRoute(tenantId, body.model, [{ providerId: body.providerId, upstreamModel: body.upstreamModel }], {
      actor: actorOf(req),
      action: 'route.put',
    });
  }

  @Put('tenants/:tenantId/models')
  putRoute(@Param('tenantId') tenantId: string, @Body() body: PutRouteDto, @Req() req: AdminRequest): Promise<RouteView> {
    return this.admin.putRoute(tenantId, body.model, [{ providerId: body.providerId, upstreamModel: body.upstreamModel }], {
      actor: actorOf(req),
      action: 'route.put',
    });
  }

  /** Registers a model or alias with ordered targets: fallback by priority, weighted within one. */
  @Put('tenants/:tenantId/models/:model/targets')
  putTargets(@Param('tenantId') tenantId: string, @Param('model') model: string, @Body() body: PutTargetsDto, @Req() req: AdminRequest): Promise<RouteView> {
    return this.admin.putRoute(tenantId, model, body.targets, { actor: actorOf(req), action: 'targets.put' });
  }

  @Get('tenants/:tenantId/models')
  listRoutes(@Param('tenantId') tenantId: string): Promise<RouteView[]> {
    return this.admin.listRoutes(tenantId);
  }

  @Delete('tenants/:tenantId/models/:model')
  @HttpCode(204)
  async deleteRoute(@Param('tenantId') tenantId: string, @Param('model') model: string, @Req() req: AdminRequest): Promise<void> {
    await this.admin.deleteRoute(tenantId, model, actorOf(req));
  }
}
