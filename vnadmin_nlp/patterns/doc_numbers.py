"""Patterns for DOC_NUMBER: the number code (số, ký hiệu) of a document.

Each pattern is general to the genre, with examples. Matches are character
spans over a paragraph's text; the component turns them into entities.
"""

from __future__ import annotations

import re
from typing import List, Match, Tuple

from ..resources import sentence_case, title_words
from ._scan import LeadTable, matches_at, start_digits

# One segment of a type/issuer code: an upper-case letter, then letters and
# digits ("NQ", "QĐi", "TTg", "BCSD", "QH14", "UBND").
_SEG = r"[A-ZĐ][A-Za-zĐđ0-9]*"
# The hyphen between type and issuer; copied text sometimes spaces it
# ("35/NQ - CP", "01/2014/TT- TTCP"), and the code is still one code.
_HYPHEN = r"(?:-| -| ?- )"
_CODE = rf"{_SEG}(?:{_HYPHEN}{_SEG})*"
_NUM = r"\d{1,6}[a-z]?"  # "25", "348a"
_LEFT = r"(?<![\w/.\-])"  # not glued to a longer token on the left
_RIGHT = r"(?![\w/]|-[A-Za-zĐđ0-9])"  # nor on the right

#: Party style NUMBER-TYPE/ISSUER: "25-NQ/TW", "01-QĐi/TU", "30-KH/BCSD-BDVTU",
#: "348a-CV/BDVTW".
PARTY_CODE = re.compile(rf"{_LEFT}{_NUM}{_HYPHEN}{_SEG}/{_CODE}{_RIGHT}")

#: NUMBER-YEAR/TYPE-ISSUER, as the Government numbers some resolutions: "19-2017/NQ-CP".
NUMBER_YEAR_CODE = re.compile(rf"{_LEFT}{_NUM}-(?:19|20)\d\d/{_CODE}{_RIGHT}")

# The slash after the number; a form filled in by hand or a copied text spaces it ("Số: 69
# /2024/QĐ-UBND", "Văn bản số 8411/ STC-TCHCSN"), and the code is still one code.
_SLASH = r"(?:/| /|/ )"

#: State style NUMBER/YEAR/TYPE-ISSUER: "145/2020/NĐ-CP", "12/2024/QĐ-TTg",
#: and laws "45/2019/QH14" (type and issuer fused).
STATE_CODE_WITH_YEAR = re.compile(rf"{_LEFT}{_NUM}{_SLASH}(?:19|20)\d\d/{_CODE}{_RIGHT}")

#: State style NUMBER/TYPE-ISSUER: "01/QĐ-UBND", "33/CT-TTg", "6896/UBND-NC",
#: "19046/BTC-TCHQ". The hyphen is required so that "10/10" or a fraction
#: never matches.
STATE_CODE = re.compile(rf"{_LEFT}{_NUM}{_SLASH}{_SEG}(?:{_HYPHEN}{_SEG})+{_RIGHT}")

#: A national technical standard cited by its code, without the "QCVN"/"TCVN" before it:
#: "QCVN 34:2022/BTTTT" gives "34:2022/BTTTT", "TCVN 5574:2018" gives "5574:2018".
STANDARD_CODE = re.compile(rf"(?<=QCVN )(?:\d{{1,5}}(?:-\d{{1,3}})?:(?:19|20)\d\d(?: ?/{_CODE})?){_RIGHT}|"
                           rf"(?<=TCVN )(?:\d{{1,5}}(?:-\d{{1,3}})?:(?:19|20)\d\d){_RIGHT}")

#: NUMBER/TYPE without issuer is a code only right after "số"/"Số:":
#: "Công văn số 1234/UBND".
BARE_STATE_CODE = re.compile(rf"(?<=[Ss]ố )(?:{_NUM}/[A-ZĐ]{{2,}}[A-Za-zĐđ]*){_RIGHT}|"
                             rf"(?<=[Ss]ố: )(?:{_NUM}/[A-ZĐ]{{2,}}[A-Za-zĐđ]*){_RIGHT}")

#: Document type words that can name a document by a bare number, as written in a sentence
#: (``resources/document_kinds.json``, the title words ``used_by`` "citation").
DOC_TYPE_WORDS = tuple(sentence_case(word) for word in title_words("citation"))

#: Alias "Quyết định 218", "Quy định 4054", "Nghị quyết số 25": the number
#: only. Not when the number counts something ("Kế hoạch 5 năm"), is a date
#: or continues as a full code.
ALIAS = re.compile(
    r"(?<![\w])(?:%s)(?: số)? (\d{1,6}[a-z]?)(?![\w/\-.,]\d|[\w/\-]|\s*(?:năm|tháng|ngày|%%|người|lần)\b)"
    % "|".join(DOC_TYPE_WORDS)
)

CODE_PATTERNS = (PARTY_CODE, NUMBER_YEAR_CODE, STATE_CODE_WITH_YEAR, STATE_CODE, BARE_STATE_CODE, STANDARD_CODE)


#: What stands between the start of an alias and its number: a document type
#: word, with or without "số", and the space before the number.
_ALIAS_LEADS = LeadTable({"alias": [word + " " for word in DOC_TYPE_WORDS]
                                   + [word + " số " for word in DOC_TYPE_WORDS]})
#: What every code pattern has from its first character: a number opening
#: after a space or punctuation, then a slash or a hyphen (spaced or not).
#: The codes are tried only where this matches.
_CODE_START = re.compile(rf"\d(?<![\w/.\-]\d)\d{{0,5}}[a-z]?(?:{_SLASH}|{_HYPHEN}|:)")


def _pattern_matches(text: str) -> List[List[Match]]:
    """For each of ``CODE_PATTERNS`` and then ``ALIAS``, what ``pattern.finditer(text)``
    gives, trying the pattern only where it can start (see ``_scan``)."""
    no_match: List[List[Match]] = [[] for _pattern in CODE_PATTERNS] + [[]]
    digits = start_digits(text)
    if not digits:
        return no_match  # every code and alias has a number opening after a space or punctuation
    matches = no_match
    if "/" in text or "CVN " in text:  # every code has a slash, but a standard's (TCVN 5574:2018)
        # A match of _CODE_START ends at a slash, hyphen or space, so no code
        # can start inside one: finditer sees every place where a code starts.
        starts = [m.start() for m in _CODE_START.finditer(text)]
        if starts:
            matches = [matches_at(pattern, text, starts) for pattern in CODE_PATTERNS] + [[]]
    alias_starts = _ALIAS_LEADS.starts(text, digits)["alias"]
    if alias_starts:
        matches[-1] = matches_at(ALIAS, text, alias_starts)
    return matches


def find_doc_numbers(text: str) -> List[Tuple[int, int]]:
    """Character spans of document codes and aliases in ``text``, in order, without overlap."""
    *codes, aliases = _pattern_matches(text)
    spans = [m.span() for matches in codes for m in matches]
    spans.extend(m.span(1) for m in aliases)
    return _without_overlaps(spans) if spans else []


def _without_overlaps(spans: List[Tuple[int, int]]) -> List[Tuple[int, int]]:
    """Keep the earliest, then longest span of any overlapping group."""
    result: List[Tuple[int, int]] = []
    for start, end in sorted(set(spans), key=lambda s: (s[0], -s[1])):
        if result and start < result[-1][1]:
            continue
        result.append((start, end))
    return result
