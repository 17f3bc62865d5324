"""Rule candidates for ORG: the closed vocabulary of Vietnamese public bodies.

A name opens with a *head* (the kind of body: Ban, Sở, Bộ, Ủy ban, Tỉnh ủy,
UBND ...), goes on with capitalised words (Ban *Dân vận*, Sở *Y tế*, Bộ *Nội
vụ*), a few lower-case words that belong to names ("Ban *cán sự đảng*",
"Ủy ban *nhân dân*"), and may end with an administrative level and place
("UBND *tỉnh*", "Ban Thường vụ Tỉnh ủy *Bắc Giang*"). The guidelines' "Not
ORG" cases are excluded: generic plurals ("các cấp ủy"), level qualifiers
after a name ("HĐND *các cấp*"), people's titles ("*Chủ tịch* UBND"),
"Tỉnh ủy viên" (a person), "Hội nghị" (a meeting).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import Callable, List, Optional, Tuple, Union

from ..resources import body_words, level_words, not_name_words


# The vocabulary is data: resources/body_types.json (see its README).
#: Heads that name a body on their own (a name may still follow).
STANDALONE_HEADS = body_words("org_standalone")
#: Heads that need a capitalised name after them ("Sở Y tế", "Ban Dân vận",
#: "Hội Nông dân", "Báo Bắc Giang"), because alone they are ordinary words.
NAMED_HEADS = body_words("org_named")
#: Lower-case words that continue a name.
NAME_LOWER_WORDS = body_words("org_lower")
#: Level words that may close a name, optionally followed by a place name.
LEVEL_WORDS = level_words("org_level")
#: Capitalised words that start ordinary words, never a body's name.
NOT_NAMES = not_name_words()


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_STANDALONE_RE = re.compile(rf"(?:{_alt(STANDALONE_HEADS)})(?![\w])")
_NAMED_RE = re.compile(rf"(?:{_alt(NAMED_HEADS)})(?![\w])")
_LOWER_NAME_RE = re.compile(rf"(?:{_alt(NAME_LOWER_WORDS)})(?![\w])")
#: A level word, or its abbreviation glued to what follows ("Q.1", "P.Bến Nghé": the tokenizer
#: cuts after the period).
_LEVEL_RE = re.compile(rf"(?:{_alt(LEVEL_WORDS)})(?:(?<=\.)|(?![\w]))")
#: The number of a city's district or ward after its level word ("quận 1", "Q.12", "phường 2");
#: only these levels are numbered ("huyện 2 năm" is a count). The body ruler reads them too.
UNIT_NUMBER_RE = re.compile(r"\d{1,2}\Z")
NUMBERED_LEVELS = frozenset(level_words("numbered_level"))
_NOT_NAME_RE = re.compile(rf"^(?:{_alt(NOT_NAMES)})(?![\w])")


#: Every head, standalone or named: a body's name can only start where this matches.
_HEAD_RE = re.compile(rf"(?:{_alt(STANDALONE_HEADS + NAMED_HEADS)})(?![\w])")
_PERSON_AFTER_RE = re.compile(r" viên(?![\w])")


def _is_cap_word(word: str) -> bool:
    return word[:1].isupper() and word[:1].isalpha()


def _head_starts(text: str) -> List[int]:
    """Every offset where a head matches, overlapping ones included.

    ``_HEAD_RE`` opens with literal capitals, so ``re`` skips to them at C
    speed; trying the heads at every word instead cost a Python step per word.
    """
    starts = []
    match = _HEAD_RE.search(text)
    while match is not None:
        starts.append(match.start())
        match = _HEAD_RE.search(text, match.start() + 1)
    return starts


def _word_ending_at(ends: List[int], end: int) -> Optional[int]:
    """Index of the (last) word that ends at ``end``, or None."""
    index = bisect_right(ends, end) - 1
    return index if index >= 0 and ends[index] == end else None


Words = List[Tuple[int, int]]
#: Word starts and ends, as two lists (cheaper to get from a Doc than pairs).
WordBounds = Tuple[List[int], List[int]]


def find_org_candidates(text: str,
                        words: Union[None, Words, Callable[[], Words]] = None) -> Words:
    """Character spans of body names found by the head-word rules.

    ``words`` are the word spans of ``text`` (from the tokenizer), in order
    and without overlap, or a function that gives them (called only when a
    head word occurs); names are built from whole words so that "Ban Chấp
    hành Trung ương" is read as Ban + "Chấp hành" + "Trung ương".
    """
    def bounds() -> WordBounds:
        spans = words
        if spans is None:
            from ..tokenizer import segment_words

            spans = segment_words(text)
        elif callable(spans):
            spans = spans()
        return [s for s, _e in spans], [e for _s, e in spans]

    return find_org_candidates_in_words(text, bounds)


def find_org_candidates_in_words(text: str, word_bounds: Callable[[], WordBounds]) -> Words:
    """:func:`find_org_candidates` with the words given as ``(starts, ends)`` lists by
    ``word_bounds``, which is called only when a head word occurs."""
    heads = _head_starts(text)
    if not heads:
        return []
    starts, ends = word_bounds()
    n_words = len(starts)
    spans: List[Tuple[int, int]] = []
    # Words are visited from left to right as before, but only those where a
    # head starts: at any other word the rules below stop at once.
    i = 0
    for head_start in heads:
        index = bisect_left(starts, head_start)
        if index < i or index >= n_words or starts[index] != head_start:
            continue
        i = index
        start = head_start
        if spans and start < spans[-1][1]:
            i += 1
            continue
        standalone = _STANDALONE_RE.match(text, start)
        head = standalone or _NAMED_RE.match(text, start)
        head_word = _word_ending_at(ends, head.end()) if head else None
        if head_word is None or _NOT_NAME_RE.match(text, start):
            i += 1
            continue
        needs_name = standalone is None  # "Sở", "Ban" alone are ordinary words
        j = head_word + 1
        named = False
        while j < n_words:
            word = text[starts[j]:ends[j]]
            lower = _LOWER_NAME_RE.match(text, starts[j])
            lower_word = _word_ending_at(ends, lower.end()) if lower else None
            if word.endswith(".") and _LEVEL_RE.fullmatch(word):
                break  # "UBND Q.1": a level's abbreviation, not a word of the name
            if _is_cap_word(word) and not _NOT_NAME_RE.match(text, starts[j]):
                j += 1
                named = True
            elif lower_word is not None:
                j = lower_word + 1
                named = True
            else:
                break
        if needs_name and not named:
            i += 1
            continue
        if j < n_words:
            level = _LEVEL_RE.match(text, starts[j])
            level_word = _word_ending_at(ends, level.end()) if level else None
            if level_word is not None:
                j = level_word + 1
                if j < n_words and text[starts[level_word]:ends[level_word]] in NUMBERED_LEVELS \
                        and UNIT_NUMBER_RE.match(text[starts[j]:ends[j]]):
                    j += 1  # "UBND quận 1" ("huyện 2 năm" is a count: only a city's units are numbered)
                while j < n_words and _is_cap_word(text[starts[j]:ends[j]]):
                    j += 1
                if j == level_word + 1 and text[ends[level_word] - 1] == ".":
                    j = level_word  # "UBND Q." and nothing after it: the body alone
        end = ends[j - 1]
        if _PERSON_AFTER_RE.match(text[end:end + 6]):
            i = j
            continue  # "Tỉnh ủy viên" is a person, not a body
        spans.append((start, end))
        i = j
    return spans
