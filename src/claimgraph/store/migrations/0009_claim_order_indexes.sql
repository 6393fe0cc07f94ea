-- claimgraph store, schema version 9: covering indexes for the claims of one entity (issue 8: the entity-claims
-- query at a million claims). An entity's claims are found through claim_args / claim_sources / claims.source_entity_id
-- and then put in publication order, which needs each claim's document and first evidence start and the
-- document's date and name. Without these indexes every one of an entity's (thousands of) claims cost a claims
-- row and a documents row read (wide rows: the JSON, the text); with them each costs two index probes.
CREATE INDEX claims_order ON claims (id, doc_id, first_start);
CREATE INDEX documents_order ON documents (id, published, name);
DROP INDEX claims_source;
CREATE INDEX claims_source ON claims (source_entity_id, id);  -- covers "the claims this entity is the source of"

-- SQLite's planner, without statistics, prefers the unique index of claims.id (one row) to claims_order (it
-- guesses ten rows per id) and reads the wide row anyway. The store never runs ANALYZE, so these two rows
-- state what is true of any database: one row per id in each index (SQLite's documented "fixed statistics";
-- an ANALYZE replaces them with measured ones, which choose the same indexes).
ANALYZE sqlite_schema;  -- creates sqlite_stat1 when missing, analyses nothing
DELETE FROM sqlite_stat1 WHERE idx IN ('claims_order', 'documents_order');
INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES ('claims', 'claims_order', '1000000 1 1 1'),
                                                 ('documents', 'documents_order', '100000 1 1 1');
ANALYZE sqlite_schema;  -- reloads the statistics on this connection
