import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { EdgeModule } from '../edge/edge.module';
import type { Overrides } from '../infra/overrides';
import { HoldKeeper } from './hold-keeper';
import { MeteringService } from './metering.service';
import { PricesService } from './prices.service';
import { UsagePublisher } from './usage.publisher';

/**
 * What a call costs and who is told: the price snapshot, the hold a call places, settling it
 * (with the edge's budget counters) and publishing usage to billing over JetStream.
 * PricesService owns the price snapshot's refresh: loaded at start, refreshed on
 * billing.prices.changed.v1 (every instance, within a second) and every CATALOG_REFRESH_MS.
 */
@Module({})
export class MeteringModule {
  static register(overrides: Overrides): DynamicModule {
    return overrides.module(MeteringModule, () => ({
      imports: [EdgeModule.register(overrides)],
      providers: [PricesService, MeteringService, UsagePublisher, HoldKeeper],
      exports: [PricesService, MeteringService, UsagePublisher, HoldKeeper],
    }));
  }
}
