"""Lossless Vietnamese word tokenizer for spaCy, registered as ``vnadmin.Tokenizer.v1``.

Word segmentation comes from underthesea's offline CRF (shipped in its
wheel). Before segmenting, the rule entities (document codes, dates; see
:func:`vnadmin_nlp.patterns.find_rule_entities`) are found and kept whole as
single tokens, because underthesea splits them inconsistently
("82 - KH / BDVTW"); so are the codes of forms ("Biểu số 104/LĐVL-Sở"), which are no
entity but hold no body either. A short list of institutional words ("Tỉnh ủy",
"Thường vụ", ...) is passed to underthesea as fixed words so that names are
not cut across ("Dân vận Tỉnh | ủy").

The tokenizer never changes the text: ``doc.text == text`` always.

This module turns syllables and CRF tags into words and spaCy Docs; the pieces it calls live
apart: :mod:`.underthesea_files` (underthesea's model and regex, read without importing it),
:mod:`.syllables` (the syllable regex) and :mod:`.crf_decoder` (the CRF, decoded in Python).
"""

from __future__ import annotations

import itertools
import json
import operator
import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Callable, Dict, Iterable, List, Optional, Sequence, Tuple

import srsly
from spacy.tokens import Doc
from spacy.util import registry
from spacy.vocab import Vocab

from .crf_decoder import FastCRF, crf_tables
from .doc_text import remember_rule_entities, remember_text
from .patterns import RuleEntity, find_rule_entities
from .resources import body_words, char_class, level_words, load_resource, place_names, roman_values
from .syllables import fast_syllable_pattern, syllable_pattern
from .underthesea_files import crf_model_dir

#: Heads of body names (see ``patterns/orgs.py``) that the CRF glues to the word
#: before them ("Lưu Văn phòng", "Giao Ban"); as fixed words or forced word
#: starts they keep names on word boundaries. The vocabulary is data:
#: ``resources/body_types.json`` (the words ``used_by`` "tokenizer_head" ...).
ORG_HEAD_FIXED_WORDS = body_words("tokenizer_head")
NAME_HEAD_SYLLABLES = frozenset(body_words("tokenizer_syllable"))
LEVEL_SYLLABLES = frozenset(level_words("tokenizer_level"))
_ABBREVIATION_RE = re.compile(r"^[A-ZĐ][A-ZĐ0-9\-]+$")
#: A letter or digit (``str.isalnum``: the regex ``\w`` is those and ``_``).
_ALNUM_RE = re.compile(r"[^\W_]")

#: Words of the institutional vocabulary that must stay whole, in the order they are tried
#: (those ``used_by`` "tokenizer_word", then the heads above). Each is an ordinary word of
#: the genre, not a name found in one document; "nhân dân" is one so that "Hội đồng nhân dân
#: | số 87/2015/QH13" never joins "dân" to "số" (dân số).
DEFAULT_FIXED_WORDS = body_words("tokenizer_word") + ORG_HEAD_FIXED_WORDS

_CACHE_SIZE = 20000


#: Word starts and word ends, in order (tuples when cached).
Bounds = Tuple[Sequence[int], Sequence[int]]
_NO_BOUNDS: Bounds = ((), ())


def _unzip(spans: List[Tuple[int, int]]) -> Bounds:
    return (tuple(s for s, _e in spans), tuple(e for _s, e in spans))


# How a syllable acts on word boundaries after the CRF (see _Segmenter._kind).
_PLAIN, _NAME_HEAD, _PUNCT, _WHOLE = 1, 2, 3, 4


# ------------------------------------------------------------ capitals, hyphens and names
#: A Vietnamese syllable, its tone and vowel marks taken off (see :func:`_is_syllable`):
#: onset, vowels, coda. "BAN", "TU", "NAM" are; "UBND", "HĐND", "TW", "GD" are not.
_SYLLABLE_RE = re.compile(r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?"
                          r"[aeiouy]{1,3}(?:ng|nh|ch|[cmnptiyou])?\Z")
_MARKS_RE = re.compile(r"[\u0300-\u036f]")
#: Roman numerals, which read as syllables too ("KHÓA VI", "LẦN THỨ XI"): kept as they are.
_ROMAN_RE = re.compile("[" + char_class("".join(roman_values())) + r"]+\Z")


@lru_cache(maxsize=4096)
def _is_syllable(upper: str) -> bool:
    """Whether an upper-case syllable that looks like an abbreviation (``_ABBREVIATION_RE``)
    reads as a Vietnamese syllable ("BAN", "NAM") rather than letters ("UBND", "TW")."""
    return bool(_SYLLABLE_RE.match(_MARKS_RE.sub("", unicodedata.normalize("NFD", upper.lower()))))


