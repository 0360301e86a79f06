import { Injectable, Logger } from '@nestjs/common';
import type { TenantId, TierPrice } from '@tollgate/contracts';
import { BillingError } from '../errors/billing.error';
import { CreatePriceDto } from '../prices/prices.dto';
import { PricesService } from '../prices/prices.service';
import { AssignTierDto, CreateTierDto, UpdateTierDto } from './tiers.dto';
import { AssignmentView, TiersRepository, TierView } from './tiers.repository';
import { startOfChange } from '../prices/backdating';

export interface TierDetail extends TierView {
  prices: TierPrice[];
}

export interface TenantTierView {
  tenantId: string;
  /** The assignment in force now (null: the default price list). */
  current: AssignmentView | null;
  /** Every assignment, oldest first, scheduled ones included. */
  history: AssignmentView[];
}

function uniqueViolation(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === 'P2002';
}

/** Sale tiers and who is on which; every change is announced so gateways price by it at once. */
@Injectable()
export class TiersService {
  private readonly logger = new Logger('Tiers');

  constructor(
    private readonly repo: TiersRepository,
    private readonly prices: PricesService,
  ) {}

  list(): Promise<TierView[]> {
    return this.repo.list();
  }

  async get(id: string): Promise<TierDetail> {
    const tier = await this.repo.get(id);
    if (!tier) throw new BillingError('not_found', `No price tier ${id}.`);
    return { ...tier, prices: await this.repo.prices(id) };
  }

  async create(dto: CreateTierDto, actor: string): Promise<TierView> {
    const tier = await this.repo
      .create({ name: dto.name, description: dto.description ?? null, markupBp: dto.markupBp ?? null, actor })
      .catch((err) => this.nameTaken(err, dto.name));
    this.logger.log({ actor, tierId: tier.id, markupBp: tier.markupBp }, 'price tier created');
    await this.prices.changed();
    return tier;
  }

  async update(id: string, dto: UpdateTierDto, actor: string): Promise<TierView> {
    await this.get(id);
    const tier = await this.repo.update(id, { ...dto, actor }).catch((err) => this.nameTaken(err, dto.name));
    this.logger.log({ actor, tierId: id }, 'price tier updated');
    return tier;
  }

  async delete(id: string, actor: string): Promise<void> {
    await this.get(id);
    if (!(await this.repo.deleteUnused(id)))
      throw new BillingError('invalid_request', `Price tier ${id} has prices or was assigned to a tenant: it is part of past charges and stays.`);
    this.logger.log({ actor, tierId: id }, 'price tier deleted');
    await this.prices.changed();
  }

  async addPrice(tierId: string, dto: CreatePriceDto, actor: string): Promise<TierPrice> {
    await this.get(tierId);
    const effectiveFrom = await startOfChange(dto.effectiveFrom, `this tier's price for ${dto.model}, or the tier itself,`, (now) =>
      this.repo.priceOrTenantsInForce(tierId, dto.model, now),
    );
    const price = await this.repo.addPrice(tierId, {
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
    this.logger.log({ actor, tierId, tierPriceId: price.id, model: price.model }, 'tier price added');
    await this.prices.changed();
    return price;
  }

  async deletePrice(tierId: string, priceId: string, actor: string): Promise<void> {
    if (!(await this.repo.deleteFuturePrice(tierId, priceId)))
      throw new BillingError('not_found', `No scheduled price ${priceId} in tier ${tierId} (a price in force is never deleted: add a newer one).`);
    this.logger.log({ actor, tierId, tierPriceId: priceId }, 'tier price withdrawn');
    await this.prices.changed();
  }

  async tenantTier(tenantId: TenantId): Promise<TenantTierView> {
    const history = await this.repo.assignments(tenantId);
    const now = Date.now();
    const current = history.filter((a) => Date.parse(a.effectiveFrom) <= now).at(-1) ?? null;
    return { tenantId, current: current?.tierId ? current : null, history };
  }

  async assign(tenantId: TenantId, dto: AssignTierDto, actor: string): Promise<AssignmentView> {
    if (dto.tierId) await this.get(dto.tierId);
    // Every tenant has a price in force (its tier's or the default list): a tier change never starts in the past.
    const effectiveFrom = await startOfChange(dto.effectiveFrom, "the tenant's pricing", () => Promise.resolve(true));
    const assignment = await this.repo.assign(tenantId, dto.tierId, effectiveFrom, actor);
    this.logger.log({ actor, tenantId, tierId: dto.tierId, effectiveFrom: assignment.effectiveFrom }, 'tenant tier assigned');
    await this.prices.changed();
    return assignment;
  }

  async withdraw(tenantId: TenantId, assignmentId: string, actor: string): Promise<void> {
    if (!(await this.repo.deleteFutureAssignment(tenantId, assignmentId))) {
      throw new BillingError('not_found', `No scheduled tier assignment ${assignmentId} for this tenant (one in force is never deleted: assign another).`);
    }
    this.logger.log({ actor, tenantId, assignmentId }, 'tenant tier assignment withdrawn');
    await this.prices.changed();
  }

  private nameTaken(err: unknown, name: string | undefined): never {
    if (uniqueViolation(err)) throw new BillingError('invalid_request', `A price tier named '${name}' exists already.`);
    throw err;
  }
}
