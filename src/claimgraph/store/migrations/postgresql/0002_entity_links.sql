-- claimgraph store on PostgreSQL, schema version 2: cross-document entity linking (../0002_entity_links.sql).

ALTER TABLE entities ADD COLUMN block text COLLATE "C";
CREATE INDEX entities_block ON entities (block);

CREATE TABLE entity_links (
    entity_id text COLLATE "C" NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
    name      text COLLATE "C" NOT NULL,
    reason    text COLLATE "C" NOT NULL,
    score     double precision NOT NULL,
    doc_id    text COLLATE "C" NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    PRIMARY KEY (entity_id, name, doc_id)
);
