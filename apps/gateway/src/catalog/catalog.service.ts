import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Subscription } from 'nats';
import { Bus } from '@tollgate/messaging';
import { GATEWAY_CONFIG, GatewayConfig } from '../config';
import { CatalogRepository, RouteRow, TargetRow } from './catalog.repository';
import { upstreamModelProblem } from './model-names';
import { SecretBox } from '@tollgate/server';
import { Refreshes } from '../infra/refreshes';

/** What the hot path needs to call one upstream; the credential is decrypted once per snapshot. */
export interface ResolvedTarget {
  /** Identifies the target for health tracking: provider id + upstream model. */
  id: string;
  providerId: string;
  providerName: string;
  providerKind: string;
  baseUrl: string;
  apiKey: string | null;
  upstreamModel: string;
  priority: number;
  weight: number;
  timeoutMs: number | null;
}

export interface ResolvedRoute {
  model: string;
  targets: ResolvedTarget[];
  createdAt: Date;
}

/**
 * The routing catalog as an in-memory snapshot: tenant → model name → route. Reloaded at
 * start, whenever any instance announces a change on NATS, and periodically as a safety net.
 */
@Injectable()
export class CatalogService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Catalog');
  private snapshot = new Map<string, Map<string, ResolvedRoute>>();
  private readonly reloads = new Refreshes();
  private timer?: NodeJS.Timeout;
  private started = false;
  private sub?: Subscription;
  private readonly box: SecretBox;

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly repo: CatalogRepository,
    private readonly bus: Bus,
  ) {
    this.box = new SecretBox(config.CATALOG_SECRET, 'catalog');
  }

  async onApplicationBootstrap(): Promise<void> {
    // The admin app shares this instance, so Nest runs this hook once per app: start once.
    if (this.started) return;
    this.started = true;
    await this.reload();
    this.sub = this.bus.subscribe(
      'catalogChanged',
      () => void this.reloadQuietly(),
      (err) => this.logger.warn({ err }, 'bad catalog event'),
    );
    this.timer = setInterval(() => void this.reloadQuietly(), this.config.CATALOG_REFRESH_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
    this.sub?.unsubscribe();
  }

  resolve(tenantId: string, model: string): ResolvedRoute | undefined {
    return this.snapshot.get(tenantId)?.get(model);
  }

  modelsOf(tenantId: string): ResolvedRoute[] {
    return [...(this.snapshot.get(tenantId)?.values() ?? [])];
  }

  /**
   * Called by the admin side after a write: reload here and tell every other instance. When it
   * returns, the snapshot in force was read after this write (its own read, or a later one).
   */
  async changed(tenantId: string | null): Promise<void> {
    await this.reload();
    await this.bus.publishConfirmed('catalogChanged', { tenantId, at: new Date().toISOString() });
  }

  private async reloadQuietly(): Promise<void> {
    await this.reload().catch((err: Error) => this.logger.warn({ err: err.message }, 'catalog reload failed; serving the last snapshot'));
  }

  /**
   * Reads the catalog and installs it. Reloads overlap (a change event, the periodic timer, an admin
   * write) and their reads may finish in either order: only a read requested later than the one
   * installed replaces it, so an older catalog never puts back what a newer one changed.
   */
  private async reload(): Promise<void> {
    const ticket = this.reloads.begin();
    const rows = await this.repo.allRoutes();
    if (!this.reloads.install(ticket)) return;
    const next = new Map<string, Map<string, ResolvedRoute>>();
    for (const row of rows) {
      let byModel = next.get(row.tenantId);
      if (!byModel) next.set(row.tenantId, (byModel = new Map()));
      byModel.set(row.model, this.toResolved(row));
    }
    this.snapshot = next;
  }

  private toResolved(row: RouteRow): ResolvedRoute {
    return { model: row.model, targets: row.targets.filter((t) => this.callable(row, t)).map((t) => this.toTarget(t)), createdAt: row.createdAt };
  }

  /** A target stored before names were checked, whose name no call could carry, is left out (and said so). */
  private callable(row: RouteRow, t: TargetRow): boolean {
    const problem = upstreamModelProblem(t.upstreamModel);
    if (problem)
      this.logger.error({ tenantId: row.tenantId, model: row.model, providerId: t.providerId, problem }, 'route target skipped: invalid upstream model name');
    return problem === null;
  }

  private toTarget(t: TargetRow): ResolvedTarget {
    return {
      id: `${t.providerId}/${t.upstreamModel}`,
      providerId: t.providerId,
      providerName: t.provider.name,
      providerKind: t.provider.kind,
      baseUrl: t.provider.baseUrl.replace(/\/+$/, ''),
      apiKey: t.provider.apiKeyEnc ? this.credential(t.provider.name, t.provider.apiKeyEnc) : null,
      upstreamModel: t.upstreamModel,
      priority: t.priority,
      weight: t.weight,
      timeoutMs: t.timeoutMs,
    };
  }

  /** A credential sealed under another CATALOG_SECRET cannot be opened: that provider fails, not the catalog. */
  private credential(provider: string, sealed: string): string | null {
    try {
      return this.box.open(sealed);
    } catch {
      this.logger.error({ provider }, 'upstream credential cannot be decrypted (was CATALOG_SECRET changed?); calls to this provider go without it');
      return null;
    }
  }

  seal(apiKey: string): string {
    return this.box.seal(apiKey);
  }
}
