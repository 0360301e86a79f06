-- Refunds (credits back to the balance for charged calls, or an amount against a statement month), their
-- credit notes (own gapless series), and promotional credit grants that expire by a ledger entry.

-- CreateTable
CREATE TABLE "refunds" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "transaction_id" BIGINT NOT NULL,
    "amount_micros" BIGINT NOT NULL,
    "basis" TEXT NOT NULL,
    "period" TEXT,
    "time_zone" TEXT,
    "period_from" TIMESTAMPTZ(3),
    "period_to" TIMESTAMPTZ(3),
    "reason" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "request_hash" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "refunds_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "refund_requests" (
    "request_id" TEXT NOT NULL,
    "refund_id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "amount_micros" BIGINT NOT NULL,
    "charged_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "refund_requests_pkey" PRIMARY KEY ("request_id")
);

-- CreateTable
CREATE TABLE "credit_notes" (
    "id" UUID NOT NULL,
    "number" TEXT NOT NULL,
    "tenant_id" UUID NOT NULL,
    "refund_id" UUID NOT NULL,
    "total_micros" BIGINT NOT NULL,
    "currency" TEXT NOT NULL,
    "issued_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "credit_notes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "credit_note_counters" (
    "year" INTEGER NOT NULL,
    "last" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "credit_note_counters_pkey" PRIMARY KEY ("year")
);

-- CreateTable
CREATE TABLE "promo_grants" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "amount_micros" BIGINT NOT NULL,
    "granted_at" TIMESTAMPTZ(3) NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "transaction_id" BIGINT NOT NULL,
    "reason" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "request_hash" TEXT NOT NULL,
    "expired_micros" BIGINT,
    "expiry_transaction_id" BIGINT,
    "expired_at" TIMESTAMPTZ(3),

    CONSTRAINT "promo_grants_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "refunds_transaction_id_key" ON "refunds"("transaction_id");

-- CreateIndex
CREATE INDEX "refunds_tenant_id_created_at_idx" ON "refunds"("tenant_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "refunds_tenant_id_idempotency_key_key" ON "refunds"("tenant_id", "idempotency_key");

-- CreateIndex
CREATE INDEX "refund_requests_refund_id_idx" ON "refund_requests"("refund_id");

-- CreateIndex
CREATE UNIQUE INDEX "credit_notes_number_key" ON "credit_notes"("number");

-- CreateIndex
CREATE UNIQUE INDEX "credit_notes_refund_id_key" ON "credit_notes"("refund_id");

-- CreateIndex
CREATE INDEX "credit_notes_tenant_id_issued_at_idx" ON "credit_notes"("tenant_id", "issued_at");

-- CreateIndex
CREATE UNIQUE INDEX "promo_grants_transaction_id_key" ON "promo_grants"("transaction_id");

-- CreateIndex
CREATE UNIQUE INDEX "promo_grants_expiry_transaction_id_key" ON "promo_grants"("expiry_transaction_id");

-- CreateIndex
CREATE INDEX "promo_grants_expires_at_idx" ON "promo_grants"("expires_at");

-- CreateIndex
CREATE INDEX "promo_grants_tenant_id_expires_at_idx" ON "promo_grants"("tenant_id", "expires_at");

-- CreateIndex
CREATE UNIQUE INDEX "promo_grants_tenant_id_idempotency_key_key" ON "promo_grants"("tenant_id", "idempotency_key");

-- AddForeignKey
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_transaction_id_fkey" FOREIGN KEY ("transaction_id") REFERENCES "ledger_transactions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "refund_requests" ADD CONSTRAINT "refund_requests_refund_id_fkey" FOREIGN KEY ("refund_id") REFERENCES "refunds"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "credit_notes" ADD CONSTRAINT "credit_notes_refund_id_fkey" FOREIGN KEY ("refund_id") REFERENCES "refunds"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- ---------------------------------------------------------------------------------------------
-- Hand-written: the promotions system account, the two new ledger kinds, and append-only guards.
-- (No semicolons in comments: the offline schema engine splits scripts at every literal semicolon.)
-- ---------------------------------------------------------------------------------------------

INSERT INTO "accounts" ("code") VALUES ('promotions') ON CONFLICT DO NOTHING;

CREATE OR REPLACE FUNCTION "billing_transaction_check"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  IF NEW."kind" NOT IN (''top_up'', ''usage'', ''adjustment'', ''refund'', ''promo_grant'', ''promo_expiry'') OR (NEW."kind" = ''usage'') <> (NEW."request_id" IS NOT NULL) THEN
    RAISE EXCEPTION ''invalid ledger transaction kind % / request id %'', NEW."kind", NEW."request_id" USING ERRCODE = ''check_violation''\073
  END IF\073
  RETURN NEW\073
END\073
';

-- Refunds, their request lines and credit notes are documents: never updated or deleted.
CREATE TRIGGER "refunds_append_only" BEFORE UPDATE OR DELETE ON "refunds"
  FOR EACH ROW EXECUTE FUNCTION "billing_append_only"();
CREATE TRIGGER "refund_requests_append_only" BEFORE UPDATE OR DELETE ON "refund_requests"
  FOR EACH ROW EXECUTE FUNCTION "billing_append_only"();
CREATE TRIGGER "credit_notes_append_only" BEFORE UPDATE OR DELETE ON "credit_notes"
  FOR EACH ROW EXECUTE FUNCTION "billing_append_only"();
-- A grant is marked expired once (expired_* columns), never deleted.
CREATE TRIGGER "promo_grants_no_delete" BEFORE DELETE ON "promo_grants"
  FOR EACH ROW EXECUTE FUNCTION "billing_append_only"();
