-- Alerts by signed webhook (issue 14): a tenant's endpoints, its balance-low setting, the alerts raised for it
-- (once per dedupe key) and the outbox of deliveries (one per alert and endpoint) that billing's workers POST.

-- CreateTable
CREATE TABLE "webhook_endpoints" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "url" TEXT NOT NULL,
    "description" TEXT,
    "event_types" TEXT[],
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "secret_sealed" TEXT NOT NULL,
    "created_by" TEXT NOT NULL,
    "updated_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "secret_rotated_at" TIMESTAMPTZ(3),

    CONSTRAINT "webhook_endpoints_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_settings" (
    "tenant_id" UUID NOT NULL,
    "balance_low_threshold_micros" BIGINT,
    "balance_low_armed" BOOLEAN NOT NULL DEFAULT true,
    "updated_by" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "alert_settings_pkey" PRIMARY KEY ("tenant_id")
);

-- CreateTable
CREATE TABLE "alert_events" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "dedupe_key" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "alert_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "webhook_deliveries" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "endpoint_id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "alert_id" UUID,
    "type" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3),
    "locked_until" TIMESTAMPTZ(3),
    "last_attempt_at" TIMESTAMPTZ(3),
    "last_status_code" INTEGER,
    "last_error" TEXT,
    "delivered_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "webhook_deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "webhook_endpoints_tenant_id_idx" ON "webhook_endpoints"("tenant_id");

-- CreateIndex
CREATE UNIQUE INDEX "alert_events_tenant_id_dedupe_key_key" ON "alert_events"("tenant_id", "dedupe_key");

-- CreateIndex
CREATE INDEX "webhook_deliveries_status_next_attempt_at_idx" ON "webhook_deliveries"("status", "next_attempt_at");

-- CreateIndex
CREATE INDEX "webhook_deliveries_endpoint_id_created_at_idx" ON "webhook_deliveries"("endpoint_id", "created_at");

-- CreateIndex
CREATE INDEX "webhook_deliveries_tenant_id_created_at_idx" ON "webhook_deliveries"("tenant_id", "created_at");

-- AddForeignKey
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_endpoint_id_fkey" FOREIGN KEY ("endpoint_id") REFERENCES "webhook_endpoints"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_alert_id_fkey" FOREIGN KEY ("alert_id") REFERENCES "alert_events"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- One alert, once per (tenant, dedupe key): recorded, then one pending delivery per enabled endpoint of the
-- tenant subscribed to its type, in the caller's transaction. True when it was new. Used by the service (NATS
-- alerts, payments) and by the triggers below. Function bodies are E-strings with \073 for each semicolon
-- (the offline schema engine splits scripts at every literal semicolon).
CREATE FUNCTION "billing_raise_alert"(p_tenant UUID, p_type TEXT, p_dedupe_key TEXT, p_data JSONB, p_occurred_at TIMESTAMPTZ)
  RETURNS BOOLEAN LANGUAGE plpgsql SET search_path FROM CURRENT AS E'
DECLARE alert UUID\073
BEGIN
  INSERT INTO "alert_events" ("tenant_id", "type", "dedupe_key", "data", "occurred_at")
    VALUES (p_tenant, p_type, p_dedupe_key, p_data, p_occurred_at)
    ON CONFLICT ("tenant_id", "dedupe_key") DO NOTHING
    RETURNING "id" INTO alert\073
  IF alert IS NULL THEN
    RETURN false\073
  END IF\073
  INSERT INTO "webhook_deliveries" ("endpoint_id", "tenant_id", "alert_id", "type", "data", "occurred_at", "next_attempt_at")
    SELECT e."id", p_tenant, alert, p_type, p_data, p_occurred_at, now() FROM "webhook_endpoints" e
    WHERE e."tenant_id" = p_tenant AND e."enabled" AND p_type = ANY (e."event_types")\073
  RETURN true\073
END\073
';

-- balance.low, once per crossing: whatever moves a tenant's balance (usage booking, lost calls, credits,
-- adjustments, refunds) updates its account row under that row's lock, so the crossing is decided here, in the
-- same transaction, exactly once. Below the threshold while armed: raise and disarm, back at or above it: re-arm.
CREATE FUNCTION "billing_balance_low_check"() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS E'
DECLARE threshold BIGINT\073 armed BOOLEAN\073
BEGIN
  SELECT s."balance_low_threshold_micros", s."balance_low_armed" INTO threshold, armed
    FROM "alert_settings" s WHERE s."tenant_id" = NEW."tenant_id"\073
  IF threshold IS NULL THEN
    RETURN NULL\073
  END IF\073
  IF NEW."balance_micros" < threshold AND armed THEN
    UPDATE "alert_settings" SET "balance_low_armed" = false WHERE "tenant_id" = NEW."tenant_id"\073
    PERFORM "billing_raise_alert"(NEW."tenant_id", ''balance.low'', ''balance.low:'' || NEW."version"::text,
      jsonb_build_object(''balanceMicros'', NEW."balance_micros", ''thresholdMicros'', threshold), now())\073
  ELSIF NEW."balance_micros" >= threshold AND NOT armed THEN
    UPDATE "alert_settings" SET "balance_low_armed" = true WHERE "tenant_id" = NEW."tenant_id"\073
  END IF\073
  RETURN NULL\073
END\073
';
CREATE TRIGGER "accounts_balance_low" AFTER UPDATE OF "balance_micros" ON "accounts"
  FOR EACH ROW WHEN (NEW."tenant_id" IS NOT NULL AND OLD."balance_micros" IS DISTINCT FROM NEW."balance_micros")
  EXECUTE FUNCTION "billing_balance_low_check"();

-- payment.credited: a payment event gets its ledger transaction once, in the transaction that credits it
-- (a verified webhook, or an admin approving a held one), after the credit: the balance read here includes it.
CREATE FUNCTION "billing_payment_credited"() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS E'
BEGIN
  PERFORM "billing_raise_alert"(NEW."tenant_id", ''payment.credited'', ''payment:'' || NEW."provider" || '':'' || NEW."event_id",
    jsonb_build_object(''provider'', NEW."provider", ''paymentId'', NEW."payment_ref", ''amountMicros'', NEW."amount_micros",
      ''balanceMicros'', (SELECT a."balance_micros" FROM "accounts" a WHERE a."tenant_id" = NEW."tenant_id")), now())\073
  RETURN NULL\073
END\073
';
CREATE TRIGGER "payment_events_credited" AFTER UPDATE OF "transaction_id" ON "payment_events"
  FOR EACH ROW WHEN (OLD."transaction_id" IS NULL AND NEW."transaction_id" IS NOT NULL AND NEW."outcome" = 'credited' AND NEW."tenant_id" IS NOT NULL)
  EXECUTE FUNCTION "billing_payment_credited"();
