-- Nothing reads usage_records by (tenant_id, created_at): request logs page by seq, statements,
-- summaries, model health and retention by occurred_at. Every booked call updated this index for nothing.
DROP INDEX IF EXISTS "usage_records_tenant_id_created_at_idx";
