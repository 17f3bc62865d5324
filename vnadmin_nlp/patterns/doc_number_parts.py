"""The parts of a document code: number, year, type, issuer, the kind of document, the family.

``doc_number_parts("145/2020/NĐ-CP")`` gives ``DocNumberParts(number="145", year=2020, type="NĐ",
issuer="CP", kind="legal", family="state")``: what a user needs to list the documents a text
cites by kind and issuer. The DOC_NUMBER component puts it on ``Span._.value`` (a named tuple:
hashable like a DATE's value, ``span._.value.issuer``); records write it as a JSON object.

The forms (GUIDELINES.md, DOC_NUMBER):

* Party ``NUMBER-TYPE/ISSUER``: ``25-NQ/TW``, ``30-KH/BCSD-BDVTU`` (family ``party``);
* State ``NUMBER/TYPE-ISSUER`` and ``NUMBER/YEAR/TYPE-ISSUER``: ``01/QĐ-UBND``,
  ``145/2020/NĐ-CP``, ``141/2010/TTLT/BQP-BTP``; a letter's ``6896/UBND-NC`` has no type word
  (its first segment names no kind of document), so it is all issuer (family ``state``);
* the Government's codes from before 2000, ``64-CP``, ``35-HĐBT``, ``135/TTg``: the part after
  the number is the issuer (``87-CT`` is the Chairman's, not a directive) (family ``state``);
* laws ``45/2019/QH14``: issuer ``QH14``; standards ``34:2022/BTTTT`` (family ``standard``);
* short names ``218`` ("Quyết định 218"), ``01/2017``, ``19-2017``: number (and year), the kind
  from the document type word before the code, the family unknown.

The type codes and their kinds are ``resources/document_kinds.json``'s ``codes``; the kind of a
code whose type is missing comes from the title word before it (``before``: the text before the
span, "... Quyết định số ").
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Dict, NamedTuple, Optional, Tuple

from ..resources import document_kinds, title_word_kinds
from .doc_numbers import LOOK_ALIKES

_LOOK_ALIKES = str.maketrans(LOOK_ALIKES)
_NUMBER = r"(?P<number>\d+(?:[.,]\d+)*[a-zđ]?)"
_PARTY_RE = re.compile(_NUMBER + r"-(?P<type>[^/\-]+)/(?P<issuer>.+)")
_YEAR_RE = re.compile(_NUMBER + r"/+(?P<year>\d{4})(?:/+(?P<rest>.+))?")
_STATE_RE = re.compile(_NUMBER + r"/+(?P<rest>.+)")
_OLD_RE = re.compile(_NUMBER + r"-(?P<rest>.+)")
_STANDARD_RE = re.compile(r"(?P<number>\d[\w.]*?)(?:-[A-ZĐ]+)?:(?P<year>\d{4})(?:/(?P<issuer>.+))?")
#: The prefix of a standard's code, which the DOC_NUMBER span leaves out ("QCVN 01:2019/BYT").
_STANDARD_TYPE_RE = re.compile(r"\b(QCVN|TCVN|TCCS|QCĐP)\s*$")
_GLUED_RE = re.compile(r"(\d)([A-ZĐ])")  # "89NQ-HĐND", "33/2015QĐ-TTg": a separator left out


class DocNumberParts(NamedTuple):
    """The parts of a document code; None where the code does not say."""

    number: Optional[str] = None
    year: Optional[int] = None
    type: Optional[str] = None  # the type code: "NQ", "QĐ", "NĐ" ...
    issuer: Optional[str] = None  # as spelled: "TW", "UBND", "UBND-NC", "QH14"
    kind: Optional[str] = None  # a kind of resources/document_kinds.json: "resolution", "decision" ...
    family: Optional[str] = None  # "party", "state", "standard"


@lru_cache(maxsize=None)
def _type_kinds() -> Dict[str, str]:
    """Type code (upper case) -> kind, from ``document_kinds.json``."""
    kinds: Dict[str, str] = {}
    for entry in document_kinds():
        for code in entry.get("codes", []):
            if "-" not in code:  # "NQ-HĐND": a type and an issuer, see _kind_of_type
                kinds.setdefault(code.upper(), entry["kind"])
    return kinds


@lru_cache(maxsize=None)
def _title_word_re() -> Tuple["re.Pattern", Dict[str, str]]:
    """The last document type word before a code ("Quyết định số ", "Nghị định ")."""
    pairs = [(word.lower(), kind) for word, kind in title_word_kinds("citation") if kind]
    words = sorted({w for w, _ in pairs}, key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(" + "|".join(map(re.escape, words)) + r")(?:\s+\w+){0,3}?\s*(?:số\s*)?:?\s*$")
    return pattern, dict(pairs)


def _kind_of_type(code_type: Optional[str], issuer: Optional[str]) -> Optional[str]:
    if not code_type:
        return None
    kinds = _type_kinds()
    upper = code_type.upper()
    kind = kinds.get(upper)
    if kind is None:  # "KHLT", "QĐi", "TTLT": the longest known code the type starts with
        known = [code for code in kinds if upper.startswith(code)]
        kind = kinds[max(known, key=len)] if known else None
    if kind == "resolution" and issuer and issuer.upper().startswith("HĐND"):
        return "hdnd_resolution"
    return kind


def _kind_before(before: str) -> Optional[str]:
    pattern, kinds = _title_word_re()
    match = pattern.search(before[-60:].lower())
    return kinds.get(match.group(1)) if match else None


def _split_type(rest: str) -> Tuple[Optional[str], Optional[str]]:
    """``TYPE-ISSUER`` (or ``TYPE/ISSUER``) into type and issuer. A first segment that names no
    kind of document belongs to the issuer ("UBND-NC" of a letter), and so does a code of one
    segment ("135/TTg", "45/2019/QH14")."""
    match = re.fullmatch(r"([^/-]+)[/-](.+)", rest)
    if match and _kind_of_type(match[1], match[2]):
        return match[1], match[2]
    return None, rest


def doc_number_parts(code: str, before: str = "") -> DocNumberParts:
    """The parts of the DOC_NUMBER ``code`` (as spelled in the text); ``before``: the text
    before it, where a document type word may name its kind. Fields: number, year (int), type,
    issuer, kind (a kind of ``document_kinds.json``), family (party, state, standard); None
    where the code does not say."""
    text = re.sub(r"\s*([/:-])\s*", r"\1", code.strip().replace("–", "-")).translate(_LOOK_ALIKES)
    if ":" in text:
        return DocNumberParts(**_standard_parts(text, before))
    parts = _code_parts(_unglue(text))
    kind = _kind_of_type(parts.get("type"), parts.get("issuer")) or (_kind_before(before) if before else None)
    return DocNumberParts(kind=kind, **parts)


def _standard_parts(text: str, before: str) -> Dict[str, object]:
    """A standard's code ("34:2022/BTTTT"), its prefix ("QCVN") read before it; no kind."""
    match = _STANDARD_RE.fullmatch(text)
    if not match:
        return {}
    prefix = _STANDARD_TYPE_RE.search(before[-12:])
    return {"number": match["number"], "year": int(match["year"]), "issuer": match["issuer"],
            "type": prefix.group(1) if prefix else None, "family": "standard"}


