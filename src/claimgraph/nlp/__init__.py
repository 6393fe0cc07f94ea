"""nlp stage (placeholder until filled)."""
