"""A cue-based paragraph labeler: the baseline until a trained classifier is shipped.

It reads the paragraph's section (``Doc._.section``) and reader kind
(``Doc._.kind``) and its opening words, and sets ``doc.cats`` to 1.0 for one
label. A trained text classifier replaces it in the shipped model.
"""

import re
from bisect import bisect_right
from functools import lru_cache
from typing import List, Optional, Union

from spacy.language import Language
from spacy.tokens import Doc

from ..labels import PARAGRAPH_LABELS
from ..resources import heading_cues, opening_marker_pattern
from .extensions import register_extensions

#: Cue words in the nearest heading, checked in this order (``resources/heading_cues.json``:
#: those ``used_by`` "paragraph_rules", by ``rule_priority``; the first found gives the label).
SECTION_CUES = heading_cues("paragraph_rules", by_priority=True)
#: A list marker opening the paragraph ("1.", "II-", "a)", "- "), from ``resources/list_markers.json``.
_MARKER_RE = re.compile(opening_marker_pattern("paragraph_rules"))
_LIMITATION_RE = re.compile(r"^(?:Tuy nhiên|Hạn chế|Bên cạnh)")
_CAUSE_RE = re.compile(r"^Nguyên nhân")
#: The assignment cue (answered, faster and the same, by ``_is_assignment`` and, for batches, ``_label_of``).
_ASSIGNMENT_RE = re.compile(r"\bGiao\b.*\bchủ trì\b|\bcó trách nhiệm\b|\bbáo cáo kết quả\b")
_TASK_RE = re.compile(r"^(?:Tiếp tục|Tăng cường|Đẩy mạnh|Nâng cao|Chú trọng|Quan tâm|Tập trung|"
                      r"Phát huy|Chỉ đạo|Thực hiện|Xây dựng|Đổi mới)")
_PAST_RE = re.compile(r"\bđã\b")

# ---------------------------------------------------------------- fast cue search
# A pattern such as ``\b(?:phải|được)\b`` makes ``re`` try every position of the text,
# because a leading ``\b`` disables its fast scan for the first character (about 25 ns a
# character, and the classifier runs a dozen of them over every paragraph). Every match of
# such a pattern starts where one of its literal words starts, so ``str.find`` of each
# literal (a fast C scan) finds the candidate positions and the original pattern, matched
# at each candidate, decides. The answer is the original pattern's own.

_LITERAL = r"[^\\.^$*+?{}\[\]()|]+"
_BOUNDED_LITERAL = re.compile(r"\\b(" + _LITERAL + r")\\b")
_PLAIN_LITERAL = re.compile(_LITERAL)


def _literal_alternatives(source: str) -> Optional[List[str]]:
    """The literal words of a pattern shaped ``\\b(?:a|b)\\b``, ``(?:\\ba\\b|\\bb\\b)`` or
    ``\\ba\\b``: every match starts with one of them. None for any other shape."""
    if source.startswith("\\b(?:") and source.endswith(")\\b"):
        alternatives = source[5:-3].split("|")
        if all(_PLAIN_LITERAL.fullmatch(a) for a in alternatives):
            return alternatives
        return None
    if source.startswith("(?:") and source.endswith(")"):
        matches = [_BOUNDED_LITERAL.fullmatch(a) for a in source[3:-1].split("|")]
        return [m.group(1) for m in matches] if all(matches) else None
    match = _BOUNDED_LITERAL.fullmatch(source)
    return [match.group(1)] if match else None


def _case_fixes() -> Optional[dict]:
    """``re``'s extra case-insensitive equivalences (``i`` ~ dotless ``ı`` ...), by lowercase
    code point; None where this Python does not expose them (the fast path is then off)."""
    try:
        from re import _casefix  # Python 3.11+
    except ImportError:  # pragma: no cover - older Pythons
        return None
    return getattr(_casefix, "_EXTRA_CASES", None)


