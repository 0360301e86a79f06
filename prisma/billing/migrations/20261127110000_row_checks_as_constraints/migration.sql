-- Row checks become CHECK constraints. They were PL/pgSQL triggers only because the first offline
-- schema tooling could not read CHECK constraints (the migration runner takes plain SQL now); a
-- trigger stays only for what a CHECK cannot say: append-only rows, allowed transitions, and a
-- transaction's legs summing to zero. Each booked call inserts a ledger transaction, so its kind
-- check no longer runs a PL/pgSQL function per row. Same SQLSTATE as before (23514, check_violation).

ALTER TABLE "ledger_transactions" ADD CONSTRAINT "ledger_transactions_kind_check" CHECK (
  "kind" IN ('top_up', 'usage', 'adjustment', 'refund', 'promo_grant', 'promo_expiry')
  AND ("kind" = 'usage') = ("request_id" IS NOT NULL)
);
DROP TRIGGER "ledger_transactions_check" ON "ledger_transactions";
DROP FUNCTION "billing_transaction_check"();

ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_amount_check" CHECK ("amount_micros" <> 0);

-- The double-entry check as in 20261126180000, without the zero check the constraint above now makes.
CREATE OR REPLACE FUNCTION "billing_entries_balance"() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE bad BIGINT;
BEGIN
  SELECT touched."transaction_id" INTO bad
    FROM (SELECT DISTINCT "transaction_id" FROM inserted) touched
    CROSS JOIN LATERAL (
      SELECT SUM(e."amount_micros") AS total FROM "ledger_entries" e WHERE e."transaction_id" = touched."transaction_id"
    ) sums
   WHERE sums.total <> 0
   LIMIT 1;
  IF bad IS NOT NULL THEN
    RAISE EXCEPTION 'ledger transaction % does not balance', bad USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END;
$$;

ALTER TABLE "cost_prices" ADD CONSTRAINT "cost_prices_status_check" CHECK ("status" IN ('proposed', 'accepted', 'rejected'));

-- The cost-price guard as in 20261126150000, without the status check the constraint above now makes.
CREATE OR REPLACE FUNCTION "billing_cost_price_guard"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD."status" = 'accepted' AND OLD."effective_from" <= now() THEN
      RAISE EXCEPTION 'cost price % is in force and cannot be deleted', OLD."id" USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN OLD;
  END IF;
  IF TG_OP = 'UPDATE' AND (OLD."status" <> 'proposed' OR NEW."model" IS DISTINCT FROM OLD."model"
      OR NEW."input_per_million" <> OLD."input_per_million" OR NEW."cached_input_per_million" <> OLD."cached_input_per_million"
      OR NEW."output_per_million" <> OLD."output_per_million") THEN
    RAISE EXCEPTION 'cost price % was reviewed already (update refused)', OLD."id" USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END;
$$;

-- A negative markup was refused only on update (the trigger runs BEFORE UPDATE); the constraint refuses it on insert too.
ALTER TABLE "price_tiers" ADD CONSTRAINT "price_tiers_markup_check" CHECK ("markup_bp" IS NULL OR "markup_bp" >= 0);

CREATE OR REPLACE FUNCTION "billing_tier_markup_fixed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."markup_bp" IS DISTINCT FROM OLD."markup_bp" THEN
    RAISE EXCEPTION 'the markup of tier % cannot change', OLD."id" USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END;
$$;
