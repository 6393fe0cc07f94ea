-- claimgraph store on PostgreSQL, schema version 8 (as SQLite's 0008): what extracted each document's claims
-- (claimgraph.batch.extraction_mark); NULL means unknown.
ALTER TABLE documents ADD COLUMN extracted_by TEXT COLLATE "C";
