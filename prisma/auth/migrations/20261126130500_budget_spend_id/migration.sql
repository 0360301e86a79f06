-- The id a key's budget spend is counted under: its own, or for a rotated key its predecessor's,
-- so that rotating a key does not start its budget period afresh.
-- AlterTable
ALTER TABLE "api_keys" ADD COLUMN     "budget_spend_id" UUID;
