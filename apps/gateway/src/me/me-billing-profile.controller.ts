import { Body, Controller, Get, Put, Req, UseGuards } from '@nestjs/common';
import { MeAuthGuard, MeScope } from './me-auth.guard';
import type { MeRequest } from './me-caller';
import { MeBillingProfileService } from './me-billing-profile.service';

/** The customer's billing details (legal name, address, tax id, email) for their documents. */
@UseGuards(MeAuthGuard)
@Controller('me/billing/profile')
export class MeBillingProfileController {
  constructor(private readonly profiles: MeBillingProfileService) {}

  @Get()
  @MeScope('billing:read')
  get(@Req() req: MeRequest) {
    return this.profiles.get(req.caller);
  }

  @Put()
  @MeScope('billing:write')
  put(@Req() req: MeRequest, @Body() body: unknown) {
    return this.profiles.put(req.caller, body);
  }
}
