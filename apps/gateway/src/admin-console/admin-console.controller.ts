import { All, Controller, Delete, Get, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CsrfGuard } from '../me/csrf.guard';
import { AdminConsoleProxyService } from './admin-console-proxy.service';
import { AdminConsoleSessionService } from './admin-console-session.service';
import { sendAnswer } from './console-answer';

/**
 * The admin console's same-origin backend (admin port only): sign-in into an HttpOnly cookie, and
 * the admin APIs of auth, billing and this gateway called with the token that cookie holds, so
 * the browser never sees it. Not part of the admin API's OpenAPI document.
 */
@ApiExcludeController()
@Controller('console-api')
export class AdminConsoleController {
  constructor(
    private readonly sessions: AdminConsoleSessionService,
    private readonly proxy: AdminConsoleProxyService,
  ) {}

  @Post('session')
  @UseGuards(CsrfGuard)
  async signIn(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    sendAnswer(reply, await this.sessions.signIn(req.body, this.sessions.secure(req.protocol === 'https'), String(req.id)));
  }

  @Get('session')
  async whoAmI(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    sendAnswer(reply, await this.sessions.whoAmI(req.headers.cookie, this.sessions.secure(req.protocol === 'https'), String(req.id)));
  }

  @Delete('session')
  @UseGuards(CsrfGuard)
  async signOut(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    sendAnswer(reply, await this.sessions.signOut(req.headers.cookie, this.sessions.secure(req.protocol === 'https'), String(req.id)));
  }

  @All('auth/*')
  auth(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.forward(req, reply);
  }

  @All('billing/*')
  billing(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.forward(req, reply);
  }

  @All('gateway/*')
  gateway(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.forward(req, reply);
  }

  private async forward(req: FastifyRequest, reply: FastifyReply): Promise<void> {
    sendAnswer(reply, await this.proxy.forward(req, this.sessions.secure(req.protocol === 'https')));
  }
}
