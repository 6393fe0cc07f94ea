-- claimgraph store, schema version 1: documents, entities, claims with their roles, source chains
-- and evidence, plus FTS5 indexes over document text/title and evidence text.
-- Applied by claimgraph.store.migrations inside one transaction; PRAGMA user_version tracks it.

PRAGMA application_id = 1129072455;  -- 0x434C4747, "CLGG": marks a claimgraph database

-- `seq` is an explicit integer key so VACUUM keeps the rowids the external-content FTS index uses;
-- `id` (the content hash) is the key everything else refers to.
CREATE TABLE documents (
    seq              INTEGER PRIMARY KEY,
    id               TEXT NOT NULL UNIQUE,       -- content hash of the text (Document.id)
    name             TEXT NOT NULL,              -- export handle (claims-v1 "doc")
    title            TEXT,
    url              TEXT,
    outlet           TEXT,
    published        TEXT,                       -- ISO date YYYY-MM-DD
    published_source TEXT,
    origin           TEXT,
    format           TEXT NOT NULL,
    text             TEXT NOT NULL,
    ingested_at      TEXT NOT NULL               -- ISO timestamp (UTC) of the first ingest
);
CREATE INDEX documents_published ON documents (published, name);
CREATE INDEX documents_name ON documents (name);

CREATE TABLE entities (
    id       TEXT PRIMARY KEY,                   -- EntityRef.id (from kb id, else kind + name)
    name     TEXT NOT NULL,                      -- the name it was first stored under
    kind     TEXT NOT NULL,
    kb_id    TEXT
);
CREATE INDEX entities_kb_id ON entities (kb_id);

-- Every name an entity was seen under, normalised (claimgraph.model.normalise_name) for search.
CREATE TABLE entity_names (
    entity_id TEXT NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
    name      TEXT NOT NULL,
    name_key  TEXT NOT NULL,
    PRIMARY KEY (entity_id, name_key)
) WITHOUT ROWID;

CREATE TABLE claims (
    id                   TEXT PRIMARY KEY,       -- Claim.id
    doc_id               TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    type                 TEXT NOT NULL,
    status               TEXT NOT NULL,
    source_entity_id     TEXT REFERENCES entities (id),
    time_value           TEXT,
    time_text            TEXT,
    statement_time_value TEXT,
    confidence           REAL NOT NULL,
    first_start          INTEGER,                -- start of the first evidence span (ordering)
    json                 TEXT NOT NULL           -- Claim.model_dump_json(): lossless read-back
);
CREATE INDEX claims_doc ON claims (doc_id, first_start);
CREATE INDEX claims_type ON claims (type, status);
CREATE INDEX claims_status ON claims (status);
CREATE INDEX claims_source ON claims (source_entity_id);
CREATE INDEX claims_time ON claims (time_value);

CREATE TABLE claim_args (
    claim_id  TEXT NOT NULL REFERENCES claims (id) ON DELETE CASCADE,
    role      TEXT NOT NULL,
    position  INTEGER NOT NULL,                  -- index within a list role, 0 otherwise
    entity_id TEXT REFERENCES entities (id),     -- entity roles
    value     TEXT,                              -- number and string roles (JSON-encoded)
    PRIMARY KEY (claim_id, role, position),
    CHECK ((entity_id IS NULL) <> (value IS NULL))
) WITHOUT ROWID;
CREATE INDEX claim_args_entity ON claim_args (entity_id, role);

CREATE TABLE claim_sources (
    claim_id  TEXT NOT NULL REFERENCES claims (id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,                  -- 0 = outermost reporter
    entity_id TEXT NOT NULL REFERENCES entities (id),
    PRIMARY KEY (claim_id, position)
) WITHOUT ROWID;
CREATE INDEX claim_sources_entity ON claim_sources (entity_id);

CREATE TABLE evidence (
    id       INTEGER PRIMARY KEY,
    claim_id TEXT NOT NULL REFERENCES claims (id) ON DELETE CASCADE,
    doc_id   TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    start    INTEGER NOT NULL,
    "end"    INTEGER NOT NULL,
    text     TEXT NOT NULL
);
CREATE INDEX evidence_claim ON evidence (claim_id, start);
CREATE INDEX evidence_doc ON evidence (doc_id, start);

-- Full-text search: external-content FTS5 tables kept in sync by triggers.
CREATE VIRTUAL TABLE documents_fts USING fts5 (
    title, text, content = 'documents', content_rowid = 'seq', tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
    INSERT INTO documents_fts (rowid, title, text) VALUES (new.seq, new.title, new.text);
END;
CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
    INSERT INTO documents_fts (documents_fts, rowid, title, text) VALUES ('delete', old.seq, old.title, old.text);
END;
CREATE TRIGGER documents_fts_update AFTER UPDATE OF title, text ON documents BEGIN
    INSERT INTO documents_fts (documents_fts, rowid, title, text) VALUES ('delete', old.seq, old.title, old.text);
    INSERT INTO documents_fts (rowid, title, text) VALUES (new.seq, new.title, new.text);
END;

CREATE VIRTUAL TABLE evidence_fts USING fts5 (
    text, content = 'evidence', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER evidence_fts_insert AFTER INSERT ON evidence BEGIN
    INSERT INTO evidence_fts (rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER evidence_fts_delete AFTER DELETE ON evidence BEGIN
    INSERT INTO evidence_fts (evidence_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER evidence_fts_update AFTER UPDATE OF text ON evidence BEGIN
    INSERT INTO evidence_fts (evidence_fts, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO evidence_fts (rowid, text) VALUES (new.id, new.text);
END;
