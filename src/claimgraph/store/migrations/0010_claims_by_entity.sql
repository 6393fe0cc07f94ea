-- claimgraph store, schema version 10: claims_by_entity, the claims of each entity, kept in publication order (issue 8: any
-- entity's claims page at a million claims in one index range scan). One row per (entity, claim) for every
-- entity a claim names in a role, in its source chain or as its source, with the claim's sort key
-- (claimgraph.store.records.CLAIM_ORDER: the document's date, undated last, its name and id, the first
-- evidence start, the claim id) copied in, so "the first 50 claims of Iran" reads 50 index entries instead of
-- sorting all of Iran's thousands. The writer keeps it: it deletes a document's rows with its claims, inserts
-- the new ones, and updates the sort keys when a document's date or name changes. Derived data: it can be
-- rebuilt from claim_args, claim_sources, claims and documents with the INSERT below.
CREATE TABLE claims_by_entity (
    entity_id   TEXT NOT NULL,
    undated     INTEGER NOT NULL,              -- 1 when the document has no publication date (sorted last)
    published   TEXT NOT NULL,                 -- documents.published, '' when undated
    doc_name    TEXT NOT NULL,
    doc_id      TEXT NOT NULL,
    no_start    INTEGER NOT NULL,              -- 1 when the claim has no evidence span (sorted last)
    first_start INTEGER NOT NULL,              -- claims.first_start, -1 when there is none
    claim_id    TEXT NOT NULL,
    PRIMARY KEY (entity_id, undated, published, doc_name, doc_id, no_start, first_start, claim_id)
) WITHOUT ROWID;
CREATE INDEX claims_by_entity_doc ON claims_by_entity (doc_id);

INSERT INTO claims_by_entity (entity_id, undated, published, doc_name, doc_id, no_start, first_start, claim_id)
SELECT DISTINCT r.entity_id, CASE WHEN d.published IS NULL THEN 1 ELSE 0 END, COALESCE(d.published, ''),
       d.name, d.id, CASE WHEN c.first_start IS NULL THEN 1 ELSE 0 END, COALESCE(c.first_start, -1), c.id
FROM (SELECT claim_id, entity_id FROM claim_args WHERE entity_id IS NOT NULL
      UNION SELECT claim_id, entity_id FROM claim_sources
      UNION SELECT id, source_entity_id FROM claims WHERE source_entity_id IS NOT NULL) AS r
JOIN claims c ON c.id = r.claim_id JOIN documents d ON d.id = c.doc_id;
