import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Req, UseGuards } from '@nestjs/common';
import { MeAuthGuard, MeScope } from './me-auth.guard';
import type { MeRequest } from './me-caller';
import { MeKeysService } from './me-keys.service';

/** The tenant's keys, for a key with `keys:manage` or a portal user whose role has it; bodies and answers in snake_case. */
@UseGuards(MeAuthGuard)
@Controller('me/keys')
export class MeKeysController {
  constructor(private readonly keys: MeKeysService) {}

  @Get()
  @MeScope('keys:read')
  list(@Req() req: MeRequest) {
    return this.keys.list(req.caller);
  }

  @Post()
  @HttpCode(201)
  @MeScope('keys:manage')
  create(@Req() req: MeRequest, @Body() body: unknown) {
    return this.keys.create(req.caller, body);
  }

  /** A new label and/or the key's budget (budget_micros, budget_period, budget_alert_percent). */
  @Patch(':keyId')
  @MeScope('keys:manage')
  update(@Req() req: MeRequest, @Param('keyId') keyId: string, @Body() body: unknown) {
    return this.keys.update(req.caller, keyId, body);
  }

  @Post(':keyId/rotate')
  @HttpCode(201)
  @MeScope('keys:manage')
  rotate(@Req() req: MeRequest, @Param('keyId') keyId: string, @Body() body: unknown) {
    return this.keys.rotate(req.caller, keyId, body);
  }

  @Post(':keyId/revoke')
  @HttpCode(200)
  @MeScope('keys:manage')
  revoke(@Req() req: MeRequest, @Param('keyId') keyId: string) {
    return this.keys.revoke(req.caller, keyId);
  }

  @Delete(':keyId')
  @HttpCode(204)
  @MeScope('keys:manage')
  async remove(@Req() req: MeRequest, @Param('keyId') keyId: string): Promise<void> {
    await this.keys.remove(req.caller, keyId);
  }
}
