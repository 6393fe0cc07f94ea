-- claimgraph store, schema version 12: each ledger entry records what it was built from (issue 8).
-- `ledger_entries.inputs` is a digest of the entry's event time, its claims in order (each as stored, with the
-- original document it counts under) and the deny claims of their documents: everything the entry is computed
-- from (claimgraph.store.ledger). A refresh recomputes every entry of a group that a claim joins or leaves; an
-- entry whose digest is the stored one would come out as stored, so it is neither built nor written again.
-- Rows written before this version have none, and are built again the first time their group is refreshed.
ALTER TABLE ledger_entries ADD COLUMN inputs TEXT;
