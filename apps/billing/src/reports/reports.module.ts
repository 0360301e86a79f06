import { Module } from '@nestjs/common';
import { MarginsController } from './margins.controller';
import { MarginsRepository } from './margins.repository';
import { MarginsService } from './margins.service';

@Module({
  controllers: [MarginsController],
  providers: [MarginsRepository, MarginsService],
})
export class ReportsModule {}
