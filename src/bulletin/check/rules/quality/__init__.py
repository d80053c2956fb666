"""Q — quality: the office's five criteria, judged in English and Chinese.

Q1xx *high* (decision-relevant), Q2xx *novel*, Q3xx *comprehensive*, Q4xx *true*,
Q5xx *refined*. Each rule reads the item's prose with code and URLs masked
(:mod:`bulletin.check.prose`), counts lengths in units (a CJK character or a Latin
word), and reports where the writer can act.

One module per criterion, and more: :mod:`.figures`, :mod:`.dates` and
:mod:`.promises` (*true*: figures against each other, dates against the front matter
and the calendar, the lead against the body),
:mod:`.leftovers` (placeholders and a newspaper's furniture), :mod:`.substance`
(an item without facts, a self-praising title, sentences without a subject),
:mod:`.punctuation` (*refined*, the fixable marks), :mod:`.slips` (*refined*, a
phrase typed twice, a paragraph cut off) and :mod:`.near_duplicate`
(*novel*, item against item).
:mod:`.reading` holds what they share.
"""

# Importing a module registers its rules, and the registry keeps that order (the
# engine runs rules in it): the item rules criterion by criterion, then Q201.
# isort: off
from . import high, novel, comprehensive, leftovers, substance, true, figures, dates, promises
from . import refined, punctuation, slips, near_duplicate
# isort: on

__all__ = ["comprehensive", "dates", "figures", "high", "leftovers", "near_duplicate", "novel",
           "promises", "punctuation", "refined", "slips", "substance", "true"]
