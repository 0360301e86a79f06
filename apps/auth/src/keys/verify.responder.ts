import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Subscription } from 'nats';
import { Bus } from '@tollgate/messaging';
import { VerifyService } from './verify.service';

/** NATS responder for auth.keys.verify.v1 in queue group `auth`: replicas share the load. */
@Injectable()
export class VerifyResponder implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('VerifyResponder');
  private sub?: Subscription;

  constructor(
    private readonly bus: Bus,
    private readonly verify: VerifyService,
  ) {}

  onApplicationBootstrap(): void {
    this.sub = this.bus.respond('keysVerify', 'auth', (req) => this.verify.verify(req.digest), (err) =>
      this.logger.error({ err }, 'verify request failed'),
    );
  }

  onApplicationShutdown(): void {
    this.sub?.unsubscribe();
  }
}
