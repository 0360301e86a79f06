-- The admin ledger listing reads an account's entries newest first, a page at a time (`before` an entry id).
-- As `account_code = $1 ORDER BY id DESC LIMIT n` Postgres walked the primary key backwards and filtered by
-- account: it assumes an account's entries are spread evenly through the ledger, so for an account holding a
-- large share of it the walk looks short, while for one with no recent entries it reads every entry posted
-- since by every other account. An (account_code, id) index does not change that plan (the primary key still
-- gives the id order, and looks cheaper). Ordered by -id, only this index gives the order: the page is a walk
-- of `limit` entries down it, whatever the ledger's size. Prisma cannot declare an expression index, so the
-- schema does not list it.
CREATE INDEX "ledger_entries_account_newest_idx" ON "ledger_entries"("account_code", (-"id"));
