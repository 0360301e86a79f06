import { Controller } from '@nestjs/common';
import type { HandledRequestOf, MeKeysReply } from '@tollgate/contracts';
import { BusRequest, Responds } from '@tollgate/messaging';
import { MeKeysService } from './me-keys.service';

/** auth.me.keys.v1 (queue group `auth`): the gateway's /me/keys. */
@Controller()
export class MeKeysResponder {
  constructor(private readonly meKeys: MeKeysService) {}

  @Responds('meKeys')
  handle(@BusRequest('meKeys') req: HandledRequestOf<'meKeys'>): Promise<MeKeysReply> {
    return this.meKeys.handle(req);
  }
}
