import { Inject, Injectable } from '@nestjs/common';
import { GATEWAY_CONFIG, GatewayConfig } from '../config';

type CircuitState = 'closed' | 'open' | 'half_open';

interface Health {
  state: CircuitState;
  consecutiveFailures: number;
  openedAt: number;
  /** Outcomes of the last calls, newest last (true = success). */
  recent: boolean[];
  lastError: string | null;
}

export interface TargetHealthView {
  target: string;
  state: CircuitState;
  consecutiveFailures: number;
  recentCalls: number;
  recentErrorRate: number;
  lastError: string | null;
}

const RECENT = 50;

/**
 * Per-target circuit breakers of this gateway instance: after N consecutive failures a target
 * is skipped for a cool-down; then calls go through as probes: a success closes the circuit,
 * a failure reopens it.
 */
@Injectable()
export class TargetHealth {
  private readonly targets = new Map<string, Health>();

  constructor(@Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig) {}

  /** False while the target's circuit is open; after the cool-down calls go through again as probes. */
  available(id: string, now = Date.now()): boolean {
    const h = this.targets.get(id);
    if (!h || h.state !== 'open') return true;
    if (now - h.openedAt < this.config.CIRCUIT_COOLDOWN_MS) return false;
    h.state = 'half_open';
    return true;
  }

  success(id: string): void {
    const h = this.entry(id);
    h.state = 'closed';
    h.consecutiveFailures = 0;
    this.push(h, true);
  }

  failure(id: string, reason: string, now = Date.now()): void {
    const h = this.entry(id);
    h.consecutiveFailures += 1;
    h.lastError = reason;
    this.push(h, false);
    if (h.state === 'half_open' || h.consecutiveFailures >= this.config.CIRCUIT_FAILURE_THRESHOLD) {
      h.state = 'open';
      h.openedAt = now;
    }
  }

  view(): TargetHealthView[] {
    return [...this.targets.entries()].map(([target, h]) => ({
      target,
      state: h.state,
      consecutiveFailures: h.consecutiveFailures,
      recentCalls: h.recent.length,
      recentErrorRate: h.recent.length ? h.recent.filter((ok) => !ok).length / h.recent.length : 0,
      lastError: h.lastError,
    }));
  }

  private entry(id: string): Health {
    let h = this.targets.get(id);
    if (!h) this.targets.set(id, (h = { state: 'closed', consecutiveFailures: 0, openedAt: 0, recent: [], lastError: null }));
    return h;
  }

  private push(h: Health, ok: boolean): void {
    h.recent.push(ok);
    if (h.recent.length > RECENT) h.recent.shift();
  }
}
