import { Body, Controller, Delete, Get, HttpCode, Param, Post, Req, UseGuards } from '@nestjs/common';
import { MeAuthGuard, MeSessionOnly } from './me-auth.guard';
import type { MeRequest } from './me-caller';
import { MeSettingsService } from './me-settings.service';

/** The signed-in user's settings: any role, but only a portal session (no scope would keep an API key out). */
@UseGuards(MeAuthGuard)
@MeSessionOnly()
@Controller('me')
export class MeSettingsController {
  constructor(private readonly settings: MeSettingsService) {}

  @Get('sessions')
  sessions(@Req() req: MeRequest) {
    return this.settings.sessions(req.caller);
  }

  @Delete('sessions/:sessionId')
  @HttpCode(204)
  async revokeSession(@Req() req: MeRequest, @Param('sessionId') sessionId: string): Promise<void> {
    await this.settings.revokeSession(req.caller, sessionId);
  }

  @Post('password')
  @HttpCode(204)
  async changePassword(@Req() req: MeRequest, @Body() body: unknown): Promise<void> {
    await this.settings.changePassword(req.caller, body);
  }
}
