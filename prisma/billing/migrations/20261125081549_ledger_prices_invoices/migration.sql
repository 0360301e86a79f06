-- AlterTable
ALTER TABLE "usage_records" ADD COLUMN     "cached_tokens" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "cost_micros" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "estimated" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "gateway_cost_micros" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "key_label" TEXT,
ADD COLUMN     "occurred_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "price_id" UUID,
ADD COLUMN     "seq" BIGSERIAL NOT NULL,
ADD COLUMN     "stream" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "ttft_ms" INTEGER;

-- CreateTable
CREATE TABLE "prices" (
    "id" UUID NOT NULL,
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

    CONSTRAINT "prices_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "accounts" (
    "code" TEXT NOT NULL,
    "tenant_id" UUID,
    "balance_micros" BIGINT NOT NULL DEFAULT 0,
    "version" BIGINT NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "accounts_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "ledger_transactions" (
    "id" BIGSERIAL NOT NULL,
    "tenant_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "request_id" TEXT,
    "reference" TEXT,
    "reason" TEXT,
    "actor" TEXT NOT NULL,
    "posted_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ledger_transactions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ledger_entries" (
    "id" BIGSERIAL NOT NULL,
    "transaction_id" BIGINT NOT NULL,
    "account_code" TEXT NOT NULL,
    "amount_micros" BIGINT NOT NULL,
    "posted_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ledger_entries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "parked_usage" (
    "id" BIGSERIAL NOT NULL,
    "stream_seq" BIGINT,
    "request_id" TEXT,
    "payload" BYTEA NOT NULL,
    "error" TEXT NOT NULL,
    "deliveries" INTEGER NOT NULL,
    "parked_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "parked_usage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "payment_events" (
    "id" UUID NOT NULL,
    "provider" TEXT NOT NULL,
    "event_id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "payment_ref" TEXT,
    "outcome" TEXT NOT NULL,
    "tenant_id" UUID,
    "amount_micros" BIGINT,
    "transaction_id" BIGINT,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "payment_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "invoices" (
    "id" UUID NOT NULL,
    "number" TEXT NOT NULL,
    "tenant_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "total_micros" BIGINT NOT NULL,
    "currency" TEXT NOT NULL,
    "reference" TEXT,
    "transaction_id" BIGINT NOT NULL,
    "issued_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "invoices_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "invoice_counters" (
    "year" INTEGER NOT NULL,
    "last" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "invoice_counters_pkey" PRIMARY KEY ("year")
);

-- CreateIndex
CREATE INDEX "prices_model_effective_from_idx" ON "prices"("model", "effective_from");

-- CreateIndex
CREATE UNIQUE INDEX "accounts_tenant_id_key" ON "accounts"("tenant_id");

-- CreateIndex
CREATE UNIQUE INDEX "ledger_transactions_request_id_key" ON "ledger_transactions"("request_id");

-- CreateIndex
CREATE INDEX "ledger_transactions_tenant_id_posted_at_idx" ON "ledger_transactions"("tenant_id", "posted_at");

-- CreateIndex
CREATE INDEX "ledger_entries_account_code_posted_at_idx" ON "ledger_entries"("account_code", "posted_at");

-- CreateIndex
CREATE INDEX "ledger_entries_transaction_id_idx" ON "ledger_entries"("transaction_id");

-- CreateIndex
CREATE UNIQUE INDEX "payment_events_provider_event_id_key" ON "payment_events"("provider", "event_id");

-- CreateIndex
CREATE UNIQUE INDEX "payment_events_provider_payment_ref_key" ON "payment_events"("provider", "payment_ref");

-- CreateIndex
CREATE UNIQUE INDEX "invoices_number_key" ON "invoices"("number");

-- CreateIndex
CREATE UNIQUE INDEX "invoices_transaction_id_key" ON "invoices"("transaction_id");

-- CreateIndex
CREATE INDEX "invoices_tenant_id_issued_at_idx" ON "invoices"("tenant_id", "issued_at");

-- CreateIndex
CREATE UNIQUE INDEX "usage_records_seq_key" ON "usage_records"("seq");

-- CreateIndex
CREATE INDEX "usage_records_tenant_id_seq_idx" ON "usage_records"("tenant_id", "seq");

-- AddForeignKey
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_transaction_id_fkey" FOREIGN KEY ("transaction_id") REFERENCES "ledger_transactions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_account_code_fkey" FOREIGN KEY ("account_code") REFERENCES "accounts"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_transaction_id_fkey" FOREIGN KEY ("transaction_id") REFERENCES "ledger_transactions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- ---------------------------------------------------------------------------------------------
-- Hand-written guards: the Prisma schema language cannot express them and migrate diff ignores them.
-- ---------------------------------------------------------------------------------------------

-- System accounts every transaction balances against.
INSERT INTO "accounts" ("code") VALUES ('revenue'), ('payments'), ('adjustments') ON CONFLICT DO NOTHING;

-- Row checks as triggers, not CHECK constraints (the offline schema describer cannot read CHECK constraints).
CREATE FUNCTION "billing_transaction_check"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  IF NEW."kind" NOT IN (''top_up'', ''usage'', ''adjustment'', ''refund'') OR (NEW."kind" = ''usage'') <> (NEW."request_id" IS NOT NULL) THEN
    RAISE EXCEPTION ''invalid ledger transaction kind % / request id %'', NEW."kind", NEW."request_id" USING ERRCODE = ''check_violation''\073
  END IF\073
  RETURN NEW\073
END\073
';
CREATE TRIGGER "ledger_transactions_check" BEFORE INSERT ON "ledger_transactions"
  FOR EACH ROW EXECUTE FUNCTION "billing_transaction_check"();

-- Append-only: ledger rows, prices and request logs are never updated or deleted.
-- Function bodies are E-strings with \073 for each semicolon: the offline schema engine splits scripts at every literal semicolon.
CREATE FUNCTION "billing_append_only"() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS E'
BEGIN
  RAISE EXCEPTION ''billing.% is append-only (% refused)'', TG_TABLE_NAME, TG_OP USING ERRCODE = ''integrity_constraint_violation''\073
END\073
';
CREATE TRIGGER "ledger_transactions_append_only" BEFORE UPDATE OR DELETE ON "ledger_transactions"
  FOR EACH ROW EXECUTE FUNCTION "billing_append_only"();
CREATE TRIGGER "ledger_entries_append_only" BEFORE UPDATE OR DELETE ON "ledger_entries"
  FOR EACH ROW EXECUTE FUNCTION "billing_append_only"();
CREATE TRIGGER "ledger_entries_no_truncate" BEFORE TRUNCATE ON "ledger_entries"
  FOR EACH STATEMENT EXECUTE FUNCTION "billing_append_only"();
CREATE TRIGGER "prices_append_only" BEFORE UPDATE OR DELETE ON "prices"
  FOR EACH ROW EXECUTE FUNCTION "billing_append_only"();
CREATE TRIGGER "usage_records_append_only" BEFORE UPDATE OR DELETE ON "usage_records"
  FOR EACH ROW EXECUTE FUNCTION "billing_append_only"();

-- Double entry: each INSERT statement into ledger_entries must leave every transaction it touched summing to zero
-- (the service writes both legs in one statement). A statement trigger, since the offline schema describer
-- cannot read constraint triggers.
CREATE FUNCTION "billing_entries_balance"() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS E'
DECLARE bad BIGINT\073
BEGIN
  IF EXISTS (SELECT 1 FROM inserted WHERE "amount_micros" = 0) THEN
    RAISE EXCEPTION ''ledger entries must not be zero'' USING ERRCODE = ''check_violation''\073
  END IF\073
  SELECT e."transaction_id" INTO bad FROM "ledger_entries" e
    WHERE e."transaction_id" IN (SELECT DISTINCT "transaction_id" FROM inserted)
    GROUP BY e."transaction_id" HAVING SUM(e."amount_micros") <> 0 LIMIT 1\073
  IF bad IS NOT NULL THEN
    RAISE EXCEPTION ''ledger transaction % does not balance'', bad USING ERRCODE = ''check_violation''\073
  END IF\073
  RETURN NULL\073
END\073
';
CREATE TRIGGER "ledger_entries_balance" AFTER INSERT ON "ledger_entries"
  REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION "billing_entries_balance"();
