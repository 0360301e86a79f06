import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Subscription } from 'nats';
import type { Price } from '@tollgate/contracts';
import { PriceBook, SalePrice } from '@tollgate/credit';
import { Bus } from '@tollgate/messaging';
import { GATEWAY_CONFIG, GatewayConfig } from '../config';
import { Refreshes } from '../infra/refreshes';

/**
 * The price set as billing publishes it (default prices, accepted cost prices, sale tiers and
 * tenant assignments), held in memory for the hot path's credit holds and `x-tollgate-cost`,
 * indexed once per snapshot (PriceBook) so that pricing a call is a few map lookups.
 * Refreshed at start, on billing.prices.changed.v1 and periodically. Until a first list arrives
 * the gateway refuses metered calls (fail closed) and reports itself not ready; it retries
 * every second meanwhile.
 */
@Injectable()
export class PricesService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Prices');
  private book = new PriceBook({ prices: [] });
  private loaded = false;
  private readonly refreshes = new Refreshes();
  private sub?: Subscription;
  private timer?: NodeJS.Timeout;
  private started = false;

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly bus: Bus,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // The admin app shares this instance, so Nest runs this hook once per app: start once.
    if (this.started) return;
    this.started = true;
    await this.refresh();
    this.sub = this.bus.subscribe(
      'pricesChanged',
      () => void this.refresh(),
      (err) => this.logger.warn({ err }, 'bad prices event'),
    );
    this.schedule();
  }

  /** Every CATALOG_REFRESH_MS; every second while no list has arrived yet. */
  private schedule(): void {
    this.timer = setTimeout(() => void this.refresh().finally(() => this.started && this.schedule()), this.loaded ? this.config.CATALOG_REFRESH_MS : 1000);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    this.started = false;
    clearTimeout(this.timer);
    this.sub?.unsubscribe();
  }

  /** Whether this instance ever received billing's price list: until then it cannot meter, so it serves no metered call. */
  ready(): boolean {
    return this.loaded;
  }

  /** The price list this instance charges by (admin view). */
  all(): readonly Price[] {
    return this.book.set.prices;
  }

  /** The default list's price (what a tenant without a tier pays). */
  priceOf(model: string, provider: string | null, upstreamModel: string | null, at = new Date()): Price | null {
    return this.book.defaultOf(model, provider, upstreamModel, at);
  }

  /** What `tenantId` pays for a call at `at`: its tier's price, its tier's markup over cost, else the default list. */
  saleOf(tenantId: string, model: string, provider: string | null, upstreamModel: string | null, at = new Date()): SalePrice | null {
    return this.book.saleOf(tenantId, model, provider, upstreamModel, at);
  }

  /**
   * Fetches billing's price list. Refreshes may overlap (a change event during a poll, two changes
   * in a row) and their answers may arrive in either order: only an answer to a later request than
   * the one in force replaces it, so an older snapshot never overwrites a newer one.
   */
  async refresh(): Promise<void> {
    const ticket = this.refreshes.begin();
    try {
      const book = new PriceBook(await this.bus.request('pricesSnapshot', {}, 2000));
      if (!this.refreshes.install(ticket)) return;
      this.book = book;
      this.loaded = true;
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'price list unavailable; keeping the last one');
    }
  }
}
