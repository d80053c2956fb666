"""The rule families. Importing this package registers every rule."""

from . import confidentiality, editions, limits, loading, network, quality, review, structure
from .registry import BY_NAME, REGISTRY, Context, Option, Rule, lookup, rule

__all__ = ["BY_NAME", "REGISTRY", "Context", "Option", "Rule", "confidentiality", "editions",
           "limits", "loading", "lookup", "network", "quality", "review", "rule", "structure"]
