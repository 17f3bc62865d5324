"""Where rule expressions can start, so that each pattern is tried only there.

A pattern that opens with a look-behind (``(?<![\\w/.\\-])\\d...``) gives the
regex engine no first character to skip to, so ``finditer`` makes a full
attempt at every character of the paragraph; with a dozen patterns that was
most of the rule finders' time. Every DATE and DOC_NUMBER expression starts
instead at one of few places: a digit with nothing glued to its left, a lead
word right before such a digit ("ngày 5", "Quyết định 218"), or a literal
word ("quý", "Luật"). Those places are found once per paragraph at C speed,
and each pattern is tried only there with ``Pattern.match``, which gives the
same matches as ``finditer`` (look-behinds still see the text before the
position).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Dict, Iterable, List, Match, Optional, Pattern, Sequence, Tuple

#: A digit that opens a number: nothing of a longer token glued to its left.
#: The look-behind follows the digit so that the engine skips to digits at C
#: speed; ``(?<![\w/.\-]\d)`` after a digit tests the same character as
#: ``(?<![\w/.\-])`` before it (the ``_START``/``_LEFT`` of the patterns).
_START_DIGIT = re.compile(r"\d(?<![\w/.\-]\d)")


@lru_cache(maxsize=64)
def start_digits(text: str) -> Tuple[int, ...]:
    """Offsets of the digits of ``text`` that open a number (shared by the date and code finders)."""
    return tuple(m.start() for m in _START_DIGIT.finditer(text))


def literal_positions(text: str, literal: str, offset: int = 0) -> List[int]:
    """Offsets of ``literal`` in ``text`` (overlapping ones too), shifted by ``offset``."""
    positions = []
    index = text.find(literal)
    while index >= 0:
        if index + offset >= 0:
            positions.append(index + offset)
        index = text.find(literal, index + 1)
    return positions


class LeadTable:
    """Lead words that stand right before a number ("ngày 5", "Quyết định 218"), found
    from the digits that open a number rather than by scanning the text for each word.

    ``groups`` maps a group name to its leads; every lead ends with the space
    before the number. The character before that space picks the few leads to
    compare, so most digits cost one dictionary look-up.
    """

    def __init__(self, groups: Dict[str, Iterable[str]]):
        self.groups = tuple(groups)
        by_last: Dict[str, List[Tuple[int, str, str]]] = {}
        for group, leads in groups.items():
            for lead in leads:
                if len(lead) < 2 or lead[-1] != " ":
                    raise ValueError(f"lead {lead!r} must be a word followed by a space")
                by_last.setdefault(lead[-2], []).append((len(lead), lead, group))
        self._by_last = {last: tuple(options) for last, options in by_last.items()}

    def starts(self, text: str, digits: Sequence[int],
               ends: Optional[Dict[str, List[int]]] = None) -> Dict[str, List[int]]:
        """Per group, the ascending offsets where one of its leads ends right before a digit.

        When ``ends`` is given, it gets, per group, the ascending offsets of those digits
        (the end of the lead) too, in the same pass.
        """
        found: Dict[str, List[int]] = {group: [] for group in self.groups}
        if ends is not None:
            ends.update({group: [] for group in self.groups})
        by_last = self._by_last
        for digit in digits:
            if digit >= 2 and text[digit - 1] == " ":
                options = by_last.get(text[digit - 2])
                if options:
                    for length, lead, group in options:
                        start = digit - length
                        if start >= 0 and text.startswith(lead, start):
                            found[group].append(start)
                            if ends is not None and (not ends[group] or ends[group][-1] != digit):
                                ends[group].append(digit)
        for starts in found.values():
            starts.sort()
        return found


def matches_at(pattern: Pattern, text: str, candidates: Iterable[int]) -> List[Match]:
    """The matches of ``pattern.finditer(text)``, trying the pattern only at ``candidates``.

    ``candidates`` must be ascending and contain every offset where ``pattern``
    matches; as with ``finditer``, the next match is looked for from the end
    of the previous one. None of the rule patterns matches the empty string
    (``finditer`` would step one character past such a match).
    """
    found = []
    end = 0
    for position in candidates:
        if position >= end:
            match = pattern.match(text, position)
            if match is not None:
                found.append(match)
                end = match.end()
    return found