def _split_hyphen(syllable: str) -> Optional[Tuple[str, str]]:
    """The two halves of a syllable that joins two words by a hyphen without spaces
    ("động-Thương" of "Sở Lao động-Thương binh", "năm-Hội" of "kỳ họp thứ năm-Hội đồng",
    "RỊA-VŨNG" of "BÀ RỊA-VŨNG TÀU"); None for a word written with a hyphen ("e-mail",
    "COVID-19", "Xinh-ga-po": the half after it is not capitalized, or is a number; "MÔ-ĐUN":
    a word of the CRF's dictionary) and for abbreviations ("GD-ĐT", "E-HSDST"). underthesea's regex takes those as one syllable, which cuts the
    names around them ("Lao | động-Thương binh")."""
    left, dash, right = syllable.partition("-")
    if not (dash and left.isalpha() and right.isalpha() and right[0].isupper()):
        return None
    if left.isupper() and (len(left) < 2 or len(right) < 2 or (
            _ABBREVIATION_RE.match(left) and _ABBREVIATION_RE.match(right))):
        return None  # "E-HSDST", "B-N", "GD-ĐT"
    if in_dictionary(left.lower() + " " + right.lower()):
        return None  # a word: "MÔ-ĐUN" (mô đun)
    return left, right


@lru_cache(maxsize=4096)
def in_dictionary(words: str) -> bool:
    """Whether the CRF's dictionary (underthesea's word list) has ``words`` (lower case), with a
    space or a hyphen: a Vietnamese word, not a name (the body and PERSON rules ask it too)."""
    dictionary = crf_tables(crf_model_dir())["dictionary"]
    return words in dictionary or words.replace(" ", "-") in dictionary


#: The tone on the first vowel of a final "oa", "oe", "uy" ("hòa", "thủy"), as underthesea's
#: dictionary mostly writes it, on the second ("hoà", "thuỷ").
_OLD_STYLE_TONES = dict(zip(("òa óa ỏa õa ọa òe óe ỏe õe ọe ùy úy ủy ũy ụy").split(),
                            ("oà oá oả oã oạ oè oé oẻ oẽ oẹ uỳ uý uỷ uỹ uỵ").split()))
_OLD_STYLE_RE = re.compile("(%s)(?![a-zà-ỹ])" % "|".join(_OLD_STYLE_TONES))


@lru_cache(maxsize=4096)
def _starts_a_word(words: str) -> bool:
    """Whether ``words`` (lower case, syllables joined by a space), in either tone style, is a
    word of the CRF's dictionary or the start of a longer one ("tổng công" of "tổng công ty")."""
    lower_info = crf_tables(crf_model_dir())["_lower_info"]
    for form in {words, _OLD_STYLE_RE.sub(lambda m: _OLD_STYLE_TONES[m.group(1)], words)}:
        info = lower_info.get(form)
        if in_dictionary(form) or (info is not None and info[2]):
            return True
    return False


#: A hyphen between two letters: where :func:`_split_hyphen` may cut (not "2016-2020", " - ").
_GLUED_HYPHEN_RE = re.compile(r"[^\W\d_]-[^\W\d_]")


def _split_hyphens(found: List[Tuple[str, str]]) -> List[Tuple[str, str]]:
    """``(gap, syllable)`` pairs with every syllable :func:`_split_hyphen` splits made three
    (the halves and the hyphen, with no gap between them)."""
    out = []
    for gap, syllable in found:
        halves = _split_hyphen(syllable) if "-" in syllable else None
        if halves is None:
            out.append((gap, syllable))
        else:
            out += ((gap, halves[0]), ("", "-"), ("", halves[1]))
    return out


#: Where underthesea's syllable regex keeps a period inside one syllable that we cut (see
#: :func:`_dot_cut`): an abbreviation of three capitals or more with the period that ends its
#: sentence ("... tại ĐBSCL. Chỉ tiêu ...", "... TP.HCM."), and a level word's abbreviation
#: glued to a place ("P.Bến Nghé", "H.Đức Hòa", "TT.Hậu Nghĩa", as papers print them).
#: The levels' abbreviations are data (``resources/body_types.json``, used by "tokenizer_prefix").
_LEVEL_PREFIXES = "(?:%s)" % "|".join(re.escape(word) for word in level_words("tokenizer_prefix"))
_DOT_CUT_RE = re.compile(r"[A-ZĐ](?:[A-ZĐ0-9]|\.(?=[A-ZĐ])){2,}\.(?=\s+[A-ZĐÀ-Ỹ]|\s*\Z)"
                         rf"|(?<!\w){_LEVEL_PREFIXES}[A-ZĐÀ-Ỹ][a-zà-ỹđ]")
