-- claimgraph store, schema version 9: covering indexes for the claims of one entity (issue 8: the entity-claims
-- query at a million claims). An entity's claims are found through claim_args / claim_sources / claims.source_entity_id
-- and then put in publication order, which needs each claim's document and first evidence start and the
-- document's date and name. Without these indexes every one of an entity's (thousands of) claims cost a claims
-- row and a documents row read (wide rows: the JSON, the text); with them each costs two index probes.
CREATE INDEX claims_order ON claims (id, doc_id, first_start);
CREATE INDEX documents_order ON documents (id, published, name);
DROP INDEX claims_source;
CREATE INDEX claims_source ON claims (source_entity_id, id);  -- covers "the claims this entity is the source of"
