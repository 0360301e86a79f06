import { Injectable } from '@nestjs/common';
import type { UsageRecorded } from '@tollgate/contracts';
import { costMicros, priceFor } from '@tollgate/credit';
import { LedgerRepository } from '../ledger/ledger.repository';
import { LedgerService } from '../ledger/ledger.service';
import { PricesService } from '../prices/prices.service';
import { UsageRepository } from './usage.repository';

export interface Recorded {
  duplicate: boolean;
  costMicros: bigint;
}

/** Books one usage event exactly once: the record, its debit and the new balance commit together. */
@Injectable()
export class UsageService {
  constructor(
    private readonly prices: PricesService,
    private readonly ledger: LedgerService,
    private readonly entries: LedgerRepository,
    private readonly usage: UsageRepository,
  ) {}

  async record(e: UsageRecorded): Promise<Recorded> {
    const price = priceFor(await this.prices.current(), e.model, e.provider, e.upstreamModel, new Date(e.occurredAt));
    const cost = price ? BigInt(costMicros(price, e)) : 0n;
    const { duplicate } = await this.ledger.commit(
      e.tenantId,
      async (tx, locked) => {
        // One timestamp for the record and its debit, so statements group both into the same day.
        const at = new Date();
        const inserted = await this.usage.insert(tx, e, cost, price?.id ?? null, at);
        if (!inserted) return { state: locked, duplicate: true };
        if (cost === 0n) return { state: locked, duplicate: false };
        const posted = await this.entries.post(tx, {
          tenantId: e.tenantId,
          kind: 'usage',
          amountMicros: -cost,
          counter: 'revenue',
          actor: 'usage',
          requestId: e.requestId,
          reference: e.model,
          postedAt: at,
        });
        return { state: posted, duplicate: false };
      },
      e.requestId,
    );
    return { duplicate, costMicros: duplicate ? 0n : cost };
  }
}
