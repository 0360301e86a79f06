import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import type { Overrides } from '../infra/overrides';
import { RouterService } from './router.service';
import { TargetHealth } from './target-health';

/** Which target a call tries, in what order: provider policy, target order, and each target's circuit (TargetHealth). */
@Module({})
export class RoutingModule {
  static register(overrides: Overrides): DynamicModule {
    return overrides.module(RoutingModule, () => ({
      providers: [RouterService, TargetHealth],
      exports: [RouterService, TargetHealth],
    }));
  }
}
