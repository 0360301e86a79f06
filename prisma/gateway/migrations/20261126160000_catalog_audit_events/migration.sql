-- CreateTable
CREATE TABLE "catalog_audit_events" (
    "id" UUID NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "tenant_id" UUID,
    "target" TEXT NOT NULL,
    "details" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "catalog_audit_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "catalog_audit_events_occurred_at_id_idx" ON "catalog_audit_events"("occurred_at", "id");

-- CreateIndex
CREATE INDEX "catalog_audit_events_tenant_id_occurred_at_id_idx" ON "catalog_audit_events"("tenant_id", "occurred_at", "id");
