import { Injectable } from '@nestjs/common';
import type { MeCaller } from './me-caller';
import { MePortalClient, portalActorOf } from './me-portal.client';
import { PasswordBody, PublicSessionList, toPublicSessionList } from './me-settings.mapper';
import { parseBody } from './parse-body';

/** The signed-in user's own sessions and password, forwarded to auth. */
@Injectable()
export class MeSettingsService {
  constructor(private readonly portal: MePortalClient) {}

  async sessions(caller: MeCaller): Promise<PublicSessionList> {
    return toPublicSessionList(await this.portal.run({ op: 'sessions.list', actor: portalActorOf(caller) }));
  }

  async revokeSession(caller: MeCaller, sessionId: string): Promise<void> {
    await this.portal.run({ op: 'sessions.revoke', actor: portalActorOf(caller), sessionId });
  }

  /** Every other session of the user ends; this one stays signed in. */
  async changePassword(caller: MeCaller, body: unknown): Promise<void> {
    const { current_password, new_password } = parseBody(PasswordBody, body);
    await this.portal.run({ op: 'password.change', actor: portalActorOf(caller), currentPassword: current_password, newPassword: new_password });
  }
}
