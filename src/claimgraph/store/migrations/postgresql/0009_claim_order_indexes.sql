-- claimgraph store on PostgreSQL, schema version 9 (as SQLite's 0009): covering indexes for the claims of one
-- entity in publication order, so the entity-claims query and the entity profile read index-only.
-- claim_args and claim_sources are heap tables here (WITHOUT ROWID tables on SQLite, whose indexes carry the
-- claim id already): their entity indexes gain claim_id, or each of an entity's claims costs a heap page.
CREATE INDEX claims_order ON claims (id, doc_id, first_start);
CREATE INDEX documents_order ON documents (id, published, name);
DROP INDEX claims_source;
CREATE INDEX claims_source ON claims (source_entity_id, id);
DROP INDEX claim_args_entity;
CREATE INDEX claim_args_entity ON claim_args (entity_id, role, claim_id);
DROP INDEX claim_sources_entity;
CREATE INDEX claim_sources_entity ON claim_sources (entity_id, claim_id);
