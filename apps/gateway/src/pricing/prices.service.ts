import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Subscription } from 'nats';
import type { Price } from '@tollgate/contracts';
import { priceFor } from '@tollgate/credit';
import { Bus } from '@tollgate/messaging';
import { GATEWAY_CONFIG, GatewayConfig } from '../config';

/**
 * The price list as billing publishes it, held in memory for the hot path's credit holds.
 * Refreshed at start, on billing.prices.changed.v1 and periodically. Without billing the
 * list is empty and every call costs 0.
 */
@Injectable()
export class PricesService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Prices');
  private prices: Price[] = [];
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
    this.sub = this.bus.subscribe('pricesChanged', () => void this.refresh(), (err) => this.logger.warn({ err }, 'bad prices event'));
    this.timer = setInterval(() => void this.refresh(), this.config.CATALOG_REFRESH_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
    this.sub?.unsubscribe();
  }

  /** The price list this instance charges by (admin view). */
  all(): readonly Price[] {
    return this.prices;
  }

  priceOf(model: string, provider: string | null, upstreamModel: string | null, at = new Date()): Price | null {
    return priceFor(this.prices, model, provider, upstreamModel, at);
  }

  async refresh(): Promise<void> {
    try {
      this.prices = (await this.bus.request('pricesSnapshot', {}, 2000)).prices;
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'price list unavailable; keeping the last one');
    }
  }
}
