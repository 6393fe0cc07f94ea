-- claimgraph store, schema version 7: readable views for SQL users and Datasette (see store/datasette.py).
-- `claims_readable`: one row per claim with its document, roles and first evidence as text.
-- `entity_claims`: one row per entity and claim it appears in, with the role (or 'source').

CREATE VIEW claims_readable AS
SELECT c.id AS claim_id, c.type, c.status,
       (SELECT group_concat(a.role || ': ' || COALESCE(e.name, json_extract(a.value, '$')), '; ')
          FROM claim_args a LEFT JOIN entities e ON e.id = a.entity_id WHERE a.claim_id = c.id) AS roles,
       s.name AS source,
       (SELECT group_concat(se.name, ' <- ') FROM (SELECT cs.entity_id FROM claim_sources cs
          WHERE cs.claim_id = c.id ORDER BY cs.position) q JOIN entities se ON se.id = q.entity_id) AS source_chain,
       c.time_value AS happened, COALESCE(c.statement_time_value, d.published) AS said,
       d.name AS document, d.outlet, d.published,
       (SELECT v.text FROM evidence v WHERE v.claim_id = c.id ORDER BY v.start LIMIT 1) AS evidence,
       c.confidence, c.doc_id
FROM claims c JOIN documents d ON d.id = c.doc_id LEFT JOIN entities s ON s.id = c.source_entity_id;

CREATE VIEW entity_claims AS
SELECT e.id AS entity_id, e.name AS entity, e.kind, e.kb_id, a.role, c.id AS claim_id, c.type, c.status
FROM claim_args a JOIN entities e ON e.id = a.entity_id JOIN claims c ON c.id = a.claim_id
UNION ALL
SELECT e.id, e.name, e.kind, e.kb_id, 'source', c.id, c.type, c.status
FROM claim_sources s JOIN entities e ON e.id = s.entity_id JOIN claims c ON c.id = s.claim_id;
