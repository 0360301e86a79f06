-- CreateTable
CREATE TABLE "responses" (
    "id" TEXT NOT NULL,
    "tenant_id" UUID NOT NULL,
    "previous_response_id" TEXT,
    "model" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "input" JSONB NOT NULL,
    "response" JSONB NOT NULL,
    "size_bytes" INTEGER NOT NULL,
    "chain_bytes" BIGINT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "responses_pkey" PRIMARY KEY ("tenant_id","id")
);

-- CreateIndex
CREATE INDEX "responses_tenant_id_created_at_idx" ON "responses"("tenant_id", "created_at");
