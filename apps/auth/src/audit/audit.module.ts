import { Module } from '@nestjs/common';
import { TenantsModule } from '../tenants/tenants.module';
import { AuditController } from './audit.controller';
import { AuditFeedService } from './audit-feed.service';
import { AuditRepository } from './audit.repository';
import { AuditService } from './audit.service';

@Module({
  imports: [TenantsModule],
  controllers: [AuditController],
  providers: [AuditService, AuditRepository, AuditFeedService],
  exports: [AuditFeedService],
})
export class AuditModule {}
