import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { TenantsModule } from '../tenants/tenants.module';
import { MePortalService } from './me-portal.service';
import { PortalResponder } from './portal.responder';
import { PortalUsersController } from './portal-users.controller';
import { PortalUsersRepository } from './portal-users.repository';
import { PortalUsersService } from './portal-users.service';
import { SessionsRepository } from './sessions.repository';
import { SessionsService } from './sessions.service';
import { SettingsRepository } from './settings.repository';
import { SettingsService } from './settings.service';
import { SignInLimiter } from './sign-in-limiter';
import { TeamRepository } from './team.repository';
import { TeamService } from './team.service';

/** Customer-portal identity: users, invites, sessions; the /me team, settings and audit log (auth.portal.me.v1). */
@Module({
  imports: [TenantsModule, AuditModule],
  controllers: [PortalUsersController, PortalResponder],
  providers: [
    PortalUsersRepository,
    PortalUsersService,
    SessionsRepository,
    SessionsService,
    SignInLimiter,
    TeamRepository,
    TeamService,
    SettingsRepository,
    SettingsService,
    MePortalService,
  ],
  exports: [PortalUsersRepository],
})
export class PortalModule {}
