import { Inject, Injectable } from '@nestjs/common';
import { Gauge, Registry } from 'prom-client';
import { METRICS_REGISTRY } from '../metrics/registry';

/** What one reconcile pass found before it repaired anything. */
export interface ReconcileFindings {
  /** Sum over accounts of |Redis balance − ledger balance|, micro-units (a missing Redis balance counts as 0). */
  driftMicros: bigint;
  /** Accounts whose Redis balance or version differed from the ledger. */
  outOfSync: number;
}

/** Drift between the gateway's Redis credit figures and the ledger, as the last reconcile found it. */
@Injectable()
export class CreditSyncMetrics {
  private readonly drift: Gauge;
  private readonly outOfSync: Gauge;
  private readonly lastRun: Gauge;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    const registers = [registry];
    this.drift = new Gauge({
      name: 'tollgate_credit_reconcile_drift_micros',
      help: "Last reconcile: total absolute difference between Redis balances and the ledger's, micro-units, before repair.",
      registers,
    });
    this.outOfSync = new Gauge({
      name: 'tollgate_credit_reconcile_tenants_out_of_sync',
      help: 'Last reconcile: tenant accounts whose Redis balance or version differed from the ledger (then repaired).',
      registers,
    });
    this.lastRun = new Gauge({
      name: 'tollgate_credit_reconcile_last_success_timestamp_seconds',
      help: 'Unix time the last full reconcile finished.',
      registers,
    });
  }

  reconciled(f: ReconcileFindings, at = Date.now()): void {
    // A gauge is a float: exact up to 2^53 micro-units (9 billion currency units), plenty for an alert.
    this.drift.set(Number(f.driftMicros));
    this.outOfSync.set(f.outOfSync);
    this.lastRun.set(at / 1000);
  }
}

/** |Redis − ledger| for one account; a missing or unreadable Redis balance counts as 0. */
export function balanceDrift(redisBalance: string | null, ledgerBalance: bigint): bigint {
  const redis = redisBalance !== null && /^-?\d+$/.test(redisBalance) ? BigInt(redisBalance) : 0n;
  const d = redis - ledgerBalance;
  return d < 0n ? -d : d;
}
