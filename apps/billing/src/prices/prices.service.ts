import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Subscription } from 'nats';
import type { Price, PricesSnapshotReply } from '@tollgate/contracts';
import { PriceBook } from '@tollgate/credit';
import { Bus } from '@tollgate/messaging';
import { CreatePriceDto } from './prices.dto';
import { PricesRepository } from './prices.repository';
import { PriceSetRepository } from './price-set.repository';
import { startOfChange } from './backdating';

/** How long a loaded price list is reused by the usage consumer when no change was announced. */
const CACHE_MS = 1000;

@Injectable()
export class PricesService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('PricesService');
  private cache?: { at: number; book: Promise<PriceBook> };
  private sub?: Subscription;

  constructor(
    private readonly repo: PricesRepository,
    private readonly sets: PriceSetRepository,
    private readonly bus: Bus,
  ) {}

  onApplicationBootstrap(): void {
    // Another billing replica changed a price: drop ours at once.
    this.sub = this.bus.subscribe(
      'pricesChanged',
      () => (this.cache = undefined),
      (err) => this.logger.warn({ err: String(err) }, 'prices event'),
    );
  }

  onApplicationShutdown(): void {
    this.sub?.unsubscribe();
  }

  /** Every price, future-dated ones included (the gateway's snapshot and the admin list). */
  all(): Promise<Price[]> {
    return this.repo.all();
  }

  /** The whole price set as gateways receive it (billing.prices.snapshot.v1). */
  snapshot(): Promise<PricesSnapshotReply> {
    return this.sets.load();
  }

  /** The price set for costing usage, indexed, cached briefly. */
  current(): Promise<PriceBook> {
    if (!this.cache || Date.now() - this.cache.at > CACHE_MS) {
      const book = this.sets.load().then((set) => new PriceBook(set));
      this.cache = { at: Date.now(), book };
      book.catch(() => (this.cache = undefined));
    }
    return this.cache.book;
  }

  /** A new effective-dated row (never an update), announced to every gateway and billing replica. */
  async create(dto: CreatePriceDto, actor: string): Promise<Price> {
    const effectiveFrom = await startOfChange(dto.effectiveFrom, `a list price for ${dto.model}`, (now) => this.repo.inForce(dto.model, now));
    const price = await this.repo.create({
      model: dto.model,
      provider: dto.provider ?? null,
      upstreamModel: dto.upstreamModel ?? null,
      inputPerMillion: BigInt(dto.inputPerMillion),
      cachedInputPerMillion: BigInt(dto.cachedInputPerMillion),
      outputPerMillion: BigInt(dto.outputPerMillion),
      maxOutputTokens: dto.maxOutputTokens ?? 4096,
      effectiveFrom,
      createdBy: actor,
    });
    await this.changed();
    return price;
  }

  /** Something in the price set changed (a price, cost price, tier or assignment): drop the cache, tell every gateway and replica. */
  async changed(): Promise<void> {
    this.cache = undefined;
    await this.bus
      .publishConfirmed('pricesChanged', { at: new Date().toISOString() })
      .catch((err) => this.logger.warn({ err: String(err) }, 'could not announce the price change; gateways refresh on their next snapshot'));
  }
}
