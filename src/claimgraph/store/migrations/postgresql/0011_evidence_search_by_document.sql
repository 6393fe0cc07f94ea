-- claimgraph store on PostgreSQL, schema version 11 (as SQLite's 0011, which drops the trigger that filled SQLite's
-- evidence_fts a row at a time): PostgreSQL's evidence_search index keeps itself, so nothing changes here but
-- this note on the index.
COMMENT ON INDEX evidence_search IS 'Full-text search over evidence spans; kept current by PostgreSQL itself.';
