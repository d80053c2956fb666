"""A deterministic synthetic bulletin repository for the benchmarks (run it with
``scripts/make_corpus.py``).

``vocabulary`` reads the word lists and sentence templates of ``data/``;
``model`` holds the values passed around; ``text`` the small text helpers;
``templates`` fills a template for one item; ``prose`` writes an item's title,
summary, sources and body, ``items`` its file; ``policy`` the units and
``bulletin.yml``; ``editions`` the editions and leader responses; ``files`` and
``history`` write the files and the git history; ``generate`` runs the days;
``command`` is the command line.
"""
