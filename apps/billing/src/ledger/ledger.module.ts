import { Module } from '@nestjs/common';
import { CreditSyncService } from './credit-sync.service';
import { LedgerController } from './ledger.controller';
import { LedgerRepository } from './ledger.repository';
import { TenantDirectory } from './tenant-directory';
import { LedgerService } from './ledger.service';

@Module({
  controllers: [LedgerController],
  providers: [LedgerRepository, LedgerService, CreditSyncService, TenantDirectory],
  exports: [LedgerRepository, LedgerService, CreditSyncService, TenantDirectory],
})
export class LedgerModule {}
