import { Controller } from '@nestjs/common';
import type { AnswerOf, HandledRequestOf as Req } from '@tollgate/contracts';
import { BusRequest, Responds } from '@tollgate/messaging';
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
 * Billing's NATS request/reply surface, queue group `billing` (replicas share the load). Each request
 * is parsed by its contract schema before the handler runs; every query is scoped by the tenant id
 * the caller (the gateway, from the authenticated principal) puts in it.
 */
@Controller()
export class BillingResponder {
  constructor(
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

  @Responds('balanceGet')
  async balance(@BusRequest('balanceGet') req: Req<'balanceGet'>): Promise<AnswerOf<'balanceGet'>> {
    const b = await this.ledger.balance(req.tenantId);
    return { tenantId: b.tenantId, currency: b.currency, balanceMicros: b.balanceMicros };
  }

  @Responds('requestLogsList')
  requestLogs(@BusRequest('requestLogsList') req: Req<'requestLogsList'>): Promise<AnswerOf<'requestLogsList'>> {
    return this.logs.list(req);
  }

  @Responds('usageSummary')
  usageSummary(@BusRequest('usageSummary') req: Req<'usageSummary'>): Promise<AnswerOf<'usageSummary'>> {
    return this.usage.summary(req);
  }

  @Responds('statementGet')
  statement(@BusRequest('statementGet') req: Req<'statementGet'>): Promise<AnswerOf<'statementGet'>> {
    return this.statements.get(req.tenantId, req.month, req.format, req.timeZone);
  }

  @Responds('invoicesList')
  invoiceList(@BusRequest('invoicesList') req: Req<'invoicesList'>): Promise<AnswerOf<'invoicesList'>> {
    return this.invoices.list(req.tenantId, req.timeZone);
  }

  @Responds('invoicePdf')
  invoicePdf(@BusRequest('invoicePdf') req: Req<'invoicePdf'>): Promise<AnswerOf<'invoicePdf'>> {
    return this.invoices.pdf(req.tenantId, req.invoiceId, req.timeZone);
  }

  @Responds('modelHealth')
  modelHealth(@BusRequest('modelHealth') req: Req<'modelHealth'>): Promise<AnswerOf<'modelHealth'>> {
    return this.health.health(req);
  }

  @Responds('topUpCreate')
  topUp(@BusRequest('topUpCreate') req: Req<'topUpCreate'>): Promise<AnswerOf<'topUpCreate'>> {
    return this.topUps.create(req);
  }

  @Responds('billingProfileGet')
  profile(@BusRequest('billingProfileGet') req: Req<'billingProfileGet'>): Promise<AnswerOf<'billingProfileGet'>> {
    return this.profiles.get(req.tenantId);
  }

  @Responds('billingProfilePut')
  putProfile(@BusRequest('billingProfilePut') req: Req<'billingProfilePut'>): Promise<AnswerOf<'billingProfilePut'>> {
    return this.profiles.put(req);
  }

  @Responds('pricesSnapshot')
  pricesSnapshot(@BusRequest('pricesSnapshot') _req: Req<'pricesSnapshot'>): Promise<AnswerOf<'pricesSnapshot'>> {
    return this.prices.snapshot();
  }
}
