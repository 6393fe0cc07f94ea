-- claimgraph store, schema version 8: what extracted each document's claims (see claimgraph.batch.extraction_mark:
-- the extractor's fingerprint and a digest of the document's metadata). An ingest skips a stored document whose
-- mark is the one it would write, before parsing it; NULL (imported, or stored before version 8) means unknown.
ALTER TABLE documents ADD COLUMN extracted_by TEXT;
