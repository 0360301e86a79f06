-- The promotion expiry sweep looks for grants due and not yet processed. Processed grants stay forever, and the
-- index on expires_at alone read every one of them on each pass (a cost that grew with all grants ever made).
-- A partial index holds only the grants not yet processed.
CREATE INDEX "promo_grants_expires_at_unprocessed_idx" ON "promo_grants"("expires_at") WHERE "expired_at" IS NULL;
