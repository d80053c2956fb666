"""Personal data in free text: pure detectors, no configuration but what they are given.

* :mod:`.base` — the match, the kinds, the guards that keep statistics out;
* :mod:`.identifiers` — national identifiers by region (``python-stdnum`` and the
  published check-digit rules), bank cards and IBANs;
* :mod:`.phones` — phone numbers by region (``phonenumbers``, Google's libphonenumber);
* :mod:`.email` — people's e-mail addresses, not role mailboxes;
* :mod:`.find` — all of them over one text, for a :class:`~.find.Scope`.

Every pattern is linear in the length of the text: there are no nested unbounded
quantifiers, and the open-ended runs (e-mail local parts) may only start where the
previous character cannot belong to them. The libraries are imported only when a
text holds a candidate.
"""
