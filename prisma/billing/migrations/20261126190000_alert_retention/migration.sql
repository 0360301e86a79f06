-- Retention of alerts (ALERT_RETENTION_DAYS, WEBHOOK_DELIVERY_RETENTION_DAYS): the job deletes the oldest rows
-- first, by created_at, in batches. Deleting an alert event looks up the deliveries that reference it (the
-- job's NOT EXISTS, and the ON DELETE SET NULL action of the foreign key): without an index on alert_id each
-- deleted alert would read the whole outbox.

-- CreateIndex
CREATE INDEX "alert_events_created_at_idx" ON "alert_events"("created_at");

-- CreateIndex
CREATE INDEX "webhook_deliveries_alert_id_idx" ON "webhook_deliveries"("alert_id");

-- CreateIndex
CREATE INDEX "webhook_deliveries_created_at_idx" ON "webhook_deliveries"("created_at");
