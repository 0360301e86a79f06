import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Subscription } from 'nats';
import { SpanKind } from '@opentelemetry/api';
import { Subjects } from '@tollgate/contracts';
import { Bus, BusError } from '@tollgate/messaging';
import { inSpan, SpanOptions } from '@tollgate/server';
import { KeysMetrics } from './keys.metrics';
import { VerifyService } from './verify.service';

const VERIFY_SUBJECT = Subjects.keysVerify;
/** A span per verification, child of the requester's (the gateway's request span, from the message's W3C headers). */
const VERIFY_SPAN: SpanOptions = { kind: SpanKind.SERVER, attributes: { 'messaging.system': 'nats', 'messaging.destination.name': VERIFY_SUBJECT, 'messaging.operation.type': 'process' } };

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
    this.sub = this.bus.respond('keysVerify', 'auth', (req) => inSpan('tollgate-auth', `${VERIFY_SUBJECT} process`, VERIFY_SPAN, () => this.metrics.timeVerification(() => this.verify.verify(req.digest))), (err) => {
      // A request that is not a verify request never reaches the handler: counted here.
      if (err instanceof BusError && err.code === 'bad_message') this.metrics.verified('invalid');
      this.logger.error({ err }, 'verify request failed');
    });
  }

  onApplicationShutdown(): void {
    this.sub?.unsubscribe();
  }
}
