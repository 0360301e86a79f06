import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module';
import { PricesModule } from '../prices/prices.module';
import { RequestLogsController } from './request-logs.controller';
import { RequestLogsService } from './request-logs.service';
import { UsageConsumer } from './usage.consumer';
import { UsageRepository } from './usage.repository';
import { UsageService } from './usage.service';
import { LostCallsService } from './lost-calls.service';
import { UsageBookingRepository } from './usage-booking.repository';
import { RequestLogRetentionController } from './request-log-retention.controller';
import { RequestLogRetentionRepository } from './request-log-retention.repository';
import { RequestLogRetentionService } from './request-log-retention.service';
import { UsageSummaryRepository } from './usage-summary.repository';
import { UsageSummaryService } from './usage-summary.service';
import { ModelHealthRepository } from './model-health.repository';
import { ModelHealthService } from './model-health.service';

@Module({
  imports: [LedgerModule, PricesModule],
  controllers: [RequestLogsController, RequestLogRetentionController],
  providers: [
    UsageRepository,
    UsageBookingRepository,
    UsageService,
    LostCallsService,
    UsageConsumer,
    RequestLogsService,
    RequestLogRetentionRepository,
    RequestLogRetentionService,
    UsageSummaryRepository,
    UsageSummaryService,
    ModelHealthRepository,
    ModelHealthService,
  ],
  exports: [RequestLogsService, UsageSummaryService, ModelHealthService, UsageConsumer],
})
export class UsageModule {}
