import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { AlertRaised } from '@tollgate/contracts';
import { Bus, ensureAlertsStream } from '@tollgate/messaging';
import { AUTH_CONFIG, AuthConfig } from '../config';
import { PrismaService } from '../infra/prisma.service';

const PAGE = 500;
const DAY_MS = 24 * 60 * 60 * 1000;

interface ExpiringKey {
  id: string;
  tenantId: string;
  label: string;
  expiresAt: Date;
}

/** The alert for one key's expiry; the same key and expiry always give the same dedupe key. */
export function keyExpiringAlert(k: ExpiringKey, now: Date): AlertRaised {
  return {
    tenantId: k.tenantId,
    type: 'key.expiring',
    occurredAt: now.toISOString(),
    dedupeKey: `key.expiring:${k.id}:${k.expiresAt.toISOString()}`,
    data: { keyId: k.id, label: k.label.slice(0, 100), expiresAt: k.expiresAt.toISOString() },
  };
}

/**
 * `key.expiring`: every KEY_EXPIRY_SCAN_MS (and at start) auth looks for live keys that expire
 * within KEY_EXPIRY_ALERT_DAYS and publishes one alert per key and expiry on tenants.alerts.raised.v1
 * (JetStream, msgID = dedupe key). Billing records each dedupe key once, so a repeat from another
 * replica, a restart or a later scan delivers nothing more; a key given a new expiry alerts again.
 * This replica also remembers what it published, so it does not publish it again each scan.
 */
@Injectable()
export class KeyExpiryAlerts implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('KeyExpiryAlerts');
  private readonly published = new Set<string>();
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;
  private streamReady = false;

  constructor(
    private readonly prisma: PrismaService,
    private readonly bus: Bus,
    @Inject(AUTH_CONFIG) private readonly config: AuthConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.scan(), this.config.KEY_EXPIRY_SCAN_MS);
    this.timer.unref();
    void this.scan();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One scan (shared with one already running); how many alerts it published. Never throws. */
  scan(now = new Date()): Promise<number> {
    this.running ??= this.pass(now)
      .catch((err: Error) => {
        this.logger.error({ err: err.message }, 'key expiry scan failed; the next scan retries');
        return 0;
      })
      .finally(() => (this.running = undefined));
    return this.running;
  }

  private async pass(now: Date): Promise<number> {
    if (!this.streamReady) {
      await ensureAlertsStream(this.bus);
      this.streamReady = true;
    }
    const until = new Date(now.getTime() + this.config.KEY_EXPIRY_ALERT_DAYS * DAY_MS);
    let sent = 0;
    for (let after = ''; ;) {
      const page = await this.expiring(now, until, after);
      for (const k of page) sent += await this.publish(keyExpiringAlert(k, now));
      if (page.length < PAGE) return sent;
      after = page[page.length - 1].id;
    }
  }

  /** Live keys (not revoked, not deleted) expiring in (now, until], every tenant, by id. */
  private expiring(now: Date, until: Date, afterId: string): Promise<ExpiringKey[]> {
    return this.prisma.apiKey.findMany({
      where: { expiresAt: { gt: now, lte: until }, revokedAt: null, deletedAt: null, ...(afterId ? { id: { gt: afterId } } : {}) },
      orderBy: { id: 'asc' },
      take: PAGE,
      select: { id: true, tenantId: true, label: true, expiresAt: true },
    }) as Promise<ExpiringKey[]>;
  }

  private async publish(alert: AlertRaised): Promise<number> {
    if (this.published.has(alert.dedupeKey)) return 0;
    await this.bus.publishDurable('alertRaised', alert, alert.dedupeKey);
    this.published.add(alert.dedupeKey);
    this.logger.log({ tenantId: alert.tenantId, keyId: alert.data.keyId }, 'key.expiring alert published');
    return 1;
  }
}
