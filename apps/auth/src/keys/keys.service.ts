import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { formatMicros } from '@tollgate/credit';
import { generateApiKey } from '@tollgate/keys';
import { AuthError } from '../errors/auth.error';
import { TenantPatch, TenantsService, TenantView } from '../tenants/tenants.service';
import { BudgetPatch, budgetColumns, budgetOf, describeBudget, patchBudget, spendIdOf, touchesBudget } from './budget';
import { BudgetStatusService } from './budget-status.service';
import { boundsOf, DEFAULT_SCOPES, KeyBounds, widerThan } from './key-bounds';
import { CreatedKeyView, KeyView, statusOf, toKeyView } from './key.view';
import { KeyRow, KeysRepository, NewKey } from './keys.repository';
import { RevocationsService } from './revocations.service';
import type { Scope, TenantId } from '@tollgate/contracts';
import { asTenantId, scopesOf } from '@tollgate/contracts';

export interface KeySpec {
  label: string;
  scopes?: Scope[];
  models?: string[];
  /** Provider allow-list (catalog provider names); omitted or empty = any. */
  providers?: string[];
  expiresAt?: string;
  rateLimits?: { rpm?: number | null; tpm?: number | null };
}

/** Where a `/me` caller acts: its own tenant and, with `caller`, only keys no wider than its own. */
export interface Within {
  tenantId: string;
  caller?: KeyBounds;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Injectable()
export class KeysService {
  constructor(
    private readonly keys: KeysRepository,
    private readonly tenants: TenantsService,
    private readonly revocations: RevocationsService,
    private readonly budgets: BudgetStatusService,
  ) {}

  async create(tenantId: TenantId, spec: KeySpec, actor: string): Promise<CreatedKeyView> {
    await this.tenants.require(tenantId);
    const expiresAt = spec.expiresAt ? new Date(spec.expiresAt) : null;
    if (expiresAt && expiresAt.getTime() <= Date.now()) {
      throw new AuthError('invalid_request', 'expiresAt must be in the future.');
    }
    const { key, ...material } = generateApiKey();
    const row = await this.keys.create(
      tenantId,
      {
        id: randomUUID(),
        label: spec.label,
        ...material,
        scopes: unique(spec.scopes ?? DEFAULT_SCOPES),
        models: unique(spec.models ?? []),
        providers: unique(spec.providers ?? []),
        expiresAt,
        rpmLimit: spec.rateLimits?.rpm ?? null,
        tpmLimit: spec.rateLimits?.tpm ?? null,
      },
      { actor, action: 'key.created', details: { label: spec.label } },
    );
    return { ...toKeyView(row), key };
  }

  /** Tenant-wide limits travel in every key's principal: one event drops the tenant's cached everywhere. */
  async setTenantLimits(tenantId: TenantId, limits: { rpm?: number | null; tpm?: number | null }, actor: string): Promise<TenantView> {
    const tenant = await this.tenants.setLimits(tenantId, limits, actor);
    await this.revocations.tenantChanged(tenantId, 'limits');
    return tenant;
  }

  /** The tenant's provider allow-list (empty = any), intersected with each key's; gateways drop the tenant's principals. */
  async setTenantProviders(tenantId: TenantId, providers: string[], actor: string): Promise<TenantView> {
    const tenant = await this.tenants.setProviders(tenantId, providers, actor);
    await this.revocations.tenantChanged(tenantId, 'provider_policy');
    return tenant;
  }

  /** A key's own provider allow-list (empty = any); gateways drop its cached principal. */
  async setProviders(keyId: string, providers: string[], actor: string): Promise<KeyView> {
    const key = await this.requireKey(keyId);
    const next = unique(providers);
    const row = await this.keys.update(
      asTenantId(key.tenantId),
      key.id,
      { providers: next },
      { actor, action: 'key.provider_policy_changed', details: { providers: next } },
    );
    await this.revocations.changed(key.id, key.digest);
    return toKeyView(row);
  }

  /** Budget and reporting time zone of a tenant; gateways drop the tenant's principals (which carry both). */
  async updateTenant(tenantId: TenantId, patch: TenantPatch, actor: string): Promise<TenantView> {
    const { view, changed } = await this.tenants.update(tenantId, patch, actor);
    for (const change of changed) await this.revocations.tenantChanged(tenantId, change);
    return view;
  }

  /** Each key with its effective budget (the tighter of its own and its tenant's), spend read from Redis. */
  async list(tenantId: TenantId): Promise<KeyView[]> {
    const tenant = await this.tenants.require(tenantId);
    const rows = await this.keys.list(tenantId);
    const effective = await this.budgets.effective(
      tenantId,
      budgetOf(tenant),
      tenant.reportingTimeZone,
      rows.map((r) => ({ spendId: spendIdOf(r), budget: budgetOf(r) })),
    );
    return rows.map((r, i) => ({ ...toKeyView(r), effectiveBudget: effective[i] }));
  }

  /** Admin PATCH: label and/or budget, each audited as its own change. */
  async update(keyId: string, patch: { label?: string; budget: BudgetPatch }, actor: string, within?: Within): Promise<KeyView> {
    let view = patch.label !== undefined ? await this.rename(keyId, patch.label, actor, within) : null;
    if (touchesBudget(patch.budget)) view = await this.setBudget(keyId, patch.budget, actor, within);
    return view ?? toKeyView(await this.requireKey(keyId, within));
  }

