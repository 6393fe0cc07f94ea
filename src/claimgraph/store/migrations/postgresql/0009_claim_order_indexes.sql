-- claimgraph store on PostgreSQL, schema version 9 (as SQLite's 0009): covering indexes for the claims of one
-- entity in publication order, so the entity-claims query and the entity profile read index-only.
CREATE INDEX claims_order ON claims (id, doc_id, first_start);
CREATE INDEX documents_order ON documents (id, published, name);
DROP INDEX claims_source;
CREATE INDEX claims_source ON claims (source_entity_id, id);
