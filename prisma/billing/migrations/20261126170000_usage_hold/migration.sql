-- The hold a call was admitted on, kept on its request-log row: the booking statement names an
-- overage from the row it inserted, without joining its input back (a join whose cost grew with
-- the square of the batch).
ALTER TABLE "usage_records" ADD COLUMN "hold_micros" BIGINT;
