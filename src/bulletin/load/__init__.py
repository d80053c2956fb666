"""Load: files become the typed model (the repository, its field models, the ledger),
with a located finding for everything that is wrong.

Nothing here raises on bad input: a file that cannot be read or parsed yields
findings and, where possible, a partial value, and every other file is still read.
The modules follow a file in: :mod:`~bulletin.load.walk` finds the files and tells
their kinds, :mod:`~bulletin.load.read` reads one safely, :mod:`~bulletin.load.items`
and :mod:`~bulletin.load.manifests` parse it (with :mod:`~bulletin.load.fields` and
:mod:`~bulletin.load.schema`), and :mod:`~bulletin.load.repository` loads the policy
and every file; :mod:`~bulletin.load.ledger` reads the assessment's ledger."""
