import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import type { Overrides } from '../infra/overrides';
import { CatalogRepository } from './catalog.repository';
import { CatalogService } from './catalog.service';

/**
 * The routing catalog: providers, routes and targets, served from an in-memory snapshot.
 * CatalogService owns the snapshot's refresh: loaded at start, reloaded on
 * gateway.catalog.changed.v1 (every instance) and every CATALOG_REFRESH_MS. The price snapshot
 * is refreshed the same way by its owner, PricesService (metering/).
 */
@Module({})
export class CatalogModule {
  static register(overrides: Overrides): DynamicModule {
    return overrides.module(CatalogModule, () => ({
      providers: [CatalogRepository, CatalogService],
      exports: [CatalogRepository, CatalogService],
    }));
  }
}
