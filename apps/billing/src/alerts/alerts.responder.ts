import { Controller } from '@nestjs/common';
import type { HandledRequestOf, MeWebhooksReply } from '@tollgate/contracts';
import { BusRequest, Responds } from '@tollgate/messaging';
import { MeWebhooksService } from './me-webhooks.service';

/** billing.me.webhooks.v1 (queue group `billing`): /me/webhooks through the gateway; the tenant comes from the caller's credential. */
@Controller()
export class AlertsResponder {
  constructor(private readonly meWebhooks: MeWebhooksService) {}

  @Responds('meWebhooks')
  handle(@BusRequest('meWebhooks') req: HandledRequestOf<'meWebhooks'>): Promise<MeWebhooksReply> {
    return this.meWebhooks.answer(req);
  }
}
