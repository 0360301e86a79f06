import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AdminGuard } from '@tollgate/server';
import { CatalogAdminService, ProviderView, RouteView } from './catalog-admin.service';
import { CreateProviderDto, PutRouteDto } from './catalog.dto';

@ApiTags('catalog')
@ApiBearerAuth()
@UseGuards(AdminGuard)
@Controller('admin')
export class CatalogAdminController {
  constructor(private readonly admin: CatalogAdminService) {}

  @Post('providers')
  createProvider(@Body() body: CreateProviderDto): Promise<ProviderView> {
    return this.admin.createProvider(body);
  }

  @Get('providers')
  listProviders(): Promise<ProviderView[]> {
    return this.admin.listProviders();
  }

  @Post('tenants/:tenantId/models')
  @HttpCode(201)
  addRoute(@Param('tenantId') tenantId: string, @Body() body: PutRouteDto): Promise<RouteView> {
    return this.admin.putRoute(tenantId, body);
  }

  @Put('tenants/:tenantId/models')
  putRoute(@Param('tenantId') tenantId: string, @Body() body: PutRouteDto): Promise<RouteView> {
    return this.admin.putRoute(tenantId, body);
  }

  @Get('tenants/:tenantId/models')
  listRoutes(@Param('tenantId') tenantId: string): Promise<RouteView[]> {
    return this.admin.listRoutes(tenantId);
  }

  @Delete('tenants/:tenantId/models/:model')
  @HttpCode(204)
  async deleteRoute(@Param('tenantId') tenantId: string, @Param('model') model: string): Promise<void> {
    await this.admin.deleteRoute(tenantId, model);
  }
}