  /**
   * A key's budget. `within` (a /me caller): the key must be one the caller could manage, the
   * budget no higher than the tenant's, and a caller with a budget of its own can only hand on a
   * budget no higher than its own (so a key cannot raise its own budget, nor lift it).
   */
  async setBudget(keyId: string, patch: BudgetPatch, actor: string, within?: Within, param = 'budgetMicros'): Promise<KeyView> {
    const key = await this.requireKey(keyId, within);
    const next = patchBudget(budgetOf(key), patch, param);
    if (within) {
      const own = within.caller?.budgetMicros;
      if (own !== undefined && own !== null && (!next || next.micros > Number(own))) {
        const what = key.id === within.caller?.id ? 'raise or remove your own budget' : 'give a key a budget higher than your own';
        throw new AuthError(
          'not_permitted',
          `You cannot ${what} (${next ? describeBudget(next) : 'no budget'} asked; your own is ${formatMicros(Number(own))}).`,
        );
      }
      const tenantBudget = budgetOf(await this.tenants.require(asTenantId(key.tenantId)));
      if (next && tenantBudget && next.micros > tenantBudget.micros) {
        throw new AuthError('invalid_request', `A key's budget cannot exceed the organization's budget of ${describeBudget(tenantBudget)}.`, param);
      }
    }
    const columns = budgetColumns(next);
    const details = {
      budgetMicros: columns.budgetMicros?.toString() ?? null,
      budgetPeriod: columns.budgetPeriod,
      budgetAlertPercent: columns.budgetAlertPercent,
    };
    const row = await this.keys.update(asTenantId(key.tenantId), key.id, columns, { actor, action: 'key.budget_changed', details });
    await this.revocations.changed(key.id, key.digest);
    return toKeyView(row);
  }

  /** The key acting through `/me`: live in its tenant (the gateway checked it a moment ago). */
  async caller(tenantId: TenantId, keyId: string): Promise<KeyBounds> {
    const key = await this.keys.findLive(tenantId, keyId);
    if (!key || statusOf(key) !== 'active') throw new AuthError('key_not_manageable', 'This API key is no longer active.');
    return boundsOf(key);
  }

  async rotate(keyId: string, gracePeriodSeconds: number, actor: string, within?: Within): Promise<CreatedKeyView> {
    const old = await this.requireKey(keyId, within);
    if (old.revokedAt) throw new AuthError('key_already_revoked', 'A revoked key cannot be rotated.');
    const { key, ...material } = generateApiKey();
    const next: NewKey = {
      id: randomUUID(),
      label: old.label,
      ...material,
      scopes: scopesOf(old.scopes),
      models: old.models,
      providers: old.providers,
      expiresAt: old.expiresAt,
      rpmLimit: old.rpmLimit,
      tpmLimit: old.tpmLimit,
      ...budgetColumns(budgetOf(old)),
      budgetSpendId: spendIdOf(old),
    };
    const graceUntil = gracePeriodSeconds > 0 ? new Date(Date.now() + gracePeriodSeconds * 1000) : null;
    const retire = graceUntil ? { expiresAt: old.expiresAt && old.expiresAt < graceUntil ? old.expiresAt : graceUntil } : { revokedAt: new Date() };
    const row = await this.keys.rotate(asTenantId(old.tenantId), old.id, next, retire, { actor, action: 'key.rotated' });
    if (!row) throw new AuthError('key_already_rotated', 'This key has already been rotated and is in its grace period; rotate its replacement instead.');
    await this.revocations.retire(asTenantId(old.tenantId), old.id, old.digest, 'rotated', retire.expiresAt?.getTime() ?? 0);
    return { ...toKeyView(row), key };
  }

  async revoke(keyId: string, actor: string, within?: Within): Promise<KeyView> {
    const key = await this.requireKey(keyId, within);
    const row = key.revokedAt ? key : await this.keys.update(asTenantId(key.tenantId), key.id, { revokedAt: new Date() }, { actor, action: 'key.revoked' });
    await this.revocations.retire(asTenantId(key.tenantId), key.id, key.digest, 'revoked');
    return toKeyView(row);
  }

  async rename(keyId: string, label: string, actor: string, within?: Within): Promise<KeyView> {
    const key = await this.requireKey(keyId, within);
    if (key.label === label) return toKeyView(key);
    const row = await this.keys.update(asTenantId(key.tenantId), key.id, { label }, { actor, action: 'key.renamed', details: { from: key.label, to: label } });
    return toKeyView(row);
  }

  async delete(keyId: string, actor: string, within?: Within): Promise<void> {
    const key = await this.requireKey(keyId, within);
    const now = new Date();
    await this.keys.update(asTenantId(key.tenantId), key.id, { deletedAt: now, revokedAt: key.revokedAt ?? now }, { actor, action: 'key.deleted' });
    await this.revocations.retire(asTenantId(key.tenantId), key.id, key.digest, 'deleted');
  }

  /**
   * A live key by id; `within` a tenant, another tenant's key is "not found" like a missing one,
   * and a key of the tenant wider than `within.caller` (which lists it) is refused as such.
   */
  private async requireKey(keyId: string, within?: Within): Promise<KeyRow> {
    const tenantId = within?.tenantId ?? (UUID.test(keyId) ? await this.keys.tenantOfKey(keyId) : null);
    const key = tenantId && UUID.test(keyId) ? await this.keys.findLive(asTenantId(tenantId), keyId) : null;
    if (!key) throw new AuthError('key_not_found', `No API key with id '${keyId}'.`);
    const wider = within?.caller ? widerThan(within.caller, boundsOf(key)) : null;
    if (wider) throw new AuthError('key_not_manageable', `You cannot manage key '${keyId}': ${wider}, which you could not grant.`);
    return key;
  }
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
