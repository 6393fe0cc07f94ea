-- claimgraph store on PostgreSQL, schema version 12 (as SQLite's 0012): each ledger entry records a digest of
-- what it was built from, so that a refresh neither builds nor writes again an entry whose inputs are unchanged.
ALTER TABLE ledger_entries ADD COLUMN inputs text COLLATE "C";
