-- Request logs (usage records) may now be deleted, for retention and erasure requests, but still refuse UPDATE.
-- The ledger (transactions, entries) and prices stay fully append-only. A usage debit keeps its request id under
-- ledger_transactions' UNIQUE constraint, and the booking statement skips a request the ledger already has, so a
-- late redelivery of a call whose record was deleted is never charged again.
-- (No semicolons in comments: the offline schema engine splits scripts at every literal semicolon.)
DROP TRIGGER "usage_records_append_only" ON "usage_records";
CREATE TRIGGER "usage_records_append_only" BEFORE UPDATE ON "usage_records"
  FOR EACH ROW EXECUTE FUNCTION "billing_append_only"();

-- Retention and erasure delete by tenant and call time in small batches, and statements read the same range.
-- CreateIndex
CREATE INDEX "usage_records_tenant_id_occurred_at_idx" ON "usage_records"("tenant_id", "occurred_at");
