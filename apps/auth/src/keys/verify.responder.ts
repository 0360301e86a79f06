import { type ArgumentsHost, Catch, Controller, Logger, type RpcExceptionFilter, UseFilters } from '@nestjs/common';
import { SpanKind } from '@opentelemetry/api';
import type { Observable } from 'rxjs';
import { type HandledRequestOf, Subjects, type VerifyKeyReply } from '@tollgate/contracts';
import { BusError, busErrorAnswer, BusRequest, Responds } from '@tollgate/messaging';
import { inSpan, SpanOptions } from '@tollgate/server';
import { KeysMetrics } from './keys.metrics';
import { VerifyService } from './verify.service';

const VERIFY_SUBJECT = Subjects.keysVerify;
/** A span per verification, child of the requester's (the gateway's request span, from the message's W3C headers). */
const VERIFY_SPAN: SpanOptions = {
  kind: SpanKind.SERVER,
  attributes: { 'messaging.system': 'nats', 'messaging.destination.name': VERIFY_SUBJECT, 'messaging.operation.type': 'process' },
};

/** A request that is not a verify request never reaches the handler: counted here, then answered `bad_message`. */
@Catch()
export class VerifyErrorsFilter implements RpcExceptionFilter {
  private readonly logger = new Logger('VerifyResponder');

  constructor(private readonly metrics: KeysMetrics) {}

  catch(exception: unknown, host: ArgumentsHost): Observable<never> {
    if (exception instanceof BusError && exception.code === 'bad_message') this.metrics.verified('invalid');
    return busErrorAnswer(exception, host, this.logger);
  }
}

/** auth.keys.verify.v1 in queue group `auth` (replicas share the load): digest in, principal or a reason out. */
@Controller()
@UseFilters(VerifyErrorsFilter)
export class VerifyResponder {
  constructor(
    private readonly verify: VerifyService,
    private readonly metrics: KeysMetrics,
  ) {}

  @Responds('keysVerify')
  handle(@BusRequest('keysVerify') req: HandledRequestOf<'keysVerify'>): Promise<VerifyKeyReply> {
    return inSpan('tollgate-auth', `${VERIFY_SUBJECT} process`, VERIFY_SPAN, () => this.metrics.timeVerification(() => this.verify.verify(req.digest)));
  }
}
