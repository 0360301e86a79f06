import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, Req, UseGuards } from '@nestjs/common';
import { MeAuthGuard, MeScope } from './me-auth.guard';
import type { MeRequest } from './me-caller';
import { MeWebhooksService } from './me-webhooks.service';

/** The tenant's alert webhooks: read with `billing:read`, changed with `billing:write`; snake_case. */
@UseGuards(MeAuthGuard)
@Controller('me/webhooks')
export class MeWebhooksController {
  constructor(private readonly webhooks: MeWebhooksService) {}

  @Get()
  @MeScope('billing:read')
  list(@Req() req: MeRequest) {
    return this.webhooks.list(req.caller);
  }

  @Post()
  @HttpCode(201)
  @MeScope('billing:write')
  create(@Req() req: MeRequest, @Body() body: unknown) {
    return this.webhooks.create(req.caller, body);
  }

  @Get('settings')
  @MeScope('billing:read')
  settings(@Req() req: MeRequest) {
    return this.webhooks.settings(req.caller);
  }

  @Put('settings')
  @MeScope('billing:write')
  putSettings(@Req() req: MeRequest, @Body() body: unknown) {
    return this.webhooks.putSettings(req.caller, body);
  }

  @Patch(':endpointId')
  @MeScope('billing:write')
  update(@Req() req: MeRequest, @Param('endpointId') endpointId: string, @Body() body: unknown) {
    return this.webhooks.update(req.caller, endpointId, body);
  }

  @Delete(':endpointId')
  @HttpCode(204)
  @MeScope('billing:write')
  async remove(@Req() req: MeRequest, @Param('endpointId') endpointId: string): Promise<void> {
    await this.webhooks.remove(req.caller, endpointId);
  }

  @Post(':endpointId/rotate-secret')
  @HttpCode(200)
  @MeScope('billing:write')
  rotate(@Req() req: MeRequest, @Param('endpointId') endpointId: string) {
    return this.webhooks.rotate(req.caller, endpointId);
  }

  @Post(':endpointId/test')
  @HttpCode(202)
  @MeScope('billing:write')
  test(@Req() req: MeRequest, @Param('endpointId') endpointId: string) {
    return this.webhooks.test(req.caller, endpointId);
  }

  @Get(':endpointId/deliveries')
  @MeScope('billing:read')
  deliveries(@Req() req: MeRequest, @Param('endpointId') endpointId: string, @Query('limit') limit?: string) {
    return this.webhooks.deliveries(req.caller, endpointId, limit);
  }
}
