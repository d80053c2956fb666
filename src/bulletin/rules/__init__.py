"""The rule families. Importing this package registers every rule."""

from . import editions, loading, structure
from .registry import BY_NAME, REGISTRY, Context, Option, Rule, lookup, rule

__all__ = ["BY_NAME", "REGISTRY", "Context", "Option", "Rule", "editions", "loading", "lookup",
           "rule", "structure"]
