"""C — confidentiality and safety: what a repository may hold and what an item may carry.

C001 keeps material above the repository's ceiling out (:mod:`.ceiling`); C002
finds personal data (detectors in :mod:`bulletin.check.pii`) in items below the
level cleared for it (:mod:`.personal_data`); C003 finds raw HTML and attribute
lists, which the site shows as text (:mod:`.raw_html`); C004 and C005 find links
and images that point outside the intranet (:mod:`.outside`); C006 and C007 find
pictures the site will not publish (:mod:`.media`); C008 finds personal details
that are not numbers — a person named with age or home, a home address, a number
plate (:mod:`.personal_details`). :mod:`.locate` holds what they share.

Messages never repeat the offending value: they name its kind and where it
is, because diagnostics end up in CI logs, merge-request comments and reports.
"""

# Importing a module registers its rules, and the registry keeps that order (the
# engine runs rules in it): C001 to C008.
# isort: off
from . import ceiling, personal_data, raw_html, outside, media, personal_details
# isort: on

__all__ = ["ceiling", "media", "outside", "personal_data", "personal_details", "raw_html"]
