import { Module } from '@nestjs/common';
import { AlertRetentionRepository } from './alert-retention.repository';
import { AlertRetentionService } from './alert-retention.service';
import { AlertsConsumer } from './alerts.consumer';
import { AlertsController } from './alerts.controller';
import { AlertsResponder } from './alerts.responder';
import { AlertsService } from './alerts.service';
import { DeliveriesRepository } from './deliveries.repository';
import { DeliveryWorker } from './delivery.worker';
import { EndpointsRepository } from './endpoints.repository';
import { MeWebhooksService } from './me-webhooks.service';

/**
 * Alerts by signed webhook (issue 14): endpoints and settings (admin REST, /me over NATS), alerts
 * from NATS (JetStream `billing-alerts`) and from the ledger (balance.low and payment.credited,
 * raised by database triggers in the transaction that moves the balance), the delivery worker, and
 * the retention job that deletes finished deliveries and old alerts.
 */
@Module({
  controllers: [AlertsController, AlertsResponder],
  providers: [
    AlertsService,
    EndpointsRepository,
    DeliveriesRepository,
    DeliveryWorker,
    AlertsConsumer,
    MeWebhooksService,
    AlertRetentionRepository,
    AlertRetentionService,
  ],
  exports: [AlertsService],
})
export class AlertsModule {}
