import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import type { Overrides } from '../infra/overrides';
import { AdmissionService } from './admission.service';
import { BudgetAlerts } from './budget-alerts';
import { BudgetClock } from './budget-clock';
import { BudgetSettler } from './budget-settler';
import { EdgeGate } from './edge-gate.service';
import { KeyVerifier } from './key-verifier.service';

/**
 * Admission, the same for every public route: the key from the header (KeyVerifier, its
 * principal cache), then one Redis round trip (EdgeGate: revocation, rate limits, budgets, the
 * credit hold) and the route's scope (AdmissionService).
 */
@Module({})
export class EdgeModule {
  static register(overrides: Overrides): DynamicModule {
    return overrides.module(EdgeModule, () => ({
      providers: [KeyVerifier, EdgeGate, AdmissionService, BudgetClock, BudgetSettler, BudgetAlerts],
      exports: [AdmissionService, BudgetSettler],
    }));
  }
}
