import { Module } from '@nestjs/common';
import { TenantsModule } from '../tenants/tenants.module';
import { KeysController } from './keys.controller';
import { KeysRepository } from './keys.repository';
import { KeysService } from './keys.service';
import { RevocationsService } from './revocations.service';
import { VerifyResponder } from './verify.responder';
import { VerifyService } from './verify.service';

@Module({
  imports: [TenantsModule],
  controllers: [KeysController],
  providers: [KeysService, KeysRepository, RevocationsService, VerifyService, VerifyResponder],
})
export class KeysModule {}
