import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { TEAM_SCOPE } from '@tollgate/contracts';
import { MeAuthGuard, MeScope, MeSessionOnly } from './me-auth.guard';
import type { MeRequest } from './me-caller';
import { MeTeamService } from './me-team.service';

/** The tenant's portal users, for owners' sessions (`team:manage`); API keys are refused. */
@UseGuards(MeAuthGuard)
@MeSessionOnly()
@MeScope(TEAM_SCOPE)
@Controller('me/users')
export class MeTeamController {
  constructor(private readonly team: MeTeamService) {}

  @Get()
  list(@Req() req: MeRequest) {
    return this.team.list(req.caller);
  }

  /** The answer carries the one-time invite link: never cached. */
  @Post()
  @HttpCode(201)
  invite(@Req() req: MeRequest, @Res({ passthrough: true }) reply: FastifyReply, @Body() body: unknown) {
    void reply.header('cache-control', 'no-store');
    return this.team.invite(req.caller, body);
  }

  @Patch(':userId')
  setRole(@Req() req: MeRequest, @Param('userId') userId: string, @Body() body: unknown) {
    return this.team.setRole(req.caller, userId, body);
  }

  @Delete(':userId')
  @HttpCode(204)
  async remove(@Req() req: MeRequest, @Param('userId') userId: string): Promise<void> {
    await this.team.remove(req.caller, userId);
  }

  @Post(':userId/reset')
  @HttpCode(200)
  reset(@Req() req: MeRequest, @Res({ passthrough: true }) reply: FastifyReply, @Param('userId') userId: string) {
    void reply.header('cache-control', 'no-store');
    return this.team.reset(req.caller, userId);
  }
}
