import { Module } from '@nestjs/common';
import { BillingProfilesModule } from '../profiles/billing-profiles.module';
import { StatementsModule } from '../statements/statements.module';
import { CreditNotesRepository } from './credit-notes.repository';
import { InvoicesController } from './invoices.controller';
import { InvoicesRepository } from './invoices.repository';
import { InvoicesService } from './invoices.service';

@Module({
  imports: [StatementsModule, BillingProfilesModule],
  controllers: [InvoicesController],
  providers: [InvoicesRepository, CreditNotesRepository, InvoicesService],
  exports: [InvoicesRepository, InvoicesService],
})
export class InvoicesModule {}
