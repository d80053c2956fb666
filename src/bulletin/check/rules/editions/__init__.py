"""E — editions: what an edition may carry (:mod:`.carried`), how editions are
numbered (:mod:`.numbering`), and leader responses (:mod:`.responses`)."""

from . import carried, numbering, responses

__all__ = ["carried", "numbering", "responses"]
