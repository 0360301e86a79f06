import { Body, Controller, Delete, Get, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isStorableText } from '@tollgate/contracts';
import { z } from 'zod';
import { GatewayErrors } from '../errors/gateway.error';
import { CsrfGuard } from './csrf.guard';
import { MeSessionService, SIGN_IN_FAILED } from './me-session.service';

/** Text no account can hold (NUL, an unpaired surrogate) signs no one in: the same 401 as a wrong password. */
export const SignInBody = z
  .object({ email: z.string().min(1).max(320).refine(isStorableText), password: z.string().min(1).max(1024).refine(isStorableText) })
  .strict();

/** Portal sessions: sign in (cookie), who am I, sign out. State-changing routes pass the CSRF check. */
@Controller('me/session')
export class MeSessionController {
  constructor(private readonly sessions: MeSessionService) {}

  @Post()
  @HttpCode(201)
  @UseGuards(CsrfGuard)
  async signIn(@Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply, @Body() body: unknown) {
    const parsed = SignInBody.safeParse(body ?? {});
    if (!parsed.success) throw GatewayErrors.invalidCredentials(SIGN_IN_FAILED);
    const signedIn = await this.sessions.signIn(parsed.data, req.ip, this.sessions.secure(req.protocol === 'https'));
    void reply.header('set-cookie', signedIn.cookie).header('cache-control', 'no-store');
    return signedIn.body;
  }

  @Get()
  current(@Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    void reply.header('cache-control', 'no-store');
    return this.sessions.current(req.headers.cookie);
  }

  @Delete()
  @HttpCode(204)
  @UseGuards(CsrfGuard)
  async signOut(@Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    void reply.header('set-cookie', await this.sessions.signOut(req.headers.cookie, this.sessions.secure(req.protocol === 'https')));
  }
}