_ABBREVIATION_STOP_SYLLABLE = re.compile(r"[A-ZĐ](?:[A-ZĐ0-9]|\.(?=[A-ZĐ])){2,}\.\Z")
_LEVEL_PREFIX_SYLLABLE = re.compile(rf"{_LEVEL_PREFIXES}(?=[A-ZĐÀ-Ỹ][a-zà-ỹđ]+\Z)")


def _dot_cut(syllable: str, next_gap: str, next_syllable: str) -> int:
    """Where to cut a syllable that holds a period, or 0 (no cut).

    underthesea's regex reads "ĐBSCL." like "TP." or "Q.", an abbreviation, and its CRF then
    joins it to the next sentence's first word ("APEC. Khối"): the period of a sentence (next: a
    space and a capital, or nothing) is cut off; Roman numerals ("III. NHIỆM VỤ") keep theirs.
    "P.Bến" is cut after the level's period, so the place ("Bến Nghé") can be a word.
    """
    prefix = _LEVEL_PREFIX_SYLLABLE.match(syllable)
    if prefix:
        return prefix.end()
    if _ABBREVIATION_STOP_SYLLABLE.match(syllable) and not _ROMAN_RE.match(syllable[:-1]) and (
            not next_syllable or next_gap and next_syllable[:1].isupper()):
        return len(syllable) - 1
    return 0


def _split_dots(found: List[Tuple[str, str]]) -> List[Tuple[str, str]]:
    """``(gap, syllable)`` pairs with each syllable :func:`_dot_cut` cuts made two (no gap between)."""
    out = []
    for (gap, syllable), (next_gap, next_syllable) in zip(found, found[1:] + [("", "")]):
        cut = _dot_cut(syllable, next_gap, next_syllable) if "." in syllable else 0
        if cut:
            out += ((gap, syllable[:cut]), ("", syllable[cut:]))
        else:
            out.append((gap, syllable))
    return out


def _word_starts_by_case(syllables: Sequence[str]) -> List[int]:
    """Indices of the syllables that start a word by their case alone.

    * A capital right after a small letter: in Vietnamese spelling no word goes from small to
      capital ("chủ nghĩa | Mác", "hòa bình | Liên Hợp Quốc").
    * A small letter right after a person's name of three syllables or more, a family name and
      capitalised syllables ("Nguyễn Xuân Phúc | dự", "Trần Đại Quang | nhân dịp"): the name is
      a word of its own. Two-syllable runs are left to the CRF ("Đoàn Chủ tịch" is a body).
    * A small letter right after a capitalised syllable inside a sentence (after a small letter
      or a comma) when the two neither make nor start a word of the dictionary: the CRF,
      reading a capital, joins a name used alone to the verb after it ("Duy | liền", "bé Bích
      | khóc", "Thịnh | nảy sinh"); "Chủ tịch", "Hội đồng", "Tổng công ty" stay whole, and a
      sentence's first word is left to the CRF.
    """
    firsts = [syllable[0] for syllable in syllables]
    upper = list(map(str.isupper, firsts))
    lower = list(map(str.islower, firsts))
    # (map and compress: this runs on every paragraph, and a loop in Python cost 3% of analyze())
    out = list(itertools.compress(range(1, len(firsts)), map(operator.and_, upper[1:], lower)))
    # (only where a small letter follows a capital; the dictionary is asked last)
    small_after_capital = itertools.compress(range(2, len(firsts)), map(operator.and_, lower[2:], upper[1:]))
    after_capital = [i for i in small_after_capital
                     if (lower[i - 2] or syllables[i - 2] == ",") and syllables[i - 1].isalpha()
                     and not syllables[i - 1].isupper()
                     and not _starts_a_word(syllables[i - 1].lower() + " " + syllables[i])]
    if after_capital:
        out = sorted(out + after_capital)
    if not _FAMILY_NAMES.isdisjoint(syllables):
        for i, syllable in enumerate(syllables):
            if syllable in _FAMILY_NAMES and i + 3 < len(syllables) and upper[i + 1] and upper[i + 2]:
                k = i + 3
                while k < len(syllables) and upper[k]:
                    k += 1
                if k < len(syllables) and lower[k]:
                    out.append(k)
        out.sort()
    return out


