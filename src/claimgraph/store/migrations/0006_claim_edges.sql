-- claimgraph store, schema version 6: the claim graph's edges, one row per claim and (from, to) entity pair
-- (claimgraph.model.EDGE_ROLES: supplier -> recipient, attacker -> target, …; undirected roles give each pair
-- once, from < to). With the claim's type, status, date (event, else statement, else publication) and the
-- entity it is attributed to, so the network view aggregates one narrow indexed table instead of joining
-- claims, documents and roles. Kept by Store.add; rows go with their claim (ON DELETE CASCADE).

CREATE TABLE claim_edges (
    claim_id TEXT NOT NULL REFERENCES claims (id) ON DELETE CASCADE,
    source   TEXT NOT NULL,                      -- entity id of the from role
    target   TEXT NOT NULL,                      -- entity id of the to role
    type     TEXT NOT NULL,
    status   TEXT NOT NULL,
    day      TEXT,                               -- ISO date at the text's precision
    said_by  TEXT,                               -- claims.source_entity_id
    PRIMARY KEY (claim_id, source, target)
) WITHOUT ROWID;
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
INSERT OR IGNORE INTO claim_edges (claim_id, source, target, type, status, day, said_by)
SELECT c.id, a.entity_id, b.entity_id, c.type, c.status,
       COALESCE(c.time_value, c.statement_time_value, d.published), c.source_entity_id
FROM claims c JOIN documents d ON d.id = c.doc_id JOIN pairs p ON p.type = c.type
JOIN claim_args a ON a.claim_id = c.id AND a.role = p.fr AND a.entity_id IS NOT NULL
JOIN claim_args b ON b.claim_id = c.id AND b.role = p.tr AND b.entity_id IS NOT NULL
WHERE a.entity_id <> b.entity_id AND (p.fr <> p.tr OR a.entity_id < b.entity_id);
