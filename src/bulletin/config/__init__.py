"""The policy, ``bulletin.yml``: declared once (:mod:`.policy` with :mod:`.assessment` and
:mod:`.sections`), validated by collecting every problem (:mod:`.parse`).

Every problem becomes a :class:`~bulletin.diagnostics.Finding` located at the
offending key's line and column: ``S030`` for an invalid value (the check cannot
go on), ``S031`` for an unknown key (a warning, with "did you mean").
"""

from ..basics import EDITION_TYPES as EDITION_TYPES
from ..basics import POLICY_FILE as POLICY_FILE
from ..basics import PRIORITIES as PRIORITIES
from .assessment import RANKING_KEYS as RANKING_KEYS
from .assessment import UPSTREAM as UPSTREAM
from .assessment import AdoptionRule as AdoptionRule
from .assessment import Assessment as Assessment
from .assessment import Quota as Quota
from .parse import LoadedPolicy as LoadedPolicy
from .parse import parse_policy as parse_policy
from .policy import Category as Category
from .policy import Policy as Policy
from .policy import Publication as Publication
from .policy import Unit as Unit
from .sections import SAFE_EXTENSIONS as SAFE_EXTENSIONS
from .sections import SAFE_PLUGINS as SAFE_PLUGINS
