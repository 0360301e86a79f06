import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Subscription } from 'nats';
import { Bus } from '@tollgate/messaging';
import { AdminSessionsService } from './admin-sessions.service';

/** NATS responder for auth.admins.verify.v1 (queue group `auth`): billing and the gateways check admin sessions here. */
@Injectable()
export class AdminsResponder implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('AdminsResponder');
  private sub?: Subscription;

  constructor(
    private readonly bus: Bus,
    private readonly sessions: AdminSessionsService,
  ) {}

  onApplicationBootstrap(): void {
    this.sub = this.bus.respond(
      'adminsVerify',
      'auth',
      async (req) => {
        const admin = await this.sessions.verify(req.digest);
        return admin ? { ok: true as const, admin } : { ok: false as const };
      },
      (err) => this.logger.error({ err }, 'admin verify request failed'),
    );
  }

  onApplicationShutdown(): void {
    this.sub?.unsubscribe();
  }
}
