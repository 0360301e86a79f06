-- AlterTable
ALTER TABLE "api_keys" ADD COLUMN     "providers" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- AlterTable
ALTER TABLE "tenants" ADD COLUMN     "providers" TEXT[] DEFAULT ARRAY[]::TEXT[];
