import { Injectable } from '@nestjs/common';
import type { MeCaller } from './me-caller';
import { MePortalClient, portalActorOf } from './me-portal.client';
import { parseBody } from './parse-body';
import {
  InviteBody,
  PublicInvite,
  PublicMember,
  PublicMemberList,
  PublicReset,
  RoleBody,
  toPublicInvite,
  toPublicMember,
  toPublicMemberList,
  toPublicReset,
} from './me-team.mapper';

/** An owner's team management, forwarded to auth (which owns portal users) as the signed-in owner. */
@Injectable()
export class MeTeamService {
  constructor(private readonly portal: MePortalClient) {}

  async list(caller: MeCaller): Promise<PublicMemberList> {
    return toPublicMemberList(await this.portal.run({ op: 'users.list', actor: portalActorOf(caller) }));
  }

  async invite(caller: MeCaller, body: unknown): Promise<PublicInvite> {
    const { email, role } = parseBody(InviteBody, body);
    return toPublicInvite(await this.portal.run({ op: 'users.invite', actor: portalActorOf(caller), email, role }));
  }

  async setRole(caller: MeCaller, userId: string, body: unknown): Promise<PublicMember> {
    const { role } = parseBody(RoleBody, body);
    return toPublicMember(await this.portal.run({ op: 'users.set_role', actor: portalActorOf(caller), userId, role }));
  }

  async remove(caller: MeCaller, userId: string): Promise<void> {
    await this.portal.run({ op: 'users.remove', actor: portalActorOf(caller), userId });
  }

  async reset(caller: MeCaller, userId: string): Promise<PublicReset> {
    return toPublicReset(await this.portal.run({ op: 'users.reset', actor: portalActorOf(caller), userId }));
  }
}
