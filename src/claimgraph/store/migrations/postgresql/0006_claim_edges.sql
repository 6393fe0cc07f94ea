-- claimgraph store on PostgreSQL, schema version 6: the claim graph's edges (../0006_claim_edges.sql),
-- with the same backfill from stored claims.

CREATE TABLE claim_edges (
    claim_id text COLLATE "C" NOT NULL REFERENCES claims (id) ON DELETE CASCADE,
    source   text COLLATE "C" NOT NULL,
    target   text COLLATE "C" NOT NULL,
    type     text COLLATE "C" NOT NULL,
    status   text COLLATE "C" NOT NULL,
    day      text COLLATE "C",
    said_by  text COLLATE "C",
    PRIMARY KEY (claim_id, source, target)
);
CREATE INDEX claim_edges_pair ON claim_edges (source, target, type, status);
CREATE INDEX claim_edges_target ON claim_edges (target, source, type, status);
CREATE INDEX claim_edges_type ON claim_edges (type, status, day);

WITH pairs(type, fr, tr) AS (VALUES
    ('transfer', 'supplier', 'recipient'),
    ('support', 'supporter', 'supported'),
    ('attack', 'attacker', 'target'),
    ('kill', 'killer', 'victim'),
    ('meet', 'participants', 'participants'),
    ('negotiate', 'parties', 'parties'),
    ('threaten', 'threatener', 'target'),
    ('accuse', 'accuser', 'accused'),
    ('detain', 'authority', 'detainee'),
    ('sentence', 'authority', 'defendant'),
    ('release', 'authority', 'detainee'),
    ('position', 'person', 'organization'),
    ('designate', 'designator', 'designated'),
    ('withdraw', 'party', 'agreement'),
    ('sanction', 'sanctioner', 'target'))
INSERT INTO claim_edges (claim_id, source, target, type, status, day, said_by)
SELECT c.id, a.entity_id, b.entity_id, c.type, c.status,
       COALESCE(c.time_value, c.statement_time_value, d.published), c.source_entity_id
FROM claims c JOIN documents d ON d.id = c.doc_id JOIN pairs p ON p.type = c.type
JOIN claim_args a ON a.claim_id = c.id AND a.role = p.fr AND a.entity_id IS NOT NULL
JOIN claim_args b ON b.claim_id = c.id AND b.role = p.tr AND b.entity_id IS NOT NULL
WHERE a.entity_id <> b.entity_id AND (p.fr <> p.tr OR a.entity_id < b.entity_id)
ON CONFLICT DO NOTHING;
