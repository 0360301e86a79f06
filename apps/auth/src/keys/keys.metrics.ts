import { Inject, Injectable } from '@nestjs/common';
import { Counter, Histogram, Registry } from 'prom-client';
import type { KeyChangedEvent, VerifyKeyReply } from '@tollgate/contracts';
import { AUTH_CONFIG, AuthConfig } from '../config';
import { METRICS_REGISTRY } from '../metrics/registry';

/**
 * How a verification (auth.keys.verify.v1) ended: `valid`; refused as `not_found` (no such key,
 * or a deleted one), `revoked` or `expired`; `invalid` (a request that is not a verify request);
 * `error` (auth failed to answer, e.g. its database is away).
 */
export type VerifyOutcome = 'valid' | 'not_found' | 'revoked' | 'expired' | 'invalid' | 'error';

export function verifyOutcome(reply: VerifyKeyReply): VerifyOutcome {
  if (reply.ok) return 'valid';
  return reply.reason === 'unknown' ? 'not_found' : reply.reason;
}

/** Key verifications and revocations. */
@Injectable()
export class KeysMetrics {
  private readonly tenantLabel: boolean;
  private readonly verifications: Counter<string>;
  private readonly duration: Histogram;
  private readonly revocations: Counter<'change'>;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry, @Inject(AUTH_CONFIG) config: AuthConfig) {
    this.tenantLabel = config.METRICS_TENANT_LABEL;
    const registers = [registry];
    this.verifications = new Counter({
      name: 'tollgate_key_verifications_total',
      help: 'Key verifications answered for gateways (auth.keys.verify.v1), by outcome; a gateway asks once per key per principal-cache lifetime.',
      labelNames: this.tenantLabel ? ['outcome', 'tenant'] : ['outcome'],
      registers,
    });
    this.duration = new Histogram({
      name: 'tollgate_key_verification_duration_seconds',
      help: 'Seconds auth took to answer a key verification (its lookup), whatever the outcome.',
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers,
    });
    this.revocations = new Counter({
      name: 'tollgate_revocations_total',
      help: 'Keys retired (refused by every gateway from now, or after a rotation grace period), by change: revoked, rotated, deleted.',
      labelNames: ['change'],
      registers,
    });
  }

  /** Times one verification and counts its outcome; the reply (or the failure) passes through. */
  async timeVerification(verify: () => Promise<VerifyKeyReply>): Promise<VerifyKeyReply> {
    const started = performance.now();
    const took = () => this.duration.observe((performance.now() - started) / 1000);
    try {
      const reply = await verify();
      took();
      this.verified(verifyOutcome(reply), reply.ok ? reply.principal.tenantId : undefined);
      return reply;
    } catch (err) {
      took();
      this.verified('error');
      throw err;
    }
  }

  /** A verification that never reached the lookup (e.g. `invalid`): counted, not timed. */
  verified(outcome: VerifyOutcome, tenantId?: string): void {
    this.verifications.inc(this.tenantLabel ? { outcome, tenant: tenantId ?? '' } : { outcome });
  }

  retired(change: KeyChangedEvent['change']): void {
    this.revocations.inc({ change });
  }
}
