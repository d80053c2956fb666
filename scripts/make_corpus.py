#!/usr/bin/env python3
"""Generate a realistic, deterministic synthetic bulletin repository.

    python scripts/make_corpus.py OUT_DIR --items N [--seed 1] [--git]
                                  [--chinese 0.3] [--units N] [--flat] [--force]

The corpus follows docs/format.md exactly:

* ``bulletin.yml``: the policy, with about one unit per 400 items (8 to 300),
  2-3 editors and the five categories situation, problem, proposal,
  experience and emergency with their required sections.
* ``items/<unit>/<YYYY>/<YYYY-MM-DD>-<slug>.md``: N items, about 10,000 a
  year, the last filed on 2026-11-27 (so 100,000 items span ten years). A
  ``--chinese`` share is written in Chinese. Bodies are 150-700 units long and
  built from sentence templates filled with random figures, places, units and
  dates, so that no two items are near-duplicates; every figure a summary
  quotes is also in the body (as a careful writer would make sure).
* ``bulletins/<YYYY>/<NNN>.yml``: regular editions on Tuesdays and Fridays
  with 4-8 items each, plus about one flash edition a month carrying a single
  urgent emergency item. At ~10,000 items a year that publishes about 6 % of
  the items; the rest stay in the information pool.
* ``bulletins/<YYYY>/responses.yml``: leader responses on about 5 % of the
  published items.
* ``.gitignore``: the built site and the cache, as ``bulletin init`` writes it.

With ``--flat`` every item sits directly in ``items/`` (the same files, one folder of
N entries): the folder shape of a bulletin that never sorted its items, which the
pull-request benchmark measures too.

With ``--git`` the directory becomes a git repository whose history adds each
day's files in a commit dated that day (authored by a member of a filing unit,
committed by an editor). The history is written by one ``git fast-import``
process and does not depend on the user's git configuration.

The same seed and N give byte-identical files. Only the standard library is
used. The generator is the package ``scripts/corpus/`` (one module per job),
its vocabularies and sentence templates the JSON files in ``scripts/corpus/data/``.
"""

import sys

from corpus.command import main

if __name__ == "__main__":
    sys.exit(main())
