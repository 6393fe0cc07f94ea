"""export stage (placeholder until filled)."""
