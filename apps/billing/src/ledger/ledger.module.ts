import { Module } from '@nestjs/common';
import { CreditSyncService } from './credit-sync.service';
import { LedgerController } from './ledger.controller';
import { LedgerRepository } from './ledger.repository';
import { LedgerService } from './ledger.service';

@Module({
  controllers: [LedgerController],
  providers: [LedgerRepository, LedgerService, CreditSyncService],
  exports: [LedgerRepository, LedgerService, CreditSyncService],
})
export class LedgerModule {}
