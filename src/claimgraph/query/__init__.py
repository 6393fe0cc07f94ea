"""query stage (placeholder until filled)."""
