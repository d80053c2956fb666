"""Check: the engine that runs the rules over a repository, the rules themselves, and
what they share (prose, personal data, near-duplicate detection)."""
