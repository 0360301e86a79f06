import { DynamicModule, Module, Provider } from '@nestjs/common';
import { ApiDocsModule } from './api-docs/api-docs.module';
import { CallsModule } from './calls/calls.module';
import { CatalogModule } from './catalog/catalog.module';
import { consoleDirOf } from './console/console-files';
import { ConsoleModule } from './console/console.module';
import { GATEWAY_CONFIG, GatewayConfig } from './config';
import { EdgeModule } from './edge/edge.module';
import { HealthModule } from './health/health.module';
import { HttpModule } from './http/http.module';
import { InfraModule } from './infra/infra.module';
import { Overrides } from './infra/overrides';
import { MeModule } from './me/me.module';
import { MeteringModule } from './metering/metering.module';
import { ResponsesModule } from './responses/responses.module';
import { RoutingModule } from './routing/routing.module';
import { UpstreamModule } from './upstream/upstream.module';

/**
 * The public edge: /v1/* for customers' SDKs, /me/* and the console. One module per feature
 * folder, in the order a request meets them: http/ (entry, guard) → edge/ (admission) → calls/
 * (and responses/) → routing/, upstream/ → metering/; catalog/ under them all.
 */
@Module({})
export class GatewayAppModule {
  /** `overrides` replace the providers of the same token in whichever module provides it (infra/overrides.ts); code only, never from the environment. */
  static forRoot(config: GatewayConfig, overrides: Provider[] = []): DynamicModule {
    const swap = new Overrides(overrides);
    const features = [
      HttpModule,
      EdgeModule,
      CallsModule,
      ResponsesModule,
      RoutingModule,
      UpstreamModule,
      MeteringModule,
      CatalogModule,
      MeModule,
      HealthModule,
    ].map((m) => m.register(swap));
    const added = swap.unplaced();
    return {
      module: GatewayAppModule,
      // Global for the config (and any override no module provides): every feature module reads GATEWAY_CONFIG.
      global: true,
      imports: [InfraModule, ConsoleModule.forRoot({ dir: consoleDirOf(config.CONSOLE_DIR, 'console') }), ...features, ApiDocsModule],
      providers: [{ provide: GATEWAY_CONFIG, useValue: config }, ...added],
      exports: [GATEWAY_CONFIG, ...added],
    };
  }
}
