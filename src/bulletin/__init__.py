"""bulletin: docs-as-code for an organisation's information bulletin."""

__version__ = "0.1.0"
