import { Module } from '@nestjs/common';
import { PricesModule } from '../prices/prices.module';
import { TenantTiersController } from './tenant-tiers.controller';
import { TiersController } from './tiers.controller';
import { TiersRepository } from './tiers.repository';
import { TiersService } from './tiers.service';

@Module({
  imports: [PricesModule],
  controllers: [TiersController, TenantTiersController],
  providers: [TiersRepository, TiersService],
})
export class TiersModule {}