#: Family names (``resources/person_cues.json``), as written and in capitals: a place name
#: right after one is a person's given name ("Trương Hòa Bình"), not kept whole.
#: "Đồng" is left out: it is the currency too ("Đồng Việt Nam").
_FAMILY_NAMES = frozenset(itertools.chain.from_iterable(
    (name, name.upper()) for name in load_resource("person_cues")["family_names"] if name != "Đồng"))

#: Marks the end of a name in :func:`_name_trie` (value: whether the name is a fixed word).
_NAME_END = ""


@lru_cache(maxsize=8)
def _name_trie(fixed_words: Tuple[str, ...]) -> Tuple[dict, frozenset]:
    """A trie over syllables of the names kept whole, and the syllables they start with.

    The names: place names (``resources.place_names``: provinces, districts, regions,
    countries) of two syllables or more, every syllable capitalized, as written and in
    capitals ("Quảng Nam", "QUẢNG NAM"); a name with a hyphen also glued ("Bà Rịa-Vũng Tàu",
    of "Bà Rịa - Vũng Tàu") and each of its halves; and the fixed words in capitals ("ỦY
    BAN", "TỈNH ỦY", "NHÂN DÂN"), which the syllable regex finds in the case they are written
    only. A trie node maps a syllable to the next node; ``_NAME_END`` marks where a name ends.
    """
    names: Dict[Tuple[str, ...], bool] = {}

    def add(name: str, fixed: bool) -> None:
        parts = tuple(part for part in re.split(r"\s+|(?<=\w)(?=-)|(?<=-)(?=\w)", name) if part)
        if len([p for p in parts if p != "-"]) >= 2 and all(p == "-" or p.isalpha() for p in parts):
            names.setdefault(parts, fixed)

    for name in place_names():
        if not all(w == "-" or w[:1].isupper() for w in name.split()):
            continue  # "châu Á", "Bắc Trung Bộ và Duyên hải miền Trung": not one name
        variants = [name]
        if " - " in name:
            variants += [name.replace(" - ", "-")] + name.split(" - ")
        elif "-" in name:
            continue  # "Xinh-ga-po", "Timor-Leste": one syllable of the regex already
        for variant in variants:
            add(variant, False)
            add(variant.upper(), False)
    for word in fixed_words:
        if " " in word and word.upper() != word:
            add(word.upper(), True)
    trie: dict = {}
    for parts, fixed in names.items():
        node = trie
        for part in parts:
            node = node.setdefault(part, {})
        node[_NAME_END] = fixed
    return trie, frozenset(trie)


def _match_names(trie: dict, syllables: Sequence[str], gaps: Sequence[str],
                 heads: frozenset) -> List[Tuple[int, int, bool]]:
    """``(first, last, fixed)`` of the names of ``trie`` in ``syllables``, left to right, the
    longest where several start at one syllable. Syllables of a name are one space apart, but
    for the hyphen of a glued name, with none on either side."""
    found = []
    n = len(syllables)
    end = 0  # the syllable after the last name found
    for i in [i for i, s in enumerate(syllables) if s in heads]:
        if i < end or (i and gaps[i] == " " and syllables[i - 1] in _FAMILY_NAMES):
            continue  # "Trương Hòa Bình", "HOÀNG TRƯỜNG GIANG": a person's name, left to the CRF
        node = trie[syllables[i]]
        best = None
        k = i
        while True:
            if _NAME_END in node:
                best = (k, node[_NAME_END])
            k += 1
            if k >= n:
                break
            gap = gaps[k]
            if gap != ("" if syllables[k] == "-" or syllables[k - 1] == "-" else " "):
                break
            node = node.get(syllables[k])
            if node is None:
                break
        if best is not None and best[0] > i:
            found.append((i, best[0], best[1]))
            end = best[0] + 1
    return found


