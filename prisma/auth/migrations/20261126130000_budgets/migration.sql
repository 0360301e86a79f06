-- Budgets (spend limits per period) on keys and tenants, and the tenant's reporting time zone.
-- AlterTable
ALTER TABLE "api_keys" ADD COLUMN     "budget_alert_percent" INTEGER,
ADD COLUMN     "budget_micros" BIGINT,
ADD COLUMN     "budget_period" TEXT;

-- AlterTable
ALTER TABLE "tenants" ADD COLUMN     "budget_alert_percent" INTEGER,
ADD COLUMN     "budget_micros" BIGINT,
ADD COLUMN     "budget_period" TEXT,
ADD COLUMN     "reporting_time_zone" TEXT NOT NULL DEFAULT 'UTC';

-- A budget is all set (amount and period) or all unset, and a threshold only comes with a budget.
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_budget_check" CHECK (
  ("budget_micros" IS NULL AND "budget_period" IS NULL AND "budget_alert_percent" IS NULL)
  OR ("budget_micros" > 0 AND "budget_period" IN ('day', 'week', 'month', 'lifetime')
      AND ("budget_alert_percent" IS NULL OR "budget_alert_percent" BETWEEN 1 AND 100)));
ALTER TABLE "tenants" ADD CONSTRAINT "tenants_budget_check" CHECK (
  ("budget_micros" IS NULL AND "budget_period" IS NULL AND "budget_alert_percent" IS NULL)
  OR ("budget_micros" > 0 AND "budget_period" IN ('day', 'week', 'month', 'lifetime')
      AND ("budget_alert_percent" IS NULL OR "budget_alert_percent" BETWEEN 1 AND 100)));
