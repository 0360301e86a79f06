import { Injectable, Logger } from '@nestjs/common';
import { BillingError } from '../errors/billing.error';
import { AcceptCostPriceDto, CostPriceStatus, CreateCostPriceDto } from './cost-prices.dto';
import { CostPricesRepository, CostPriceView } from './cost-prices.repository';
import { PricesService } from './prices.service';
import { startOfChange } from './backdating';

/**
 * What upstreams charge. An admin's own entry is accepted at once; an import only proposes, and a
 * proposal prices nothing until an admin accepts it (from now or a later date, never the past).
 */
@Injectable()
export class CostPricesService {
  private readonly logger = new Logger('CostPrices');

  constructor(
    private readonly repo: CostPricesRepository,
    private readonly prices: PricesService,
  ) {}

  list(status?: CostPriceStatus): Promise<CostPriceView[]> {
    return this.repo.list(status);
  }

  async get(id: string): Promise<CostPriceView> {
    const found = await this.repo.get(id);
    if (!found) throw new BillingError('not_found', `No cost price ${id}.`);
    return found;
  }

  async create(dto: CreateCostPriceDto, actor: string): Promise<CostPriceView> {
    // A tier's markup prices calls from the cost price in force: a backdated one would re-price them.
    const effectiveFrom = await startOfChange(dto.effectiveFrom, `a cost price for ${dto.model}`, (now) => this.repo.acceptedInForce(dto.model, now));
    const created = await this.repo.create({
      model: dto.model,
      provider: dto.provider ?? null,
      upstreamModel: dto.upstreamModel ?? null,
      inputPerMillion: BigInt(dto.inputPerMillion),
      cachedInputPerMillion: BigInt(dto.cachedInputPerMillion),
      outputPerMillion: BigInt(dto.outputPerMillion),
      maxOutputTokens: dto.maxOutputTokens ?? 4096,
      effectiveFrom,
      createdBy: actor,
      status: 'accepted',
      source: 'admin',
    });
    this.logger.log({ actor, costPriceId: created.id, model: created.model }, 'cost price created');
    await this.prices.changed();
    return created;
  }

  async accept(id: string, dto: AcceptCostPriceDto, actor: string): Promise<CostPriceView> {
    const now = new Date();
    const asked = dto.effectiveFrom ? new Date(dto.effectiveFrom) : now;
    const reviewed = await this.repo.review(id, 'accepted', actor, asked < now ? now : asked);
    if (!reviewed) return this.notProposed(id);
    this.logger.log({ actor, costPriceId: id }, 'cost price accepted');
    await this.prices.changed();
    return reviewed;
  }

  async reject(id: string, actor: string): Promise<CostPriceView> {
    const reviewed = await this.repo.review(id, 'rejected', actor);
    if (!reviewed) return this.notProposed(id);
    this.logger.log({ actor, costPriceId: id }, 'cost price rejected');
    return reviewed;
  }

  async delete(id: string, actor: string): Promise<void> {
    const existing = await this.get(id);
    if (!(await this.repo.deleteUnused(id))) {
      throw new BillingError(
        'invalid_request',
        `Cost price ${id} is in force (accepted, effective ${existing.effectiveFrom}) and may have priced calls: add a newer one instead.`,
      );
    }
    this.logger.log({ actor, costPriceId: id }, 'cost price deleted');
    if (existing.status === 'accepted') await this.prices.changed();
  }

  private async notProposed(id: string): Promise<never> {
    const existing = await this.get(id);
    throw new BillingError('invalid_request', `Cost price ${id} is ${existing.status}, not proposed: only a proposal is reviewed.`);
  }
}
