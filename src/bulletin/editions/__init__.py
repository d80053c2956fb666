"""Editions: composing the next edition manifest, numbered and proposed from the pool."""
