-- A payment whose amount passes what amount_micros (bigint) holds is held for review with its
-- amount kept here, as the decimal string of micro-units, so the admin deciding it sees what was
-- paid (it was stored as NULL: the amount was lost). Approving such a payment still refuses.
ALTER TABLE "payment_events" ADD COLUMN "amount_micros_text" TEXT;
