-- The stored-responses retention sweep asks which tenants have responses past retention
-- (`SELECT DISTINCT tenant_id ... WHERE created_at < $cutoff`); the only index led with tenant_id, so
-- every pass read the whole table. By created_at it reads only the expired rows it is about to delete.
CREATE INDEX "responses_created_at_idx" ON "responses"("created_at");
