import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AdminGuard } from '@tollgate/server';
import { actorOf, AdminRequest } from '@tollgate/server';
import { CreatedKeyView, KeyView } from './key.view';
import { CreateKeyDto, ProviderPolicyDto, RotateKeyDto, UpdateKeyDto } from './keys.dto';
import { KeysService } from './keys.service';
import type { TenantId } from '@tollgate/contracts';
import { TenantIdPipe } from '../tenants/tenant-id.pipe';

@ApiTags('keys')
@ApiBearerAuth()
@UseGuards(AdminGuard)
@Controller('admin')
export class KeysController {
  constructor(private readonly keys: KeysService) {}

  @Post('tenants/:tenantId/keys')
  create(@Param('tenantId', TenantIdPipe) tenantId: TenantId, @Body() body: CreateKeyDto, @Req() req: AdminRequest): Promise<CreatedKeyView> {
    return this.keys.create(tenantId, body, actorOf(req));
  }

  @Get('tenants/:tenantId/keys')
  list(@Param('tenantId', TenantIdPipe) tenantId: TenantId): Promise<KeyView[]> {
    return this.keys.list(tenantId);
  }

  @Post('keys/:keyId/rotate')
  rotate(@Param('keyId') keyId: string, @Body() body: RotateKeyDto, @Req() req: AdminRequest): Promise<CreatedKeyView> {
    return this.keys.rotate(keyId, body.gracePeriodSeconds ?? 0, actorOf(req));
  }

  /** The key's provider allow-list (empty = any); every gateway drops its cached principal. */
  @Put('keys/:keyId/provider-policy')
  setProviders(@Param('keyId') keyId: string, @Body() body: ProviderPolicyDto, @Req() req: AdminRequest): Promise<KeyView> {
    return this.keys.setProviders(keyId, body.providers, actorOf(req));
  }

  /** Label and/or budget; a budget change drops the key's cached principal on every gateway. */
  @Patch('keys/:keyId')
  async update(@Param('keyId') keyId: string, @Body() body: UpdateKeyDto, @Req() req: AdminRequest): Promise<KeyView> {
    const { label, budgetMicros, budgetPeriod, budgetAlertPercent } = body;
    return this.keys.update(keyId, { label, budget: { micros: budgetMicros, period: budgetPeriod, alertPercent: budgetAlertPercent } }, actorOf(req));
  }

  @Post('keys/:keyId/revoke')
  @HttpCode(200)
  revoke(@Param('keyId') keyId: string, @Req() req: AdminRequest): Promise<KeyView> {
    return this.keys.revoke(keyId, actorOf(req));
  }

  @Delete('keys/:keyId')
  @HttpCode(204)
  async remove(@Param('keyId') keyId: string, @Req() req: AdminRequest): Promise<void> {
    await this.keys.delete(keyId, actorOf(req));
  }
}
