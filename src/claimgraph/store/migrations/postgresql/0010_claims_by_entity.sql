-- claimgraph store on PostgreSQL, schema version 10 (as SQLite's 0010): the claims of each entity, kept in
-- publication order with their sort key copied in, so an entity's claims page is one index range scan.
CREATE TABLE claims_by_entity (
    entity_id   text COLLATE "C" NOT NULL,
    undated     smallint NOT NULL,
    published   text COLLATE "C" NOT NULL,
    doc_name    text COLLATE "C" NOT NULL,
    doc_id      text COLLATE "C" NOT NULL,
    no_start    smallint NOT NULL,
    first_start integer NOT NULL,
    claim_id    text COLLATE "C" NOT NULL,
    PRIMARY KEY (entity_id, undated, published, doc_name, doc_id, no_start, first_start, claim_id)
);
CREATE INDEX claims_by_entity_doc ON claims_by_entity (doc_id);

INSERT INTO claims_by_entity (entity_id, undated, published, doc_name, doc_id, no_start, first_start, claim_id)
SELECT DISTINCT r.entity_id, CASE WHEN d.published IS NULL THEN 1 ELSE 0 END, COALESCE(d.published, ''),
       d.name, d.id, CASE WHEN c.first_start IS NULL THEN 1 ELSE 0 END, COALESCE(c.first_start, -1), c.id
FROM (SELECT claim_id, entity_id FROM claim_args WHERE entity_id IS NOT NULL
      UNION SELECT claim_id, entity_id FROM claim_sources
      UNION SELECT id, source_entity_id FROM claims WHERE source_entity_id IS NOT NULL) AS r
JOIN claims c ON c.id = r.claim_id JOIN documents d ON d.id = c.doc_id;