class LiteralSearch:
    """``pattern.search(text) is not None``, faster for patterns of literal words between
    ``\\b`` (see the comment above); for other patterns, ``pattern.search`` itself.

    Case-insensitive patterns are scanned on ``text.lower()``: for every character except
    the capital dotted I (which changes the length, checked) and the capital sigma (whose
    lowercase depends on its neighbours, checked), ``str.lower`` is the same one-character
    mapping ``re`` compares with, so a match of the pattern is a match of the lowered literals
    at the same position. Characters ``re`` also equates (``i`` ~ ``ı``) are checked for, and
    text holding any of these falls back to the pattern's own search."""

    #: Joins the texts of a batch: not a word character, so ``\\b`` sees it as a text edge.
    SEPARATOR = "\n"

    def __init__(self, pattern: "re.Pattern"):
        self.pattern = pattern
        self._search = pattern.search
        self._match = pattern.match
        literals = _literal_alternatives(pattern.pattern)
        flags = pattern.flags & ~re.UNICODE
        self.mode = None  # None: the pattern's own search; "exact"; "lower" (case-insensitive)
        self.unsafe: List[str] = []
        if not literals or flags not in (0, re.IGNORECASE) or any(self.SEPARATOR in lit for lit in literals):
            return
        if flags == 0:
            self.mode = "exact"
            # Shorter literals first only because they are likelier to be found early.
            self.literals = sorted(set(literals), key=len)
            return
        fixes = _case_fixes()
        if fixes is None or any(len(lit.lower()) != len(lit) or "\u0130" in lit or "\u03a3" in lit
                                for lit in literals):
            return
        self.mode = "lower"
        self.literals = sorted({lit.lower() for lit in literals}, key=len)
        # Characters that match a literal's character only through re's extra equivalences.
        self.unsafe = sorted({chr(code) for ch in set("".join(self.literals)) for code in fixes.get(ord(ch), ())})

    def _scanned(self, text: str) -> Optional[str]:
        """The string to find the literals in (``text`` or its lowercase, same positions), or
        None where the pattern's own search must decide."""
        if self.mode == "exact":
            return text
        if self.mode == "lower":
            return self._lower_scanned(text, text.lower())
        return None

    def _lower_scanned(self, text: str, low: str) -> Optional[str]:
        """``low`` (``text.lower()``) where it can be scanned in place of ``text``, else None."""
        if len(low) == len(text) and "\u03a3" not in text and not any(ch in low for ch in self.unsafe):
            return low
        return None

    def __call__(self, text: str) -> bool:
        scanned = self._scanned(text)
        if scanned is None:
            return self._search(text) is not None
        match = self._match
        find = scanned.find
        for literal in self.literals:
            start = find(literal)
            while start >= 0:
                if match(text, start):
                    return True
                start = find(literal, start + 1)
        return False

    def many(self, texts: Union[List[str], "JoinedTexts"]) -> List[bool]:
        """``[self(text) for text in texts]``, scanning the texts joined by a separator (one
        ``find`` loop per literal for the whole batch). A literal holds no separator, and at
        a separator ``\\b`` sees what it sees at the edge of a text, so the pattern matches
        at a position of the joined texts exactly when it matches there in that text.
        ``texts`` may be a :class:`JoinedTexts`, to join (and lowercase) a batch once for
        several searches."""
        batch = texts if isinstance(texts, JoinedTexts) else JoinedTexts(texts)
        texts = batch.texts
        if not texts:
            return []
        if self.mode is None:
            return [found is not None for found in map(self._search, texts)]
        joined = batch.joined
        if self.mode == "exact":
            scanned = joined
        elif self.mode == "lower":
            scanned = self._lower_scanned(joined, batch.lower())
        else:
            scanned = None
        if scanned is None:
            return [self(text) for text in texts]
        starts, ends = batch.starts, batch.ends
        found = [False] * len(texts)
        match = self._match
        find = scanned.find
        for literal in self.literals:
            start = find(literal)
            while start >= 0:
                k = bisect_right(starts, start) - 1
                if found[k]:
                    start = find(literal, ends[k])
                elif match(joined, start):
                    found[k] = True
                    start = find(literal, ends[k])
                else:
                    start = find(literal, start + 1)
        return found


