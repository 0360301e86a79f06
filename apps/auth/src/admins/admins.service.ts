import { Injectable, Logger } from '@nestjs/common';
import { Bus } from '@tollgate/messaging';
import { hashPassword, passwordProblem } from '../portal/passwords';
import { AdminsError } from './admins.error';
import { AdminRow, AdminsRepository } from './admins.repository';

export interface AdminView {
  id: string;
  email: string;
  created_at: string;
}

export const adminView = (r: AdminRow): AdminView => ({ id: r.id, email: r.email, created_at: r.createdAt.toISOString() });

/** Admin accounts: add (bootstrap token or a signed-in admin), list, remove (never the last one). */
@Injectable()
export class AdminsService {
  private readonly logger = new Logger('AdminsService');

  constructor(
    private readonly admins: AdminsRepository,
    private readonly bus: Bus,
  ) {}

  async create(spec: { email: string; password: string }, actor: string): Promise<AdminView> {
    const email = spec.email.trim().toLowerCase();
    const problem = passwordProblem(spec.password, email);
    if (problem) throw new AdminsError({ code: 'weak_password', message: problem, param: 'password' });
    const row = await this.admins.create(email, await hashPassword(spec.password), actor);
    if (!row) throw new AdminsError({ code: 'email_taken', message: 'An admin with this email already exists.', param: 'email' });
    return adminView(row);
  }

  async list(): Promise<{ data: AdminView[] }> {
    return { data: (await this.admins.listActive()).map(adminView) };
  }

  /** Disables the admin and ends every session of theirs, in auth at once and in every other service's cache. */
  async remove(id: string, actor: string): Promise<void> {
    const ended = await this.admins.remove(id, actor, new Date());
    await this.announceEnded(ended);
  }

  /** Tells billing and the gateways to drop these sessions now; their caches expire within seconds anyway. */
  async announceEnded(digests: string[]): Promise<void> {
    if (!digests.length) return;
    await this.bus
      .publishConfirmed('adminSessionsEnded', { digests })
      .catch((err: unknown) => this.logger.warn({ err }, 'could not announce ended admin sessions'));
  }
}