def _code_parts(text: str) -> Dict[str, object]:
    """Number, year, type, issuer and family of a code of the Party, State or old forms (the
    fields it does not say left out)."""
    match = _PARTY_RE.fullmatch(text)
    if match and not match["type"].isdigit():
        return {"number": match["number"], "type": match["type"], "issuer": match["issuer"], "family": "party"}
    match = _YEAR_RE.fullmatch(text)
    if match:
        parts: Dict[str, object] = {"number": match["number"], "year": int(match["year"])}
        if match["rest"]:
            parts["type"], parts["issuer"] = _split_type(match["rest"])
            parts["family"] = "state"
        return parts
    match = _STATE_RE.fullmatch(text)
    if match:
        code_type, issuer = _split_type(match["rest"])
        return {"number": match["number"], "type": code_type, "issuer": issuer, "family": "state"}
    match = _OLD_RE.fullmatch(text)
    if match:
        if re.fullmatch(r"\d{4}", match["rest"]):
            return {"number": match["number"], "year": int(match["rest"])}  # the news' "Nghị quyết 19-2017"
        return {"number": match["number"], "issuer": match["rest"], "family": "state"}
    return {"number": text} if re.fullmatch(_NUMBER, text) else {}


def _unglue(text: str) -> str:
    """Put back the separator a typo left out between the number (or year) and the type:
    "89NQ-HĐND" -> "89/NQ-HĐND", "33/2015QĐ-TTg" -> "33/2015/QĐ-TTg", "499QĐ/ĐC" -> "499-QĐ/ĐC"."""
    match = _GLUED_RE.search(text)
    if not match or not text[:match.start() + 1].replace("/", "").isdigit():
        return text
    rest = text[match.end() - 1:]
    sep = "-" if "/" in rest and "-" not in rest.split("/")[0] else "/"
    return text[:match.start() + 1] + sep + rest