class JoinedTexts:
    """A batch of texts joined by :attr:`LiteralSearch.SEPARATOR` (and its lowercase, made on
    first use), shared by the searches over the same texts."""

    def __init__(self, texts: List[str]):
        self.texts = texts
        self.joined = LiteralSearch.SEPARATOR.join(texts)
        self.starts = [0]
        for text in texts[:-1]:
            self.starts.append(self.starts[-1] + len(text) + 1)
        self.ends = self.starts[1:] + [len(self.joined)]
        self._lower: Optional[str] = None

    def lower(self) -> str:
        if self._lower is None:
            self._lower = self.joined.lower()
        return self._lower


_has_responsibility = LiteralSearch(re.compile(r"\bcó trách nhiệm\b"))
_has_report = LiteralSearch(re.compile(r"\bbáo cáo kết quả\b"))
_GIAO_CHU_TRI_RE = re.compile(r"\bGiao\b.*\bchủ trì\b")
_has_past = LiteralSearch(_PAST_RE)


def _is_assignment(body: str) -> bool:
    """``_ASSIGNMENT_RE.search(body)``, alternative by alternative (a search for ``a|b|c``
    finds something exactly when one of a, b, c does), the ``Giao ... chủ trì`` one only
    where both words occur."""
    return (_has_responsibility(body) or _has_report(body)
            or ("Giao" in body and "chủ trì" in body and _GIAO_CHU_TRI_RE.search(body) is not None))


@lru_cache(maxsize=4096)
def _heading_label(section: str) -> Optional[str]:
    # Sections repeat over a document's paragraphs: the cue scan runs once per heading.
    heading = section.split(" > ")[-1].lower() if section else ""
    for cue, label in SECTION_CUES:
        if cue in heading:
            return label
    return None


def guess_paragraph_label(text: str, section: str, kind: str) -> str:
    """The label the cues point to (see the module docstring)."""
    if kind != "body":
        return "other"
    body = _MARKER_RE.sub("", text)
    return _label_of(body, section, _has_responsibility(body), _has_report(body), _has_past(body))


def guess_paragraph_labels(texts: List[str], sections: List[str]) -> List[str]:
    """``[guess_paragraph_label(text, section, "body") ...]`` for a batch of body paragraphs
    (the same answers: each cue search runs once over the whole batch)."""
    # _MARKER_RE is anchored at the start: its sub removes the match, if any, and nothing else.
    bodies = [text[marker.end():] if marker else text for text, marker in zip(texts, map(_MARKER_RE.match, texts))]
    batch = JoinedTexts(bodies)
    found = zip(_has_responsibility.many(batch), _has_report.many(batch), _has_past.many(batch))
    return [_label_of(body, section, *hits) for body, section, hits in zip(bodies, sections, found)]


def _label_of(body: str, section: str, responsibility: bool, report: bool, past: bool) -> str:
    # guess_paragraph_label's order of cues, with the literal searches done beforehand.
    if _LIMITATION_RE.match(body):
        return "limitation"
    if _CAUSE_RE.match(body):
        return "cause"
    label = _heading_label(section)
    if label is not None:
        return label
    if responsibility or report or ("Giao" in body and "chủ trì" in body
                                    and _GIAO_CHU_TRI_RE.search(body) is not None):
        return "assignment"
    if _TASK_RE.match(body):
        return "task"
    if past:
        return "result"
    return "other"


class ParagraphRuleLabeler:
    """Sets ``doc.cats`` from section and cue words."""

    def __init__(self, name: str = "vnadmin_paragraph_rules"):
        self.name = name
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        label = guess_paragraph_label(doc.text, doc._.section, doc._.kind)
        doc.cats = {lab: float(lab == label) for lab in PARAGRAPH_LABELS}
        return doc


@Language.factory(
    "vnadmin_paragraph_rules",
    assigns=["doc.cats"],
    default_config={},
    default_score_weights={"cats_macro_f": 1.0},
)
def make_paragraph_rule_labeler(nlp: Language, name: str) -> ParagraphRuleLabeler:
    return ParagraphRuleLabeler(name)
