"""The extraction stage: claims with roles, attribution, status, times and evidence from a parsed Doc."""

from .engine import ClaimExtractor, Extraction
from .lexicon import Lexicon, load_lexicon

__all__ = ["ClaimExtractor", "Extraction", "Lexicon", "load_lexicon"]
