-- CreateTable
CREATE TABLE "route_targets" (
    "id" UUID NOT NULL,
    "route_id" UUID NOT NULL,
    "provider_id" UUID NOT NULL,
    "upstream_model" TEXT NOT NULL,
    "priority" INTEGER NOT NULL DEFAULT 0,
    "weight" INTEGER NOT NULL DEFAULT 1,
    "timeout_ms" INTEGER,
    "position" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "route_targets_pkey" PRIMARY KEY ("id")
);

-- Keep every existing route: its single upstream becomes its first target.
INSERT INTO "route_targets" ("id", "route_id", "provider_id", "upstream_model")
SELECT gen_random_uuid(), "id", "provider_id", "upstream_model" FROM "model_routes";

-- DropForeignKey
ALTER TABLE "model_routes" DROP CONSTRAINT "model_routes_provider_id_fkey";

-- AlterTable
ALTER TABLE "model_routes" DROP COLUMN "provider_id",
DROP COLUMN "upstream_model",
ADD COLUMN     "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- CreateIndex
CREATE INDEX "route_targets_route_id_idx" ON "route_targets"("route_id");

-- AddForeignKey
ALTER TABLE "route_targets" ADD CONSTRAINT "route_targets_route_id_fkey" FOREIGN KEY ("route_id") REFERENCES "model_routes"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "route_targets" ADD CONSTRAINT "route_targets_provider_id_fkey" FOREIGN KEY ("provider_id") REFERENCES "providers"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
