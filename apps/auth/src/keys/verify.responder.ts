import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Subscription } from 'nats';
import { Bus, BusError } from '@tollgate/messaging';
import { KeysMetrics } from './keys.metrics';
import { VerifyService } from './verify.service';

/** NATS responder for auth.keys.verify.v1 in queue group `auth`: replicas share the load. */
@Injectable()
export class VerifyResponder implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('VerifyResponder');
  private sub?: Subscription;

  constructor(
    private readonly bus: Bus,
    private readonly verify: VerifyService,
    private readonly metrics: KeysMetrics,
  ) {}

  onApplicationBootstrap(): void {
    this.sub = this.bus.respond('keysVerify', 'auth', (req) => this.metrics.timeVerification(() => this.verify.verify(req.digest)), (err) => {
      // A request that is not a verify request never reaches the handler: counted here.
      if (err instanceof BusError && err.code === 'bad_message') this.metrics.verified('invalid');
      this.logger.error({ err }, 'verify request failed');
    });
  }

  onApplicationShutdown(): void {
    this.sub?.unsubscribe();
  }
}
