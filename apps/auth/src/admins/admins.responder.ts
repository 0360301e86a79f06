import { Controller } from '@nestjs/common';
import type { AnswerOf, HandledRequestOf } from '@tollgate/contracts';
import { BusRequest, Responds } from '@tollgate/messaging';
import { AdminSessionsService } from './admin-sessions.service';

/** auth.admins.verify.v1 (queue group `auth`): billing and the gateways check admin sessions here. */
@Controller()
export class AdminsResponder {
  constructor(private readonly sessions: AdminSessionsService) {}

  @Responds('adminsVerify')
  async handle(@BusRequest('adminsVerify') req: HandledRequestOf<'adminsVerify'>): Promise<AnswerOf<'adminsVerify'>> {
    const admin = await this.sessions.verify(req.digest);
    return admin ? { ok: true, admin } : { ok: false };
  }
}
