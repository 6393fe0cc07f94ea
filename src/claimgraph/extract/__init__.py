"""extract stage (placeholder until filled)."""
