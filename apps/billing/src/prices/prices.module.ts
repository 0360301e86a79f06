import { Module } from '@nestjs/common';
import { CostPricesController } from './cost-prices.controller';
import { CostPricesRepository } from './cost-prices.repository';
import { CostPricesService } from './cost-prices.service';
import { PriceSetRepository } from './price-set.repository';
import { PricesController } from './prices.controller';
import { PricesRepository } from './prices.repository';
import { PricesService } from './prices.service';

@Module({
  controllers: [PricesController, CostPricesController],
  providers: [PricesRepository, PriceSetRepository, PricesService, CostPricesRepository, CostPricesService],
  exports: [PricesService],
})
export class PricesModule {}
