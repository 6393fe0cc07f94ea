-- claimgraph store, schema version 2: cross-document entity linking.
-- `entities.block` buckets entities for linking (kind + first letter of a phonetic key), and
-- `entity_links` records why a name a document used was stored as an existing entity (explainable merges).

ALTER TABLE entities ADD COLUMN block TEXT;
CREATE INDEX entities_block ON entities (block);

CREATE TABLE entity_links (
    entity_id TEXT NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
    name      TEXT NOT NULL,                     -- the name as the document gave it
    reason    TEXT NOT NULL,                     -- name | transliteration
    score     REAL NOT NULL,                     -- 0-100 (rapidfuzz ratio of phonetic keys)
    doc_id    TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    PRIMARY KEY (entity_id, name, doc_id)
) WITHOUT ROWID;
