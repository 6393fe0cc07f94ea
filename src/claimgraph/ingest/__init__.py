"""ingest stage (placeholder until filled)."""
