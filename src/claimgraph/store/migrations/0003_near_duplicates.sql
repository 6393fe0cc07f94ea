-- claimgraph store, schema version 3: near-duplicate documents (syndicated copies, reposts).
-- Each document keeps its MinHash signature; `document_bands` is the locality-sensitive index (band number,
-- bucket hash) that finds candidate copies without reading every signature. `copy_of` names the earliest
-- stored document a near-duplicate copies, so corroboration counts independent originals only.

ALTER TABLE documents ADD COLUMN signature BLOB;
ALTER TABLE documents ADD COLUMN copy_of TEXT;

CREATE TABLE document_bands (
    band    INTEGER NOT NULL,
    bucket  TEXT NOT NULL,
    doc_id  TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    PRIMARY KEY (band, bucket, doc_id)
) WITHOUT ROWID;
