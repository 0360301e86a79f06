import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Subscription } from 'nats';
import { Bus } from '@tollgate/messaging';
import { MeKeysService } from './me-keys.service';

/** NATS responder for auth.me.keys.v1 (queue group `auth`): the gateway's /me/keys. */
@Injectable()
export class MeKeysResponder implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('MeKeysResponder');
  private sub?: Subscription;

  constructor(
    private readonly bus: Bus,
    private readonly meKeys: MeKeysService,
  ) {}

  onApplicationBootstrap(): void {
    this.sub = this.bus.respond('meKeys', 'auth', (req) => this.meKeys.handle(req), (err) => this.logger.error({ err }, 'me-keys request failed'));
  }

  onApplicationShutdown(): void {
    this.sub?.unsubscribe();
  }
}
