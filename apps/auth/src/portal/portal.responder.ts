import { Controller } from '@nestjs/common';
import type { AnswerOf, HandledRequestOf, PortalMeReply } from '@tollgate/contracts';
import { BusRequest, Responds } from '@tollgate/messaging';
import { MePortalService } from './me-portal.service';
import { PortalMetrics } from './portal.metrics';
import { PortalUsersService } from './portal-users.service';
import { SessionsService } from './sessions.service';

/** Queue group `auth`: the gateway's /me/session, invite acceptance, and /me team, settings and audit log. */
@Controller()
export class PortalResponder {
  constructor(
    private readonly sessions: SessionsService,
    private readonly users: PortalUsersService,
    private readonly me: MePortalService,
    private readonly metrics: PortalMetrics,
  ) {}

  @Responds('sessionsCreate')
  signIn(@BusRequest('sessionsCreate') req: HandledRequestOf<'sessionsCreate'>): Promise<AnswerOf<'sessionsCreate'>> {
    return this.metrics.signIn(() => this.sessions.signIn(req));
  }

  @Responds('sessionsVerify')
  verify(@BusRequest('sessionsVerify') req: HandledRequestOf<'sessionsVerify'>): Promise<AnswerOf<'sessionsVerify'>> {
    return this.sessions.verify(req.digest);
  }

  @Responds('sessionsRevoke')
  revoke(@BusRequest('sessionsRevoke') req: HandledRequestOf<'sessionsRevoke'>): Promise<AnswerOf<'sessionsRevoke'>> {
    return this.sessions.revoke(req.digest);
  }

  @Responds('invitesAccept')
  acceptInvite(@BusRequest('invitesAccept') req: HandledRequestOf<'invitesAccept'>): Promise<AnswerOf<'invitesAccept'>> {
    return this.users.acceptInvite(req.token, req.password);
  }

  @Responds('portalMe')
  portalMe(@BusRequest('portalMe') req: HandledRequestOf<'portalMe'>): Promise<PortalMeReply> {
    return this.me.handle(req);
  }
}
