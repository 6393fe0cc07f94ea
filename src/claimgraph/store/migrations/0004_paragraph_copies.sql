-- claimgraph store, schema version 4: near-duplicate paragraphs (a syndicated paragraph inside an otherwise
-- different article). `paragraph_bands` is the locality-sensitive index of every long enough paragraph
-- (MinHash bands, as `document_bands` for whole documents); `paragraph_copies` records each paragraph of a
-- document that copies a paragraph of an earlier stored document, and the original document it comes from,
-- so the claims stated inside it count under that original.

CREATE TABLE paragraph_bands (
    band    INTEGER NOT NULL,
    bucket  TEXT NOT NULL,
    doc_id  TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    start   INTEGER NOT NULL,                    -- character offsets of the paragraph in documents.text
    "end"   INTEGER NOT NULL,
    PRIMARY KEY (band, bucket, doc_id, start)
) WITHOUT ROWID;
CREATE INDEX paragraph_bands_doc ON paragraph_bands (doc_id);

CREATE TABLE paragraph_copies (
    doc_id     TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    start      INTEGER NOT NULL,                 -- the copied paragraph in this document
    "end"      INTEGER NOT NULL,
    copy_of    TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,  -- the original document
    similarity REAL NOT NULL,                    -- Jaccard similarity of the word 5-shingles
    PRIMARY KEY (doc_id, start)
) WITHOUT ROWID;
