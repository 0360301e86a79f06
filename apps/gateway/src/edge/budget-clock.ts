import { Injectable } from '@nestjs/common';

/**
 * The one clock of budgets: which period a call falls in, when a period ends (and so when its
 * counters and alert markers expire), and when an alert happened. The admission and settle
 * scripts get its readings as arguments and never read Redis TIME for budgets. Tests move it.
 */
@Injectable()
export class BudgetClock {
  private offsetMs = 0;

  now(): number {
    return Date.now() + this.offsetMs;
  }

  /** Tests: from now on the clock reads `at` (and runs on from there). */
  set(at: number): void {
    this.offsetMs = at - Date.now();
  }

  reset(): void {
    this.offsetMs = 0;
  }
}
