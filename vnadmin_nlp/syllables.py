"""underthesea's syllable regex with our fixed words, compiled once, and a faster equivalent.

The tokenizer cuts text into syllables with these before the CRF joins them into words.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Tuple

from .underthesea_files import regex_patterns


@lru_cache(maxsize=8)
def syllable_pattern(fixed_words: Tuple[str, ...]):
    """underthesea's syllable regex with our fixed words first, compiled once.

    ``underthesea...regex_tokenize.tokenize(fixed_words=...)`` rebuilds this
    pattern on every call and leaves it in a module global, which also
    changes later ``word_tokenize`` calls in the same process; compiling our
    own copy avoids both.
    """
    alternatives = list(regex_patterns())
    if fixed_words:
        escaped = [re.sub(" ", r"\\ ", w) for w in fixed_words]
        alternatives.insert(0, "(?P<fixed_words>\\b" + "\\b|\\b".join(escaped) + "\\b)")
    return re.compile(r"(" + "|".join(alternatives) + ")", re.VERBOSE | re.UNICODE)


#: Latin letters with Vietnamese diacritics, as ranges (fast to test): all of
#: them letters (``\w``, neither digit nor ``_``), without ``ʺ`` (U+02BA).
RUN_LETTERS = "a-zA-ZÀ-ÖØ-öø-ɏḀ-ỿ"

#: Fixed words for which :func:`fast_syllable_pattern` is proven equivalent.
PLAIN_FIXED_WORD = re.compile(r"\w+(?: \w+)*\Z")


@lru_cache(maxsize=8)
def fast_syllable_pattern(fixed_words: Tuple[str, ...]):
    """The syllables of :func:`syllable_pattern`, found about three times faster.

    ``findall`` gives ``(whitespace before, syllable)`` pairs, the syllables
    exactly as ``syllable_pattern``'s ``finditer`` finds them, plus a last
    ``("", "")`` when the text ends in whitespace. Why it is the same: every
    alternative of underthesea's regex starts by consuming a non-space
    character (and, with fixed words made of word characters and single
    spaces, so do those), and every non-space character starts a match
    (``\\w+`` or ``[^\\w\\s]``). So matches tile the text's non-space
    characters with only whitespace between them; skipping that whitespace at
    once (``\\s*+``) spares trying some sixty alternatives at every space.
    Shortcuts are tried first, each matching only where underthesea's
    first matching alternative gives the same span:

    - a character that is neither a word character, nor whitespace, nor one
      of ``=-.>°+:♥<``, alone (``,`` ``;`` ``(`` ``)`` ``"`` ``/`` ``%`` ...):
      every alternative but the one-character ones (``punct``, ``sym``,
      ``non_word``) starts with a word character or one of those (``special``
      ``=>`` ``->`` ``..`` ``>>`` ``°C``, ``url`` and ``email`` ``.`` ``-``
      ``+``, ``emoji`` ``:)`` ``=)`` ``♥`` ``<3``, ``sym`` ``::``), and so do
      the fixed words.
    - ``.``, ``-`` or ``:`` before whitespace or the end, alone: the
      alternatives that start with them need a second character that
      is not whitespace (``..`` ``->`` ``a-b@c`` ``:)`` ``::``).
    - digits, or groups of digits joined by single commas (``1,9``), before
      whitespace or the end, when no fixed word starts with a digit:
      ``number`` matches exactly those (``\\d+(?:,\\d+)+`` is its first
      alternative without a dot), and every earlier alternative that can
      start with a digit needs, before any whitespace, a character that is
      neither a digit nor a comma (a letter, ``_``, ``.``, ``+``, ``@``,
      ``-``, ``/`` or ``:``).
    - a run of letters (Latin and Vietnamese ones: no digit, no ``_``, no
      ``ʺ``, which ``punct`` takes alone) followed by whitespace,
      ``,;()[]!?"“”`` or the end: ``\\w+``
      matches exactly the run, and every earlier alternative needs a digit
      or one of ``.'’&-@:/+`` inside or right after it, except the fixed
      words (runs that are a fixed word's first part are excluded) and
      ``Th.S``/``Th.s``, whose unescaped dot matches any character (runs
      starting with ``Th`` are excluded).

    Returns None when a fixed word is not plain, or when underthesea's
    patterns cannot be stripped of their groups; the slow pattern is used.
    tests/test_tokenizer.py checks the equivalence on the seeds and on
    random strings of the awkward characters.
    """
    if not all(PLAIN_FIXED_WORD.match(w) for w in fixed_words):
        return None
    alternatives = list(regex_patterns())
    guard = r"(?!Th)"
    first_letters = {"T"}
    if fixed_words:
        escaped = [re.sub(" ", r"\\ ", w) for w in fixed_words]
        alternatives.insert(0, "(?:\\b" + "\\b|\\b".join(escaped) + "\\b)")
        first_parts = sorted({w.split(" ")[0] for w in fixed_words}, key=lambda p: (-len(p), p))
        guard += r"(?!(?:" + "|".join(first_parts) + r")(?:\s|\Z))"
        first_letters.update(p[0] for p in first_parts)
    # Most runs start with a letter no guarded word starts with: one class test.
    guard = "(?:(?=[^" + "".join(sorted(first_letters)) + "])|" + guard + ")"
    plain_run = guard + "[" + RUN_LETTERS + "]++" + r"(?=[\s,;()\[\]!?\"“”]|\Z)"
    shortcuts = [r"[^\w\s=\-.>°+:♥<]|[.\-:](?=\s|\Z)", plain_run]
    if not any(re.match(r"\d", w) for w in fixed_words):
        shortcuts.append(r"\d++(?:,\d++)*+(?=\s|\Z)")
    try:
        syllable = "|".join(shortcuts + [uncaptured(a) for a in alternatives])
        pattern = re.compile(r"(\s*+)(" + syllable + r")|\s++\Z", re.VERBOSE | re.UNICODE)
    except (ValueError, re.error):
        return None
    return pattern if pattern.groups == 2 else None


def uncaptured(pattern: str) -> str:
    """``pattern`` (verbose syntax) with its capturing groups made non-capturing.

    Matching is unchanged; ``findall`` then returns only our own groups.
    Escapes, character classes and comments are copied as they are. A
    back-reference or a conditional group raises ValueError (a number would
    then name another group); the caller falls back to the slow pattern.
    """
    out = []
    i, n = 0, len(pattern)
    in_class = False
    while i < n:
        c = pattern[i]
        if c == "\\":
            if not in_class and pattern[i + 1:i + 2] in tuple("123456789"):
                raise ValueError(f"back-reference in {pattern!r}")
            out.append(pattern[i:i + 2])
            i += 2
        elif in_class:
            in_class = c != "]"
            out.append(c)
            i += 1
        elif c == "[":
            j = i + 1
            if pattern[j:j + 1] == "^":
                j += 1
            if pattern[j:j + 1] == "]":  # a "]" first in a class is literal
                j += 1
            out.append(pattern[i:j])
            in_class = True
            i = j
        elif c == "#":  # a comment, to the end of the line
            j = pattern.find("\n", i)
            j = n if j == -1 else j
            out.append(pattern[i:j])
            i = j
        elif c == "(" and (pattern.startswith("(?P=", i) or pattern.startswith("(?(", i)):
            raise ValueError(f"back-reference in {pattern!r}")
        elif c == "(" and pattern.startswith("(?P<", i):
            out.append("(?:")
            i = pattern.index(">", i) + 1
        elif c == "(" and pattern[i + 1:i + 2] != "?":
            out.append("(?:")
            i += 1
        else:
            out.append(c)
            i += 1
    return "".join(out)
