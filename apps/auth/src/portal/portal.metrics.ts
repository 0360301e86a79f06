import { Inject, Injectable } from '@nestjs/common';
import { Counter, Registry } from 'prom-client';
import type { SessionCreateReply } from '@tollgate/contracts';
import { METRICS_REGISTRY } from '../metrics/registry';

/** Customer-portal sign-ins (auth.sessions.create.v1, from the gateway's /me/session). */
@Injectable()
export class PortalMetrics {
  private readonly signIns: Counter<'outcome'>;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    this.signIns = new Counter({
      name: 'tollgate_portal_sign_ins_total',
      help: 'Portal sign-ins by outcome: success, invalid_credentials, rate_limited, error.',
      labelNames: ['outcome'],
      registers: [registry],
    });
  }

  /** Counts one sign-in by its reply (or its failure); the reply passes through. */
  async signIn(attempt: () => Promise<SessionCreateReply>): Promise<SessionCreateReply> {
    try {
      const reply = await attempt();
      this.signIns.inc({ outcome: reply.ok ? 'success' : reply.code });
      return reply;
    } catch (err) {
      this.signIns.inc({ outcome: 'error' });
      throw err;
    }
  }
}
