import { Module } from '@nestjs/common';
import { InvoicesModule } from '../invoices/invoices.module';
import { LedgerModule } from '../ledger/ledger.module';
import { PricesModule } from '../prices/prices.module';
import { BillingProfilesModule } from '../profiles/billing-profiles.module';
import { StatementsModule } from '../statements/statements.module';
import { TopUpsModule } from '../top-ups/top-ups.module';
import { UsageModule } from '../usage/usage.module';
import { BillingResponder } from './billing.responder';

@Module({
  imports: [LedgerModule, UsageModule, StatementsModule, InvoicesModule, PricesModule, TopUpsModule, BillingProfilesModule],
  controllers: [BillingResponder],
})
export class RespondersModule {}
