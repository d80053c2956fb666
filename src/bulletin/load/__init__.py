"""Load: files become the typed model (the repository, its field models, the ledger),
with a located finding for everything that is wrong."""
