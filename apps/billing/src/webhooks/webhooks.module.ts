import { Module } from '@nestjs/common';
import { InvoicesModule } from '../invoices/invoices.module';
import { LedgerModule } from '../ledger/ledger.module';
import { PaymentCredits } from './payment-credits';
import { PaymentReviewService } from './payment-review.service';
import { PaymentsController } from './payments.controller';
import { PaymentsRepository } from './payments.repository';
import { WebhooksController } from './webhooks.controller';
import { WebhooksService } from './webhooks.service';

@Module({
  imports: [LedgerModule, InvoicesModule],
  controllers: [WebhooksController, PaymentsController],
  providers: [PaymentsRepository, PaymentCredits, WebhooksService, PaymentReviewService],
})
export class WebhooksModule {}
