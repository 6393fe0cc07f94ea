"""resolve stage (placeholder until filled)."""
