import { Module } from '@nestjs/common';
import { BillingProfilesModule } from '../profiles/billing-profiles.module';
import { StatementsController } from './statements.controller';
import { StatementsRepository } from './statements.repository';
import { StatementsService } from './statements.service';

@Module({
  imports: [BillingProfilesModule],
  controllers: [StatementsController],
  providers: [StatementsRepository, StatementsService],
  exports: [StatementsRepository, StatementsService],
})
export class StatementsModule {}
