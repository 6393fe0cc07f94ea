-- claimgraph store on PostgreSQL, schema version 7: the readable views of ../0007_readable_views.sql
-- (string_agg in the order SQLite's group_concat reads the rows: by primary key).

CREATE VIEW claims_readable AS
SELECT c.id AS claim_id, c.type, c.status,
       (SELECT string_agg(a.role || ': ' || COALESCE(e.name, a.value::json #>> '{}'), '; '
                          ORDER BY a.role, a.position)
          FROM claim_args a LEFT JOIN entities e ON e.id = a.entity_id WHERE a.claim_id = c.id) AS roles,
       s.name AS source,
       (SELECT string_agg(se.name, ' <- ' ORDER BY cs.position) FROM claim_sources cs
          JOIN entities se ON se.id = cs.entity_id WHERE cs.claim_id = c.id) AS source_chain,
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
