"""Near-duplicate detection: is an item a resubmitted near-copy of another?

The novelty criterion flags an item whose text is, give or take small edits
(a changed date or figure, a reordered sentence, a few words added), the text
of another item, from any unit. Texts are compared within one language: a
Chinese text with a Chinese one, an English text with an English one.
Translations are out of scope.

The modules, each importing only those above it:

* :mod:`.signatures`: a text as the set of hashes of its shingles;
* :mod:`.sketches`: a signature's MinHash sketch, band keys and samples;
* :mod:`.arrays`: an index's items as arrays, verified as they are read;
* :mod:`.matches`: when two items are near-duplicates, measured exactly;
* :mod:`.candidates`: the pairs worth measuring, found without trying all;
* :mod:`.queries`: the pairs of an index, of one text, of a few changes;
* :mod:`.store`: the index file in the cache folder;
* :mod:`.index`: :class:`~.index.SimilarityIndex`, which keeps the items,
  stores them and answers the queries.

This package imports none of them (nor numpy): a command imports what it uses.
"""