class _Segmenter:
    """Syllables by underthesea's regex, words by its CRF (decoded by :class:`FastCRF`)."""

    def __init__(self, fixed_words: Tuple[str, ...], cache: bool = True):
        self.fixed_words = tuple(fixed_words)
        self._pattern = None
        self._fast_pattern = None
        self._crf: Optional[FastCRF] = None
        self.cache = cache
        self._kinds: Dict[str, int] = {}
        self._cached = lru_cache(maxsize=_CACHE_SIZE)(self._spans)
        self._names, self._name_heads = _name_trie(self.fixed_words)

    def set_cache(self, enabled: bool) -> None:
        """Paragraph cache on or off; off also starts every text with empty bigram and trigram caches."""
        self.cache = enabled
        if self._crf is not None:
            self._crf.cache = enabled
        if not enabled:
            self.clear_cache()

    def bounds(self, text: str) -> Bounds:
        """Starts and ends of the words of ``text`` (whitespace excluded; no word spans a line break)."""
        return self._cached(text) if self.cache else self._spans(text)

    def clear_cache(self) -> None:
        """Forget every text, syllable and n-gram seen."""
        self._cached.cache_clear()
        self._kinds.clear()
        if self._crf is not None:
            self._crf.clear_cache()

    def _load(self) -> None:
        self._fast_pattern = fast_syllable_pattern(self.fixed_words)
        self._crf = FastCRF(crf_model_dir())
        self._crf.cache = self.cache

    def _kind(self, syllable: str) -> int:
        if " " in syllable or _ABBREVIATION_RE.match(syllable):
            kind = _WHOLE  # fixed words and abbreviations (UBND, VPTU) are words of their own
        elif syllable in NAME_HEAD_SYLLABLES:
            kind = _NAME_HEAD  # "Giao | Ban Dân vận": a body's name starts a word
        elif not _ALNUM_RE.search(syllable):
            kind = _PUNCT  # "|", "-", "(" are never part of a word, on either side
        else:
            kind = _PLAIN
        if len(self._kinds) > FastCRF._MAX_CACHE:
            self._kinds.clear()
        self._kinds[syllable] = kind
        return kind

    def _capitals(self, syllables: Sequence[str], kinds: List[int]) -> Tuple[Sequence[str], List[int]]:
        """The syllables the CRF reads and their kinds, runs of capitals put in lower case.

        The CRF learnt from text in sentence case; in capitals ("ỦY BAN NHÂN DÂN TỈNH QUẢNG
        NAM", every header and title) it joins across words ("NHÂN DÂN TỈNH"), and syllables
        of plain letters look like abbreviations ("BAN", "NAM": words of their own). A run of
        two syllables or more in capitals (of two letters or more), one of them at least not
        an abbreviation's letters, is segmented as its lower case (in sentence case where it
        opens the text or follows punctuation): the CRF reads that, and each syllable takes
        the kind of its lower case, but for abbreviations that read as no Vietnamese syllable
        ("UBND TỈNH": UBND stays a word of its own) and Roman numerals ("KHÓA VI").
        """
        crf = None
        kinds_get = self._kinds.get
        upper = [k for k, s in enumerate(syllables) if s.isupper()]
        if not upper:
            return syllables, kinds
        runs = []  # (first, after the last) of each run of capitals of two syllables or more
        i = previous = upper[0]
        for k in itertools.islice(upper, 1, None):
            if k != previous + 1:
                if previous > i:
                    runs.append((i, previous + 1))
                i = k
            previous = k
        if previous > i:
            runs.append((i, previous + 1))
        for i, j in runs:
            words = [k for k in range(i, j) if len(syllables[k]) > 1]
            if len(words) >= 2 and not all(_ABBREVIATION_RE.match(syllables[k]) for k in words):
                for k in words:
                    syllable = syllables[k]
                    if kinds[k] == _WHOLE and (not _is_syllable(syllable) or _ROMAN_RE.match(syllable)):
                        continue  # an abbreviation (UBND, HĐND) or a numeral (KHÓA VI)
                    if crf is None:
                        crf, kinds = list(syllables), list(kinds)
                    lower = syllable.lower()
                    kinds[k] = kinds_get(lower) or self._kind(lower)
                    # Sentence case: a run that opens the text or follows punctuation opens
                    # a sentence or a title ("CÔNG BÁO" reads "Công báo", not "công | báo").
                    crf[k] = lower if k > i or (k and kinds[k - 1] != _PUNCT) else syllable.capitalize()
        return (syllables, kinds) if crf is None else (crf, kinds)

    def _spans(self, text: str) -> Bounds:
        if self._crf is None:
            self._load()
        if self._fast_pattern is None:
            return self._reference_bounds(text)
        found = self._fast_pattern.findall(text)
        if found and not found[-1][1]:
            found.pop()  # the trailing whitespace
        if not found:
            return _NO_BOUNDS
        if "-" in text and _GLUED_HYPHEN_RE.search(text):
            found = _split_hyphens(found)
        if "." in text and _DOT_CUT_RE.search(text):
            found = _split_dots(found)
        gaps, syllables = zip(*found)
        # Syllables tile the text's non-space characters, so their offsets
        # follow from the lengths.
        lengths = list(map(len, syllables))
        ends = list(itertools.accumulate(map(operator.add, map(len, gaps), lengths)))
        starts = list(map(operator.sub, ends, lengths))
        if len(syllables) == 1:
            return tuple(starts), tuple(ends)
        kinds_get = self._kinds.get
        kinds = [kinds_get(s) or self._kind(s) for s in syllables]
        # What the CRF reads: capitals in lower case (see _capitals).
        read = syllables
        if any(map(str.isupper, syllables)):
            read, kinds = self._capitals(syllables, kinds)
        # Names kept whole: places, fixed words in capitals (see _name_trie).
        names = () if self._name_heads.isdisjoint(syllables) else \
            _match_names(self._names, syllables, gaps, self._name_heads)
        if _PLAIN not in kinds and not names:  # no syllable can join the one before it
            return tuple(starts), tuple(ends)
        # new[i]: syllable i + 1 starts a word. Syllable i may join syllable
        # i-1 only when exactly one space separates them and no rule forces a
        # word start at i: i is plain, i-1 is plain or a name head, and i is not
        # a level word's follower after a whole word ("Công an | tỉnh | thành lập").
        new = [b or k != _PLAIN or kp > _NAME_HEAD or g != " " for b, k, kp, g in zip(
            itertools.islice(self._crf.begins(read), 1, None), kinds[1:], kinds, gaps[1:])]
        n = len(syllables)
        if _WHOLE in kinds:
            i = kinds.index(_WHOLE)
            while True:
                if i + 2 < n and read[i + 1] in LEVEL_SYLLABLES:
                    new[i + 1] = True
                try:
                    i = kinds.index(_WHOLE, i + 1)
                except ValueError:
                    break
        # Words started by case alone: the CRF, trained on sentence case, joins a common word to
        # the name after it ("hòa bình | Liên Hợp Quốc") and a verb to the name before it
        # ("Nguyễn Xuân Phúc | dự").
        for i in _word_starts_by_case(syllables):
            new[i - 1] = True
        # A name is one word, whatever the CRF and the rules above said inside and around it.
        for first, last, fixed in names:
            if first:
                new[first - 1] = True
            new[first:last] = [False] * (last - first)
            if last + 1 < n:
                new[last] = True
                if fixed and last + 2 < n and read[last + 1] in LEVEL_SYLLABLES:
                    new[last + 1] = True
        return (tuple(itertools.compress(starts, itertools.chain((True,), new))),
                tuple(itertools.compress(ends, itertools.chain(new, (True,)))))

    def _reference_bounds(self, text: str) -> Bounds:
        """The first version's segmentation, step by step: the reference for :meth:`_spans`.

        Syllables by underthesea's own regex, CRF tags, tags forced by the
        rules, words grouped by tags and cut where anything but one space
        separates two syllables, whitespace tokens for the rest of the text
        if the regex ever skipped something. Used for fixed words that are
        not plain (regex syntax, leading spaces), where the shortcuts of
        :func:`fast_syllable_pattern` are not proven, and by the tests.
        """
        if self._crf is None:
            self._load()
        if not text.strip():
            return _NO_BOUNDS
        if self._pattern is None:
            self._pattern = syllable_pattern(self.fixed_words)
        spans = []
        for m in self._pattern.finditer(text):
            halves = _split_hyphen(m.group()) if "-" in m.group() else None
            if halves is None:
                spans.append(m.span())
            else:  # "động-Thương": "động", "-", "Thương"
                s, e = m.span()
                cut = s + len(halves[0])
                spans += [(s, cut), (cut, cut + 1), (cut + 1, e)]
        if "." in text:  # "ĐBSCL." ending a sentence, "P.Bến Nghé": cut at the period (_dot_cut)
            ends = spans[1:] + [(len(text), len(text))]
            cuts = [_dot_cut(text[s:e], text[e:ns], text[ns:ne]) for (s, e), (ns, ne) in zip(spans, ends)]
            spans = [piece for (s, e), cut in zip(spans, cuts)
                     for piece in (((s, s + cut), (s + cut, e)) if cut else ((s, e),))]
        syllables = [text[s:e] for s, e in spans]
        kinds = [self._kinds.get(syllable) or self._kind(syllable) for syllable in syllables]
        read, kinds = self._capitals(syllables, kinds)
        tags = self._crf.tag(list(read))
        for i, kind in enumerate(kinds):
            if kind == _WHOLE:
                tags[i] = "B-W"
                if i + 1 < len(tags):
                    tags[i + 1] = "B-W"
                if i + 2 < len(tags) and read[i + 1] in LEVEL_SYLLABLES:
                    tags[i + 2] = "B-W"
            elif kind == _NAME_HEAD:
                tags[i] = "B-W"
            elif kind == _PUNCT:
                tags[i] = "B-W"
                if i + 1 < len(tags):
                    tags[i + 1] = "B-W"
        for i in _word_starts_by_case(syllables):
            tags[i] = "B-W"
        gaps = [text[e:s] for (_s, e), (s, _e) in zip([(0, 0)] + spans, spans)]
        inside = set()  # syllables that join the one before them, as inside a name
        for first, last, fixed in _match_names(self._names, syllables, gaps, self._name_heads):
            tags[first] = "B-W"
            tags[first + 1:last + 1] = ["I-W"] * (last - first)
            inside.update(range(first + 1, last + 1))
            if last + 1 < len(tags):
                tags[last + 1] = "B-W"
                if fixed and last + 2 < len(tags) and read[last + 1] in LEVEL_SYLLABLES:
                    tags[last + 2] = "B-W"
        words: List[List[Tuple[int, int]]] = []
        for i, (tag, span) in enumerate(zip(tags, spans)):
            if tag == "I-W" and words:
                words[-1].append((span, i in inside))
            else:
                words.append([(span, False)])
        out: List[Tuple[int, int]] = []
        cursor = 0
        for word in words:
            if text[cursor:word[0][0][0]].strip():
                # Something that is not space was skipped: whitespace tokens
                # for the rest (always lossless).
                return _unzip(out + _whitespace_spans(text, cursor, 0))
            group = word[0][0]
            for (s, e), glued in word[1:]:
                if glued or (s - group[1] == 1 and text[group[1]] == " "):
                    group = (group[0], e)
                else:
                    out.append(group)
                    group = (s, e)
            out.append(group)
            cursor = word[-1][0][1]
        if text[cursor:].strip():
            out.extend(_whitespace_spans(text, cursor, 0))
        return _unzip(out)


