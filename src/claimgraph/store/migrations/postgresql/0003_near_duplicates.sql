-- claimgraph store on PostgreSQL, schema version 3: near-duplicate documents (../0003_near_duplicates.sql).

ALTER TABLE documents ADD COLUMN signature bytea;
ALTER TABLE documents ADD COLUMN copy_of text COLLATE "C";

CREATE TABLE document_bands (
    band    integer NOT NULL,
    bucket  text COLLATE "C" NOT NULL,
    doc_id  text COLLATE "C" NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    PRIMARY KEY (band, bucket, doc_id)
);
