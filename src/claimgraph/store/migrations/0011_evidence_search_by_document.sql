-- claimgraph store, schema version 11: evidence_fts is filled a document at a time, not a row at a time (issue 8).
-- The insert trigger ran one FTS5 insert statement for every evidence row: about half of the cost of indexing
-- evidence for search, and 3% of the storing process's work. The writer now indexes each document's new evidence
-- rows with one INSERT … SELECT right after inserting them (claimgraph.store.sqlite.SqliteEngine.
-- index_evidence_sql). The delete and update triggers stay: a claim's evidence leaves the index with it.
DROP TRIGGER evidence_fts_insert;