class VietnameseTokenizer:
    """spaCy tokenizer: Vietnamese words, with codes and dates kept whole.

    Segmented paragraphs are cached (``cache=True``), which makes repeated
    paragraphs (headers, closing formulas, re-runs) free. ``clear_cache()``
    forgets every text and n-gram seen (the benchmark's cold passes);
    ``set_cache(False)`` turns the paragraph cache off and starts every text
    with empty bigram and trigram caches.
    """

    def __init__(self, vocab: Vocab, fixed_words: Iterable[str] = DEFAULT_FIXED_WORDS,
                 protect_rule_entities: bool = True, cache: bool = True):
        self.vocab = vocab
        self.fixed_words = tuple(fixed_words)
        self.protect_rule_entities = protect_rule_entities
        self._segmenter = _Segmenter(self.fixed_words, cache)

    # spaCy needs picklable tokenizers for nlp.pipe(n_process=...).
    def __reduce__(self):
        return (VietnameseTokenizer, (self.vocab, self.fixed_words, self.protect_rule_entities,
                                      self._segmenter.cache))

    def set_cache(self, enabled: bool) -> None:
        """Turn the paragraph and n-gram caches on or off (off also empties them)."""
        self._segmenter.set_cache(enabled)

    def clear_cache(self) -> None:
        """Empty the paragraph, syllable and n-gram caches (they stay on)."""
        self._segmenter.clear_cache()

    def __call__(self, text: str) -> Doc:
        protected = self._rule_entities(text)
        doc = self._make_doc(text, protected)
        remember_text(doc, text)  # the components read the text without rebuilding it from tokens
        if self.protect_rule_entities:
            remember_rule_entities(doc, protected)  # the rule components take them from the Doc
        return doc

    def _make_doc(self, text: str, protected: Sequence[RuleEntity]) -> Doc:
        starts, ends = self._bounds(text, protected)
        if not starts:
            return Doc(self.vocab, words=[text] if text else [], spaces=[False] if text else [])
        # Same result as spacy.util.get_words_and_spaces, without its search
        # through the rest of the text for every word: we know the offsets.
        # What follows each word up to the next one is nothing or one space
        # in the common case, else it becomes a whitespace token of its own.
        words = [text[s:e] for s, e in zip(starts, ends)]
        # Lengths of what follows each word: when all are 0 or 1 and each of
        # those single characters is a space (the spaces of the text outside
        # the words number as many as the 1s), the Doc is the words and those flags.
        gaps = list(map(operator.sub, itertools.islice(starts, 1, None), ends))
        gaps.append(len(text) - ends[-1])
        if not starts[0] and max(gaps) <= 1 and \
                text.count(" ") - "".join(words).count(" ") == sum(gaps):
            return Doc(self.vocab, words=words, spaces=list(map(bool, gaps)))
        after = [text[e:e + gap] for e, gap in zip(ends, gaps)]
        out_words: List[str] = []
        spaces: List[bool] = []
        if starts[0]:
            out_words.append(text[:starts[0]])
            spaces.append(False)
        for word, gap in zip(words, after):
            out_words.append(word)
            if gap[:1] == " ":
                spaces.append(True)
                gap = gap[1:]
            else:
                spaces.append(False)
            if gap:
                out_words.append(gap)
                spaces.append(False)
        return Doc(self.vocab, words=out_words, spaces=spaces)

    def pipe(self, texts, batch_size: int = 1000):
        for text in texts:
            yield self(text)

    # ------------------------------------------------------------ segmentation
    def word_spans(self, text: str) -> List[Tuple[int, int]]:
        """Character spans of the words of ``text`` (whitespace excluded)."""
        return list(zip(*self._bounds(text, self._rule_entities(text))))

    def _rule_entities(self, text: str) -> List[RuleEntity]:
        return find_rule_entities(text, form_codes=True) if self.protect_rule_entities else []

    def _bounds(self, text: str, protected: Sequence[RuleEntity]) -> Bounds:
        """Word starts and ends: the rule entities ``protected`` whole, the text between them segmented."""
        bounds = self._segmenter.bounds
        if not protected:
            return bounds(text) if text else _NO_BOUNDS
        starts: List[int] = []
        ends: List[int] = []
        cursor = 0
        for start, end, _label, _value in protected:
            if start > cursor:
                chunk_starts, chunk_ends = bounds(text[cursor:start])
                starts += map(cursor.__add__, chunk_starts)
                ends += map(cursor.__add__, chunk_ends)
            starts.append(start)
            ends.append(end)
            cursor = end
        if cursor < len(text):
            chunk_starts, chunk_ends = bounds(text[cursor:])
            starts += map(cursor.__add__, chunk_starts)
            ends += map(cursor.__add__, chunk_ends)
        return starts, ends

    # ------------------------------------------------------------ serialization
    def _config(self) -> dict:
        return {"fixed_words": list(self.fixed_words),
                "protect_rule_entities": self.protect_rule_entities}

    def to_bytes(self, *, exclude=tuple()) -> bytes:
        return srsly.json_dumps(self._config()).encode("utf8")

    def from_bytes(self, data: bytes, *, exclude=tuple()) -> "VietnameseTokenizer":
        cfg = json.loads(data.decode("utf8"))
        self.__init__(self.vocab, cfg["fixed_words"], cfg["protect_rule_entities"])
        return self

    def to_disk(self, path, *, exclude=tuple()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / "cfg.json", self._config())

    def from_disk(self, path, *, exclude=tuple()) -> "VietnameseTokenizer":
        cfg = srsly.read_json(Path(path) / "cfg.json")
        self.__init__(self.vocab, cfg["fixed_words"], cfg["protect_rule_entities"])
        return self


