import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Subscription } from 'nats';
import { Bus } from '@tollgate/messaging';
import { MePortalService } from './me-portal.service';
import { PortalMetrics } from './portal.metrics';
import { PortalUsersService } from './portal-users.service';
import { SessionsService } from './sessions.service';

/** NATS responders (queue group `auth`) for the gateway's /me/session, invite acceptance, and /me team, settings and audit log. */
@Injectable()
export class PortalResponder implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('PortalResponder');
  private subs: Subscription[] = [];

  constructor(
    private readonly bus: Bus,
    private readonly sessions: SessionsService,
    private readonly users: PortalUsersService,
    private readonly me: MePortalService,
    private readonly metrics: PortalMetrics,
  ) {}

  onApplicationBootstrap(): void {
    const onError = (err: unknown) => this.logger.error({ err }, 'portal request failed');
    this.subs = [
      this.bus.respond('sessionsCreate', 'auth', (req) => this.metrics.signIn(() => this.sessions.signIn(req)), onError),
      this.bus.respond('sessionsVerify', 'auth', (req) => this.sessions.verify(req.digest), onError),
      this.bus.respond('sessionsRevoke', 'auth', (req) => this.sessions.revoke(req.digest), onError),
      this.bus.respond('invitesAccept', 'auth', (req) => this.users.acceptInvite(req.token, req.password), onError),
      this.bus.respond('portalMe', 'auth', (req) => this.me.handle(req), onError),
    ];
  }

  onApplicationShutdown(): void {
    for (const sub of this.subs) sub.unsubscribe();
  }
}
