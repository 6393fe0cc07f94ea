-- claimgraph store on PostgreSQL, schema version 4: near-duplicate paragraphs (../0004_paragraph_copies.sql).

CREATE TABLE paragraph_bands (
    band    integer NOT NULL,
    bucket  text COLLATE "C" NOT NULL,
    doc_id  text COLLATE "C" NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    start   integer NOT NULL,
    "end"   integer NOT NULL,
    PRIMARY KEY (band, bucket, doc_id, start)
);
CREATE INDEX paragraph_bands_doc ON paragraph_bands (doc_id);

CREATE TABLE paragraph_copies (
    doc_id     text COLLATE "C" NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    start      integer NOT NULL,
    "end"      integer NOT NULL,
    copy_of    text COLLATE "C" NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    similarity double precision NOT NULL,
    PRIMARY KEY (doc_id, start)
);
