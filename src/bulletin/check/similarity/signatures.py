"""Signatures: a text as the set of hashes of its shingles, the same on every machine.

How a text becomes a signature
------------------------------
* **Normalisation** (:func:`normalise`): NFKC (full-width letters, digits and
  punctuation become their plain forms), lower case, and every run of digits
  with its inner ``.,:/-`` separators (``1,380``, ``3.2``, ``22:00``,
  ``2026-08-27``) becomes the placeholder ``0``, so that a changed figure or
  date does not make a copy look new. The tokeniser drops punctuation,
  Markdown marks and white space.
* **Tokens** (:func:`tokens`): each CJK character (ideograph, kana, hangul)
  is a token, and so is each run of other letters (a word) and each digit
  placeholder.
* **Shingles** (:func:`signature`): overlapping runs of tokens, ``LATIN_N``
  (3) tokens long when the run starts on a word or a figure and ``CJK_N`` (4)
  when it starts on a CJK character, so mixed text works too. Each shingle is
  hashed to 32 bits, the same on every run and machine; the *signature* of a
  text is the sorted set of its shingle hashes.

An index stores a signature under the :func:`content_key` of the raw text, so
that an unchanged text is not signed again.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import Final, TypeVar

import numpy as np
import numpy.typing as npt

from ...text import CJK_CHARS

__all__ = [
    "CJK_N",
    "KEY_BYTES",
    "LATIN_N",
    "MULT",
    "Signature",
    "content_key",
    "mix",
    "normalise",
    "signature",
    "tokens",
    "unique",
]

Signature = npt.NDArray[np.uint32]
"""The sorted, unique 32-bit hashes of a text's shingles."""

_U64s = npt.NDArray[np.uint64]
_T = TypeVar("_T", bound=np.generic)

LATIN_N: Final = 3  # shingle length (tokens) starting on a word or a figure
CJK_N: Final = 4  # shingle length (characters) starting on a CJK character
KEY_BYTES: Final = 16  # length of a content key
MULT: Final = np.uint64(0x9E3779B97F4A7C15)  # multiplier of the polynomial hashes
_SHIFT32: Final = np.uint64(32)

_CJK: Final = CJK_CHARS
_DIGITS: Final = re.compile(r"\d+(?:[.,:/\-]\d+)*")
_TOKEN: Final = re.compile(rf"[{_CJK}]|[^\W_{_CJK}]+")
_ONE_CJK: Final = re.compile(rf"[{_CJK}]")

# Token -> 64-bit id, the lowest bit set for a CJK character. A memo of a
# pure function, emptied when it grows large.
_token_ids: dict[str, int] = {}
_TOKEN_MEMO_LIMIT: Final = 1_000_000


def normalise(text: str) -> str:
    """``text`` in NFKC, lower case, with each run of digits replaced by ``0``.

    >>> normalise("Ｒain: 1,380 residents moved on 27 Aug")
    'rain: 0 residents moved on 0 aug'
    """
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return _DIGITS.sub("0", text.lower())


def tokens(text: str) -> list[str]:
    """The tokens of ``text`` after :func:`normalise`.

    >>> tokens("Rain fell: 156 mm. 南湖区3.2万个")
    ['rain', 'fell', '0', 'mm', '南', '湖', '区', '0', '万', '个']
    """
    return _TOKEN.findall(normalise(text))


def _token_id(token: str) -> int:
    value = int.from_bytes(hashlib.blake2b(token.encode(), digest_size=8).digest(), "little")
    value &= ~1
    if len(token) == 1 and _ONE_CJK.match(token):
        value |= 1
    if len(_token_ids) >= _TOKEN_MEMO_LIMIT:
        _token_ids.clear()
    _token_ids[token] = value
    return value


def mix(z: _U64s) -> _U64s:
    """SplitMix64's finaliser, element-wise (arithmetic wraps modulo 2**64)."""
    z = z ^ (z >> np.uint64(30))
    z = z * np.uint64(0xBF58476D1CE4E5B9)
    z = z ^ (z >> np.uint64(27))
    z = z * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


def _ngrams(ids: _U64s, n: int) -> _U64s:
    count = len(ids) - n + 1
    if count <= 0:
        return np.empty(0, dtype=np.uint64)
    h = ids[:count].copy()
    for j in range(1, n):
        h *= MULT
        h += ids[j : j + count]
    return mix(h)


def signature(text: str) -> Signature:
    """The sorted, unique 32-bit hashes of the shingles of ``text``.

    Pure and deterministic: the same text gives the same signature on every
    run and machine. A text shorter than a shingle has none.
    """
    words = tokens(text)
    get = _token_ids.get
    found = [get(word) for word in words]
    if None in found:
        found = [i if i is not None else _token_id(w) for i, w in zip(found, words, strict=True)]
    ids = np.array(found, dtype=np.uint64)
    cjk = (ids & np.uint64(1)).astype(bool)
    latin = _ngrams(ids, LATIN_N)
    han = _ngrams(ids, CJK_N)
    if not cjk.any():
        shingles = latin
    elif cjk.all():
        shingles = han
    else:
        shingles = np.concatenate([latin[~cjk[: len(latin)]], han[cjk[: len(han)]]])
    return unique((shingles >> _SHIFT32).astype(np.uint32))


def unique(values: npt.NDArray[_T]) -> npt.NDArray[_T]:
    """Sorted unique values (``np.unique`` is several times slower on small arrays)."""
    values = np.sort(values)
    first = np.ones(len(values), dtype=bool)
    np.not_equal(values[1:], values[:-1], out=first[1:])
    return values[first]


def content_key(text: str) -> bytes:
    """The key the index stores ``text`` under.

    The key of the raw text: equal texts have equal signatures, and hashing the
    raw text spares the normalisation of every unchanged item.
    """
    return hashlib.blake2b(text.encode("utf-8"), digest_size=KEY_BYTES).digest()
