"""The check's cache: what each file gave last time, so that an unchanged file is not
read, parsed or judged again (like ruff's cache).

One file, ``check/files.bin`` in the repository's cache folder (outside the
repository: :mod:`bulletin.cachedir`), holds a record per file of
``items/`` and ``bulletins/`` (:class:`~bulletin.check.cache.records.Record`): the
file's size, times and git blob id, the loader's findings, the findings of the
per-file rules (:attr:`Rule.per_file`) and the value the file gave — an item's
front matter, headings and suppressions, an edition, the responses — packed as
plain data (:mod:`~bulletin.check.cache.codec`, :mod:`~bulletin.check.cache.items`).
The whole file is only valid under one *global key*
(:mod:`~bulletin.check.cache.key`): a hash of bulletin's own code and data, the
Python version and the policy (``bulletin.yml``), so that a change to any of them
invalidates everything. What depends on other files or on the day (editions,
near-duplicates, id uniqueness, the review rules, ``per_file=False`` item rules) is
never cached.

The file is written atomically (:mod:`~bulletin.check.cache.layout`) and read with
:mod:`marshal` (plain data only: nothing in it can run code) after its checksums
are verified (:mod:`~bulletin.check.cache.stored`); a missing, foreign, truncated
or corrupt file is ignored and rebuilt, never an error.
"""
