import { Global, Module } from '@nestjs/common';
import { ADMIN_VERIFIER } from '@tollgate/server';
import { SignInLimiter } from '../portal/sign-in-limiter';
import { AdminSessionController } from './admin-session.controller';
import { AdminSessionsService } from './admin-sessions.service';
import { AdminsController } from './admins.controller';
import { AdminsRepository } from './admins.repository';
import { AdminsResponder } from './admins.responder';
import { AdminsService } from './admins.service';

/**
 * Admin identity: accounts, sign-in, sessions. Global because every admin controller's AdminGuard
 * verifies sessions through ADMIN_VERIFIER (here: the sessions table itself, no cache).
 */
@Global()
@Module({
  controllers: [AdminsController, AdminSessionController, AdminsResponder],
  providers: [AdminsRepository, AdminsService, AdminSessionsService, SignInLimiter, { provide: ADMIN_VERIFIER, useExisting: AdminSessionsService }],
  exports: [ADMIN_VERIFIER],
})
export class AdminsModule {}
