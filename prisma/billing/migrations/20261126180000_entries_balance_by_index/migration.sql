-- The double-entry check summed the touched transactions with `transaction_id IN (SELECT ... FROM inserted)
-- GROUP BY`, which the planner ran as a merge join over the WHOLE ledger_entries index: each booking
-- statement read every entry ever posted (83 ms at 650,000 entries, growing with the ledger; under
-- load Postgres spent most of a core on it). Each touched transaction is now summed by its own index
-- lookup (LATERAL), so the check costs what the statement inserted, whatever the ledger's size.
CREATE OR REPLACE FUNCTION "billing_entries_balance"() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE bad BIGINT;
BEGIN
  IF EXISTS (SELECT 1 FROM inserted WHERE "amount_micros" = 0) THEN
    RAISE EXCEPTION 'ledger entries must not be zero' USING ERRCODE = 'check_violation';
  END IF;
  SELECT touched."transaction_id" INTO bad
    FROM (SELECT DISTINCT "transaction_id" FROM inserted) touched
    CROSS JOIN LATERAL (
      SELECT SUM(e."amount_micros") AS total FROM "ledger_entries" e WHERE e."transaction_id" = touched."transaction_id"
    ) sums
   WHERE sums.total <> 0
   LIMIT 1;
  IF bad IS NOT NULL THEN
    RAISE EXCEPTION 'ledger transaction % does not balance', bad USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END;
$$;