def _whitespace_spans(chunk: str, cursor: int, offset: int) -> List[Tuple[int, int]]:
    """Whitespace-separated tokens of ``chunk[cursor:]`` as spans of the full text."""
    return [
        (offset + cursor + m.start(), offset + cursor + m.end())
        for m in re.finditer(r"\S+", chunk[cursor:])
    ]


@registry.tokenizers("vnadmin.Tokenizer.v1")
def create_vietnamese_tokenizer(
    fixed_words: Optional[List[str]] = None, protect_rule_entities: bool = True
) -> Callable:
    """Registered factory for ``[nlp.tokenizer]`` in a config."""

    def make_tokenizer(nlp) -> VietnameseTokenizer:
        words = DEFAULT_FIXED_WORDS if fixed_words is None else fixed_words
        return VietnameseTokenizer(nlp.vocab, words, protect_rule_entities)

    return make_tokenizer


_DEFAULT_TOKENIZER: Optional[VietnameseTokenizer] = None


def segment_words(text: str) -> List[Tuple[int, int]]:
    """Word spans of ``text`` with the default tokenizer settings (no spaCy Doc built)."""
    global _DEFAULT_TOKENIZER
    if _DEFAULT_TOKENIZER is None:
        _DEFAULT_TOKENIZER = VietnameseTokenizer(Vocab())
    return _DEFAULT_TOKENIZER.word_spans(text)
