import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Subscription } from 'nats';
import { Bus } from '@tollgate/messaging';
import { InvoicesService } from '../invoices/invoices.service';
import { LedgerService } from '../ledger/ledger.service';
import { PricesService } from '../prices/prices.service';
import { BillingProfilesService } from '../profiles/billing-profiles.service';
import { StatementsService } from '../statements/statements.service';
import { TopUpsService } from '../top-ups/top-ups.service';
import { RequestLogsService } from '../usage/request-logs.service';
import { UsageSummaryService } from '../usage/usage-summary.service';
import { ModelHealthService } from '../usage/model-health.service';

export const BILLING_QUEUE = 'billing';

/**
 * Billing's NATS request/reply surface, queue group `billing` (replicas share the load). Payloads
 * are validated by the Bus against @tollgate/contracts; every query is scoped by the tenant id
 * the caller (the gateway, from the authenticated principal) puts in it.
 */
@Injectable()
export class BillingResponder implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('BillingResponder');
  private subs: Subscription[] = [];

  constructor(
    private readonly bus: Bus,
    private readonly ledger: LedgerService,
    private readonly logs: RequestLogsService,
    private readonly statements: StatementsService,
    private readonly invoices: InvoicesService,
    private readonly prices: PricesService,
    private readonly usage: UsageSummaryService,
    private readonly topUps: TopUpsService,
    private readonly health: ModelHealthService,
    private readonly profiles: BillingProfilesService,
  ) {}

  onApplicationBootstrap(): void {
    const onError = (subject: string) => (err: unknown) => this.logger.error({ subject, err: err instanceof Error ? err.message : String(err) }, 'billing request failed');
    this.subs = [
      this.bus.respond('balanceGet', BILLING_QUEUE, async (req) => {
        const b = await this.ledger.balance(req.tenantId);
        return { tenantId: b.tenantId, currency: b.currency, balanceMicros: b.balanceMicros };
      }, onError('balanceGet')),
      this.bus.respond('requestLogsList', BILLING_QUEUE, (req) => this.logs.list(req), onError('requestLogsList')),
      this.bus.respond('usageSummary', BILLING_QUEUE, (req) => this.usage.summary(req), onError('usageSummary')),
      this.bus.respond('statementGet', BILLING_QUEUE, (req) => this.statements.get(req.tenantId, req.month, req.format, req.timeZone), onError('statementGet')),
      this.bus.respond('invoicesList', BILLING_QUEUE, (req) => this.invoices.list(req.tenantId, req.timeZone), onError('invoicesList')),
      this.bus.respond('invoicePdf', BILLING_QUEUE, (req) => this.invoices.pdf(req.tenantId, req.invoiceId, req.timeZone), onError('invoicePdf')),
      this.bus.respond('modelHealth', BILLING_QUEUE, (req) => this.health.health(req), onError('modelHealth')),
      this.bus.respond('topUpCreate', BILLING_QUEUE, (req) => this.topUps.create(req), onError('topUpCreate')),
      this.bus.respond('billingProfileGet', BILLING_QUEUE, (req) => this.profiles.get(req.tenantId), onError('billingProfileGet')),
      this.bus.respond('billingProfilePut', BILLING_QUEUE, (req) => this.profiles.put(req), onError('billingProfilePut')),
      this.bus.respond('pricesSnapshot', BILLING_QUEUE, () => this.prices.snapshot(), onError('pricesSnapshot')),
    ];
  }

  beforeApplicationShutdown(): void {
    for (const s of this.subs) s.unsubscribe();
  }
}
