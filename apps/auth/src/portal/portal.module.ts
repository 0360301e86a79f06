import { Module } from '@nestjs/common';
import { TenantsModule } from '../tenants/tenants.module';
import { PortalResponder } from './portal.responder';
import { PortalUsersController } from './portal-users.controller';
import { PortalUsersRepository } from './portal-users.repository';
import { PortalUsersService } from './portal-users.service';
import { SessionsRepository } from './sessions.repository';
import { SessionsService } from './sessions.service';
import { SignInLimiter } from './sign-in-limiter';

/** Customer-portal identity: users, invites, sessions. */
@Module({
  imports: [TenantsModule],
  controllers: [PortalUsersController],
  providers: [PortalUsersRepository, PortalUsersService, SessionsRepository, SessionsService, SignInLimiter, PortalResponder],
  exports: [PortalUsersRepository],
})
export class PortalModule {}
