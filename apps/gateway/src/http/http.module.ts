import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { EdgeModule } from '../edge/edge.module';
import type { Overrides } from '../infra/overrides';
import { PublicRouteGuard } from './public-route.guard';

/**
 * The public HTTP entry's Nest side: PublicRouteGuard, which admits the Nest /v1 routes
 * (@PublicRoute). The rest of the entry is plain classes bootstrap.ts builds before Nest:
 * HotServer (every public request), its request record, access log and metrics.
 */
@Module({})
export class HttpModule {
  static register(overrides: Overrides): DynamicModule {
    return overrides.module(HttpModule, () => ({
      imports: [EdgeModule.register(overrides)],
      providers: [PublicRouteGuard],
      exports: [PublicRouteGuard],
    }));
  }
}
