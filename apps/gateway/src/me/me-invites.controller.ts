import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { isStorableText, UNSTORABLE_TEXT } from '@tollgate/contracts';
import { z } from 'zod';
import { GatewayError, GatewayErrors } from '../errors/gateway.error';
import { CsrfGuard } from './csrf.guard';
import { PortalClient } from './portal-client';
import { PublicPortalUser, toPublicUser } from './session-cookie';

export const AcceptBody = z
  .object({ token: z.string().min(1).max(200), password: z.string().max(1024).refine(isStorableText, `password ${UNSTORABLE_TEXT}`) })
  .strict();

/** An invited portal user sets a password with the one-time token from the invite link. */
@UseGuards(CsrfGuard)
@Controller('me/invites')
export class MeInvitesController {
  constructor(private readonly portal: PortalClient) {}

  @Post('accept')
  @HttpCode(200)
  async accept(@Body() body: unknown): Promise<{ user: PublicPortalUser }> {
    const parsed = AcceptBody.safeParse(body ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      if (issue.code === 'custom') throw GatewayErrors.invalidRequest(issue.message, { param: 'password' });
      throw GatewayErrors.invalidRequest('The body must be {"token", "password"}.');
    }
    const res = await this.portal.ask('invitesAccept', parsed.data);
    if (!res.ok) throw new GatewayError({ code: res.code, message: res.message, param: res.code === 'weak_password' ? 'password' : 'token' });
    return { user: toPublicUser(res.user) };
  }
}
