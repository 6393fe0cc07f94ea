"""store stage (placeholder until filled)."""
