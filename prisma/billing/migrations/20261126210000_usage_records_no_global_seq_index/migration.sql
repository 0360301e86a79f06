-- Request logs are read per tenant, newest first by seq (the (tenant_id, seq) index). With a global
-- unique index on seq beside it, Postgres walked that one backwards and filtered by tenant, so a quiet
-- tenant's first page read past every other tenant's newer rows (the planner cannot know the newest
-- rows are someone else's). Nothing reads seq across tenants; seq stays a sequence-assigned column,
-- and a booked call now updates one index fewer.
DROP INDEX "usage_records_seq_key";
