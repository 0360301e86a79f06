import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import type { Overrides } from '../infra/overrides';
import { MeteringModule } from '../metering/metering.module';
import { Drain } from './drain';
import { HealthController } from './health.controller';

/** Liveness and readiness (Redis, NATS, the price list, no drain started). */
@Module({})
export class HealthModule {
  static register(overrides: Overrides): DynamicModule {
    return overrides.module(HealthModule, () => ({
      imports: [MeteringModule.register(overrides)],
      controllers: [HealthController],
      providers: [Drain],
      exports: [Drain],
    }));
  }
}
