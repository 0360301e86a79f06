import { Module } from '@nestjs/common';
import { InvoicesModule } from '../invoices/invoices.module';
import { LedgerModule } from '../ledger/ledger.module';
import { PaymentsRepository } from './payments.repository';
import { WebhooksController } from './webhooks.controller';
import { WebhooksService } from './webhooks.service';

@Module({
  imports: [LedgerModule, InvoicesModule],
  controllers: [WebhooksController],
  providers: [PaymentsRepository, WebhooksService],
})
export class WebhooksModule {}
