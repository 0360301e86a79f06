-- CreateTable
CREATE TABLE "billing_profiles" (
    "tenant_id" UUID NOT NULL,
    "legal_name" TEXT,
    "address" TEXT,
    "tax_id" TEXT,
    "email" TEXT,
    "updated_by" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "billing_profiles_pkey" PRIMARY KEY ("tenant_id")
);
