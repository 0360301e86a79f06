import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Subscription } from 'nats';
import type { Price } from '@tollgate/contracts';
import { Bus } from '@tollgate/messaging';
import { CreatePriceDto } from './prices.dto';
import { PricesRepository } from './prices.repository';

/** How long a loaded price list is reused by the usage consumer when no change was announced. */
const CACHE_MS = 1000;

@Injectable()
export class PricesService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('PricesService');
  private cache?: { at: number; prices: Promise<Price[]> };
  private sub?: Subscription;

  constructor(
    private readonly repo: PricesRepository,
    private readonly bus: Bus,
  ) {}

  onApplicationBootstrap(): void {
    // Another billing replica changed a price: drop ours at once.
    this.sub = this.bus.subscribe('pricesChanged', () => (this.cache = undefined), (err) => this.logger.warn({ err: String(err) }, 'prices event'));
  }

  onApplicationShutdown(): void {
    this.sub?.unsubscribe();
  }

  /** Every price, future-dated ones included (the gateway's snapshot and the admin list). */
  all(): Promise<Price[]> {
    return this.repo.all();
  }

  /** The price list for costing usage, cached briefly. */
  current(): Promise<Price[]> {
    if (!this.cache || Date.now() - this.cache.at > CACHE_MS) {
      const prices = this.repo.all();
      this.cache = { at: Date.now(), prices };
      prices.catch(() => (this.cache = undefined));
    }
    return this.cache.prices;
  }

  /** A new effective-dated row (never an update), announced to every gateway and billing replica. */
  async create(dto: CreatePriceDto, actor: string): Promise<Price> {
    const price = await this.repo.create({
      model: dto.model,
      provider: dto.provider ?? null,
      upstreamModel: dto.upstreamModel ?? null,
      inputPerMillion: BigInt(dto.inputPerMillion),
      cachedInputPerMillion: BigInt(dto.cachedInputPerMillion),
      outputPerMillion: BigInt(dto.outputPerMillion),
      maxOutputTokens: dto.maxOutputTokens ?? 4096,
      effectiveFrom: dto.effectiveFrom ? new Date(dto.effectiveFrom) : new Date(),
      createdBy: actor,
    });
    this.cache = undefined;
    await this.bus.publishConfirmed('pricesChanged', { at: new Date().toISOString() }).catch((err) =>
      this.logger.warn({ err: String(err) }, 'could not announce the price change; gateways refresh on their next snapshot'),
    );
    return price;
  }
}
