-- Price tiers and margins: what the upstream charges (cost prices, some only proposed by an
-- import until an admin accepts them), sale tiers (a markup over cost and/or per-model sale
-- prices), effective-dated tier assignments per tenant, and both amounts on every usage record.

-- CreateTable
CREATE TABLE "cost_prices" (
    "id" UUID NOT NULL,
    "model" TEXT NOT NULL,
    "provider" TEXT,
    "upstream_model" TEXT,
    "input_per_million" BIGINT NOT NULL,
    "cached_input_per_million" BIGINT NOT NULL,
    "output_per_million" BIGINT NOT NULL,
    "max_output_tokens" INTEGER NOT NULL DEFAULT 4096,
    "effective_from" TIMESTAMPTZ(3) NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'accepted',
    "source" TEXT,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "reviewed_by" TEXT,
    "reviewed_at" TIMESTAMPTZ(3),

    CONSTRAINT "cost_prices_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "price_tiers" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "markup_bp" INTEGER,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_by" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "price_tiers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tier_prices" (
    "id" UUID NOT NULL,
    "tier_id" UUID NOT NULL,
    "model" TEXT NOT NULL,
    "provider" TEXT,
    "upstream_model" TEXT,
    "input_per_million" BIGINT NOT NULL,
    "cached_input_per_million" BIGINT NOT NULL,
    "output_per_million" BIGINT NOT NULL,
    "max_output_tokens" INTEGER NOT NULL DEFAULT 4096,
    "effective_from" TIMESTAMPTZ(3) NOT NULL,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "tier_prices_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tenant_tiers" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "tier_id" UUID,
    "effective_from" TIMESTAMPTZ(3) NOT NULL,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "tenant_tiers_pkey" PRIMARY KEY ("id")
);

-- AlterTable
ALTER TABLE "usage_records" ADD COLUMN "tier_id" UUID,
ADD COLUMN "cost_price_id" UUID,
ADD COLUMN "upstream_cost_micros" BIGINT NOT NULL DEFAULT 0;

-- CreateIndex
CREATE INDEX "cost_prices_model_effective_from_idx" ON "cost_prices"("model", "effective_from");

-- CreateIndex
CREATE INDEX "cost_prices_status_idx" ON "cost_prices"("status");

-- CreateIndex
CREATE UNIQUE INDEX "price_tiers_name_key" ON "price_tiers"("name");

-- CreateIndex
CREATE INDEX "tier_prices_tier_id_model_effective_from_idx" ON "tier_prices"("tier_id", "model", "effective_from");

-- CreateIndex
CREATE INDEX "tenant_tiers_tenant_id_effective_from_idx" ON "tenant_tiers"("tenant_id", "effective_from");

-- CreateIndex
CREATE INDEX "usage_records_occurred_at_idx" ON "usage_records"("occurred_at");

-- AddForeignKey
ALTER TABLE "tier_prices" ADD CONSTRAINT "tier_prices_tier_id_fkey" FOREIGN KEY ("tier_id") REFERENCES "price_tiers"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tenant_tiers" ADD CONSTRAINT "tenant_tiers_tier_id_fkey" FOREIGN KEY ("tier_id") REFERENCES "price_tiers"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- ---------------------------------------------------------------------------------------------
-- Hand-written guards (no semicolons in comments: the offline schema engine splits at each one).
-- A cost price is reviewed once: only a proposed row changes, and only its status, review and
-- effective date. An accepted or rejected row is never updated again. Any row may be deleted
-- only while proposed or rejected, or accepted but not yet in force (usage points at the rest).
-- ---------------------------------------------------------------------------------------------
CREATE FUNCTION "billing_cost_price_guard"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  IF TG_OP = ''DELETE'' THEN
    IF OLD."status" = ''accepted'' AND OLD."effective_from" <= now() THEN
      RAISE EXCEPTION ''cost price % is in force and cannot be deleted'', OLD."id" USING ERRCODE = ''integrity_constraint_violation''\073
    END IF\073
    RETURN OLD\073
  END IF\073
  IF NEW."status" NOT IN (''proposed'', ''accepted'', ''rejected'') THEN
    RAISE EXCEPTION ''invalid cost price status %'', NEW."status" USING ERRCODE = ''check_violation''\073
  END IF\073
  IF TG_OP = ''UPDATE'' AND (OLD."status" <> ''proposed'' OR NEW."model" IS DISTINCT FROM OLD."model"
      OR NEW."input_per_million" <> OLD."input_per_million" OR NEW."cached_input_per_million" <> OLD."cached_input_per_million"
      OR NEW."output_per_million" <> OLD."output_per_million") THEN
    RAISE EXCEPTION ''cost price % was reviewed already (update refused)'', OLD."id" USING ERRCODE = ''integrity_constraint_violation''\073
  END IF\073
  RETURN NEW\073
END\073
';
CREATE TRIGGER "cost_prices_guard" BEFORE INSERT OR UPDATE OR DELETE ON "cost_prices"
  FOR EACH ROW EXECUTE FUNCTION "billing_cost_price_guard"();

-- Tier prices and tenant assignments are effective-dated history: never updated. A row not yet
-- in force may be deleted (a scheduled change withdrawn), one in force never.
CREATE FUNCTION "billing_future_only_delete"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  IF TG_OP = ''UPDATE'' OR OLD."effective_from" <= now() THEN
    RAISE EXCEPTION ''billing.% row % is in force (% refused)'', TG_TABLE_NAME, OLD."id", TG_OP USING ERRCODE = ''integrity_constraint_violation''\073
  END IF\073
  RETURN OLD\073
END\073
';
CREATE TRIGGER "tier_prices_history" BEFORE UPDATE OR DELETE ON "tier_prices"
  FOR EACH ROW EXECUTE FUNCTION "billing_future_only_delete"();
CREATE TRIGGER "tenant_tiers_history" BEFORE UPDATE OR DELETE ON "tenant_tiers"
  FOR EACH ROW EXECUTE FUNCTION "billing_future_only_delete"();

-- A tier's markup is part of the prices already charged: never changed (a new tier is assigned instead).
CREATE FUNCTION "billing_tier_markup_fixed"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  IF NEW."markup_bp" IS DISTINCT FROM OLD."markup_bp" THEN
    RAISE EXCEPTION ''the markup of tier % cannot change'', OLD."id" USING ERRCODE = ''integrity_constraint_violation''\073
  END IF\073
  IF NEW."markup_bp" IS NOT NULL AND NEW."markup_bp" < 0 THEN
    RAISE EXCEPTION ''markup_bp must not be negative'' USING ERRCODE = ''check_violation''\073
  END IF\073
  RETURN NEW\073
END\073
';
CREATE TRIGGER "price_tiers_markup_fixed" BEFORE UPDATE ON "price_tiers"
  FOR EACH ROW EXECUTE FUNCTION "billing_tier_markup_fixed"();
