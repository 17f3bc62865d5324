"""PERSON by rule: signers of signature blocks and people named after a title.

Data: ``resources/person_cues.json`` (titles, the body words that follow a title instead of a
name, the words that make a capitalised run a place, common family names).

* **Signers.** The last line of a paragraph, after an optional "(Đã ký)", is 2 to 5
  capitalised syllables: a name when the reader calls the paragraph a signature
  (``Doc._.kind == "signature"``), when upper-case title lines stand above it in the same
  paragraph ("KT. BỘ TRƯỞNG\\nTHỨ TRƯỞNG\\nCao Anh Tuấn"), or when it starts with a family name
  (gold paragraphs hold the name alone). A news byline's agency is left out
  ("Hoàng Thị Hoa (TTXVN)", "Vũ Dũng/VOV").
* **Named people.** After a title ("đồng chí", "Phó Thủ tướng", "Tổng Bí thư" ...) the next
  2 to 4 capitalised syllables, the title left out. After an office title the name needs no
  family name ("Tổng Bí thư Trường Chinh"); after "ông", "bà", "đồng chí" ... it does. A body
  after the title ("Bộ trưởng Bộ Tài chính Đinh Tiến Dũng") is skipped up to a name that
  starts with a family name in the same clause; "Chủ tịch UBND tỉnh" gives nothing.
* **Members.** In a list, "<family-name run>, Ủy viên ..." ("các đồng chí: Phạm Minh Chính,
  Ủy viên Bộ Chính trị, ...; Võ Văn Thưởng, ...").

* **Bylines.** A news byline on its own ("Xuân Tùng - Phúc Hằng (TTXVN)", "Phi Long/VOV.VN",
  "Ngọc Ánh (Thực hiện)"; a name alone in the closing): every name, no family name needed.

Spans are added only where no entity stands yet, unless ``overwrite``; a certain name (a
signer, a byline, a name after an office title or starting with a family name, none of them a
known place) also takes over the tagger's ORG or LOC on its words: held out in 5-fold
cross-validation on the training documents (the fold models' tagger output, the rules re-run),
PERSON F1 0.819 -> 0.908, LOC 0.838 -> 0.849, ORG 0.938 -> 0.941 (the errors that showed the
need came from those same folds, so the gain is partly optimistic).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import List, Optional, Sequence, Tuple

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..doc_text import doc_text
from ..patterns.trie import trie_pattern
from ..resources import load_resource, place_names
from ..tokenizer import in_dictionary
from ._spans import add_entities, set_entities
from .extensions import register_extensions

_SYLLABLE_RE = re.compile(r"[^\W\d_]+")
_SIGNED_RE = re.compile(r"^\s*[(\[]\s*(?:đã\s+ký|ký|đã\s+ký\s+và\s+đóng\s+dấu)[^)\]]*[)\]]\s*", re.I)
_BYLINE_RE = re.compile(r"\s*(?:\([A-ZĐ][A-ZĐ0-9&.\- ]*\)|/[A-ZĐ][A-ZĐ0-9.\-]*)\s*$")
#: A news byline on its own: names joined by dashes or commas, then the agency, the writer's
#: body or "(Thực hiện)" in brackets or the paper after a slash ("Xuân Tùng - Phúc Hằng (TTXVN)",
#: "Phi Long/VOV.VN", "Nguyễn Thị Hồng Vui (Ban Tuyên giáo Tỉnh ủy)", "Ngọc Ánh (Thực hiện)").
_BYLINE_NAMES_RE = re.compile(r"(?P<names>[^\W\d_]+(?: [^\W\d_]+){1,3}(?:\s*[-–,]\s*[^\W\d_]+(?: [^\W\d_]+){1,3})*)"
                              r"\s*(?P<agency>\([^()]{2,40}\)|/\s*[A-ZĐ][\w.\-]*)?")
_BYLINE_SEPARATOR_RE = re.compile(r"\s*[-–,]\s*")
#: What may follow a one-syllable name after a title (see ``_given_name_alone``).
_NAME_STOPS = frozenset(",.;:!?)”\"")
#: Labels a certain name may take over from the tagger (the rules own DOC_NUMBER and DATE).
_REPLACEABLE = frozenset({"ORG", "LOC"})
_CLAUSE_END = re.compile(r"[,;:.()\n“”\"!?]")
_MEMBER_AFTER_RE = re.compile(r",\s*(?:Ủy viên|Uỷ viên|Bí thư|Phó|Chủ tịch|Trưởng|Bộ trưởng|Thứ trưởng"
                              r"|Giám đốc|Tổng|Chủ nhiệm|Chánh)\b")
_MEMBER_BEFORE_RE = re.compile(r"(?:^|[:;,]|\bđồng chí|\bcó)\s*$")


class _Cues:
    def __init__(self, data: dict):
        titles = sorted(set(data["titles"]), key=len, reverse=True)
        alternatives = [re.escape(title) for title in titles]
        # Any case ("Phó thủ tướng", "Trưởng Ban"); a title line of a signature block ends in a
        # line break, which the pattern does not cross.
        self.title_re = re.compile(r"(?<![^\W_])(" + "|".join(alternatives) + r")[ \t]+(?=[^\W\d_])",
                                   re.IGNORECASE)
        #: The same search on lower-cased text, the titles merged by common prefixes (see
        #: patterns/trie.py): four times faster, and it runs on every paragraph.
        self.title_lower_re = re.compile(r"(?<![^\W_])(" + trie_pattern({t.lower() for t in titles})
                                         + r")[ \t]+(?=[^\W\d_])")
        #: Titles written in lower case (pronouns, "đồng chí"): the name after them needs a
        #: family name.
        self.weak_titles = {t.lower() for t in titles if t[0].islower()}
        self.body_words = sorted(set(data["body_words"]), key=len, reverse=True)
        self.not_after = {w.lower() for w in data["not_after"]}
        self.families = set(data["family_names"])
        self.places = frozenset(place_names())
        self.places_lower = frozenset(place.lower() for place in self.places)

    def is_family(self, syllable: str) -> bool:
        """A common family name, in any case ("Nguyễn", "NGUYỄN")."""
        return syllable in self.families or syllable.capitalize() in self.families


@lru_cache(maxsize=None)
def _default_cues() -> _Cues:
    return _Cues(load_resource("person_cues"))


def _is_cap(syllable: str, allow_upper: bool = False) -> bool:
    if not syllable[0].isupper():
        return False
    rest = syllable[1:]
    return not rest or rest.islower() or (allow_upper and rest.isupper())


#: A news copy's source before its author ("Theo VGP", "Theo Đình Nam/Chinhphu.vn").
_SOURCE_MARKER = "Theo "


def _mixed_case(text: str, run: Sequence[Tuple[int, int]]) -> bool:
    """Whether a run of capitalised syllables mixes capitals with words ("Theo VGP", "Đoàn
    VGP"): an abbreviation beside a word, no name."""
    upper = [text[a:b].isupper() for a, b in run]
    return any(upper) and not all(upper)


def _inside_word(text: str, start: int, title: str) -> bool:
    """Whether the title at ``start`` ends a longer word with the word before it ("tài
    nguyên": no "nguyên" there), by the segmenter's dictionary."""
    before = text[max(0, start - 12):start].split()
    return bool(before) and in_dictionary(before[-1].lower() + " " + title.lower())


def _cap_run(text: str, pos: int, allow_upper: bool = False) -> List[Tuple[int, int]]:
    """The capitalised syllables from ``pos`` on, each after one space."""
    run = []
    while True:
        m = _SYLLABLE_RE.match(text, pos)
        if not m or not _is_cap(m.group(), allow_upper):
            break
        run.append(m.span())
        pos = m.end()
        if text[pos:pos + 1] != " ":
            break
        pos += 1
    if run:
        end = run[-1][1]
        if end < len(text) and (text[end].isalnum() or text[end] == "_"
                                or (text[end] == "-" and text[end + 1:end + 2].isupper())):
            return []  # glued to more letters or digits ("Lê-nin", "Hà Nội2")
    return run


class PersonRuleMatcher:
    """Marks signers and named people as PERSON."""

    def __init__(self, name: str = "vnadmin_person_rules", overwrite: bool = False,
                 signers: bool = True, titled: bool = True, members: bool = True,
                 cues: Optional[_Cues] = None):
        self.name = name
        self.overwrite = overwrite
        self.signers = signers
        self.titled = titled
        self.members = members
        self.cues = cues or _default_cues()
        register_extensions()

    # --- checks ------------------------------------------------------------------------
    def _starts_with_body(self, text: str, start: int) -> bool:
        for word in self.cues.body_words:
            if text.startswith(word, start):
                end = start + len(word)
                if end == len(text) or not text[end].isalpha():
                    return True
        return False

    def _after_place_word(self, text: str, start: int) -> bool:
        before = text[max(0, start - 12):start].rstrip()
        last = before.split()[-1].lower() if before.split() else ""
        two = " ".join(before.split()[-2:]).lower()
        return last in self.cues.not_after or two in self.cues.not_after

    def _name_ok(self, text: str, run: Sequence[Tuple[int, int]], need_family: bool,
                 longest: int = 4, check_place: bool = True) -> bool:
        if not 2 <= len(run) <= longest:
            return False
        start, end = run[0][0], run[-1][1]
        if self._starts_with_body(text, start):
            return False
        if check_place and (text[start:end] in self.cues.places or self._after_place_word(text, start)):
            return False  # "tỉnh Hà Nam"; after a title a name wins ("Chủ tịch Hồ Chí Minh")
        if text[start:end].isupper():
            need_family = True  # an upper-case title line ("PHÓ BÍ THƯ") is no name
        return not need_family or self.cues.is_family(text[run[0][0]:run[0][1]])

    # --- rules -------------------------------------------------------------------------
    def find_signer(self, text: str, kind: str) -> Optional[Tuple[int, int]]:
        stripped = text.rstrip()
        line_start = stripped.rfind("\n") + 1
        line = stripped[line_start:]
        signed = _SIGNED_RE.match(line)
        offset = line_start + (signed.end() if signed else 0)
        if line.startswith(_SOURCE_MARKER):
            offset += len(_SOURCE_MARKER)
        byline = _BYLINE_RE.search(stripped, offset)
        end = byline.start() if byline and byline.start() > offset else len(stripped)
        while offset < end and text[offset].isspace():
            offset += 1
        above = [ln.strip() for ln in text[:line_start].split("\n") if ln.strip()]
        titled = bool(above) and all(not any(c.islower() for c in ln) for ln in above)
        if above and not titled and kind != "signature":
            return None
        run = _cap_run(text, offset, allow_upper=True)
        if not run or run[-1][1] != end:
            return None
        if _mixed_case(text, run):
            return None
        need_family = not (kind == "signature" or titled or signed)
        if not self._name_ok(text, run, need_family, longest=5):
            return None
        return run[0][0], end

    def _given_name_alone(self, text: str, span: Tuple[int, int]) -> bool:
        """A one-syllable name after a title, as news copies refer back to a person ("ông Chiến
        băn khoăn", "đại biểu Vượt nói", "Bộ trưởng Dũng cũng cho biết"): a capitalised syllable,
        no body word, place or family name, that a lower-case word or a stop follows."""
        start, end = span
        name = text[start:end]
        if not _is_cap(name) or len(name) < 2 or self.cues.is_family(name) or name.lower() in self.cues.places_lower \
                or any(word == name or word.startswith(name + " ") for word in self.cues.body_words):
            return False
        after = text[end:end + 2]
        return after == "" or after[0] in _NAME_STOPS or (after[0] == " " and after[1:].islower())

    def find_byline(self, text: str, kind: str) -> List[Tuple[int, int]]:
        """The names of a news byline that is a paragraph of its own: with an agency or "(Thực
        hiện)" after them, several names, or alone in the document's closing (``kind``
        "signature", or "other" for text before the body or after it)."""
        stripped = text.strip()
        if stripped.startswith(_SOURCE_MARKER):
            stripped = stripped[len(_SOURCE_MARKER):]
        if len(stripped) > 80:
            return []
        m = _BYLINE_NAMES_RE.fullmatch(stripped)
        if m is None:
            return []
        offset = text.index(stripped)
        names, pos = [], offset
        for part in _BYLINE_SEPARATOR_RE.split(m.group("names")):
            start = text.index(part, pos)
            names.append(_cap_run(text, start, allow_upper=True))
            pos = start + len(part)
        if not (m.group("agency") or len(names) > 1 or kind in ("signature", "other")):
            return []
        found = []
        for run in names:
            if not run or not self._name_ok(text, run, need_family=False) \
                    or text[run[0][0]:run[-1][1]] in self.cues.places or _mixed_case(text, run):
                return []
            found.append((run[0][0], run[-1][1]))
        return found

    def _titles(self, text: str):
        """The title matches in ``text``, searched in its lower case where that keeps every
        offset (almost always); group 1 is the title, lower-cased."""
        low = text.lower()
        if len(low) == len(text):
            return self.cues.title_lower_re.finditer(low)
        return self.cues.title_re.finditer(text)

    def find_titled(self, text: str) -> List[Tuple[int, int]]:
        return [(start, end) for start, end, _certain in self._titled(text)]

    def _titled(self, text: str) -> List[Tuple[int, int, bool]]:
        """Names after titles, with whether each is certain: after an office title ("Tổng Bí
        thư Trường Chinh") or starting with a family name."""
        found = []
        for m in self._titles(text):
            pos = m.end()
            weak = m.group(1).lower() in self.cues.weak_titles
            run = _cap_run(text, pos)
            if run and not self._starts_with_body(text, pos):
                if len(run) > 4 and weak:
                    continue
                if len(run) == 1:
                    if self._given_name_alone(text, run[0]) and not _inside_word(text, m.start(1), m.group(1)):
                        found.append((*run[0], False))
                    continue
                if self._name_ok(text, run, need_family=weak, check_place=False):
                    name = text[run[0][0]:run[-1][1]]
                    # certain unless it could be a place ("anh đào Châu Phi": "anh" is a pronoun)
                    found.append((run[0][0], run[-1][1], (not weak or self.cues.is_family(text[slice(*run[0])]))
                                  and name.lower() not in self.cues.places_lower))
                continue
            # A body after the title: look for a family-name run later in the clause.
            stop = _CLAUSE_END.search(text, pos)
            limit = min(stop.start() if stop else len(text), pos + 80)
            for syl in _SYLLABLE_RE.finditer(text, pos, limit):
                if not self.cues.is_family(syl.group()) or not _is_cap(syl.group()):
                    continue
                run = _cap_run(text, syl.start())
                if run and run[-1][1] <= limit and self._name_ok(text, run, need_family=True):
                    found.append((run[0][0], run[-1][1], True))
                    break
        return found

    def find_members(self, text: str) -> List[Tuple[int, int]]:
        found = []
        if not _MEMBER_AFTER_RE.search(text):
            return found  # every member is followed by its title: none here (most paragraphs)
        for syl in _SYLLABLE_RE.finditer(text):
            if not self.cues.is_family(syl.group()) or not _is_cap(syl.group()):
                continue
            if not _MEMBER_BEFORE_RE.search(text[max(0, syl.start() - 20):syl.start()]):
                continue
            run = _cap_run(text, syl.start())
            if run and self._name_ok(text, run, need_family=True) \
                    and _MEMBER_AFTER_RE.match(text, run[-1][1]):
                found.append((run[0][0], run[-1][1]))
        return found

    def find(self, text: str, kind: str = "body") -> List[Tuple[int, int]]:
        """Character offsets of the names in ``text``, without overlaps, in order."""
        return [(start, end) for start, end, _certain in self.find_marked(text, kind)]

    def find_marked(self, text: str, kind: str = "body") -> List[Tuple[int, int, bool]]:
        """The names with whether each is certain: a signer, a byline, or a name after a title
        that starts with a family name. A certain name replaces the tagger's ORG or LOC on its
        words (see :meth:`__call__`)."""
        found = []
        if self.signers:
            signer = self.find_signer(text, kind)
            if signer:
                found.append((*signer, True))
            found += [(start, end, True) for start, end in self.find_byline(text, kind)]
        if self.titled:
            found += self._titled(text)
        if self.members:
            found += [(start, end, False) for start, end in self.find_members(text)]
        result, last = [], -1
        for start, stop, certain in sorted(set(found), key=lambda f: (f[0], -f[2])):
            if start >= last:
                result.append((start, stop, certain))
                last = stop
        return result

    def __call__(self, doc: Doc) -> Doc:
        _drop_impossible_names(doc)
        kind = doc._.kind if Doc.has_extension("kind") else "body"
        spans, certain = [], []
        for start, end, sure in self.find_marked(doc_text(doc), kind or "body"):
            span = doc.char_span(start, end, label="PERSON", alignment_mode="strict")
            if span is not None:  # a name the tokenizer glued to another word is left out
                (certain if sure and not self.overwrite else spans).append(span)
        if certain:
            self._replace(doc, certain)
        if spans:
            add_entities(doc, spans, self.overwrite)
        return doc

    def _replace(self, doc: Doc, names: List[Span]) -> None:
        """Certain names over the tagger's ORG and LOC: an entity on the name's words alone
        goes ("Trần Hồng Hà" as LOC); one that glued a title or a body to the name keeps the
        body's part ("[Ủy ban An ninh – Quốc phòng] Võ Trọng Việt") and loses a title ("Bí thư
        Trường Chinh"); the name is left out where an entity runs past it or is a DATE,
        DOC_NUMBER or PERSON."""
        text = doc_text(doc)
        kept = list(doc.ents)
        for name in names:
            overlapping = [e for e in kept if e.start < name.end and name.start < e.end]
            if any(e.label_ not in _REPLACEABLE or e.end > name.end for e in overlapping):
                continue
            for e in overlapping:
                kept.remove(e)
                if e.start < name.start and self._starts_with_body(text, e.start_char):
                    kept.append(Span(doc, e.start, name.start, label=e.label_, kb_id=e.kb_id_))
            kept.append(name)
        set_entities(doc, sorted(kept, key=lambda e: e.start))


def _cannot_be_a_name(text: str) -> bool:
    """One word that is never a person's name on its own: one character, a code with a digit
    ("CG2", "RS485"), or a word without a lower-case letter ("BCB-TP", "VIETNAM", "ICAO"). No
    PERSON of the training gold has such a shape; the tagger gives them to table cells and
    form codes (1,0xx of the 3,776 PERSON spans over the 200-document validation sample)."""
    if " " in text or "\n" in text:
        return False
    return len(text) == 1 or any(ch.isdigit() for ch in text) or not any(ch.islower() for ch in text)


def _looks_like_a_name(first: str, cues: "_Cues") -> bool:
    """Does a PERSON whose first word is ``first`` look like a person's full name: it opens with
    a family name ("Trần Thị Lam") or with a word of no Vietnamese dictionary, a foreign given
    name ("Barack Obama"), not a common word ("Luật Người ...", which the tagger took for a name)?"""
    return cues.is_family(first) or not in_dictionary(first.lower())


def _drop_impossible_names(doc: Doc) -> None:
    """The tagger's one-word PERSON spans that cannot be a name (:func:`_cannot_be_a_name`) go."""
    ents = doc.ents
    kept = [e for e in ents if not (e.label_ == "PERSON" and _cannot_be_a_name(e.text))]
    if len(kept) != len(ents):
        set_entities(doc, kept)


@Language.factory(
    "vnadmin_person_rules",
    assigns=["doc.ents"],
    default_config={"overwrite": False, "signers": True, "titled": True, "members": True},
    default_score_weights={"ents_f": 1.0, "ents_p": 0.0, "ents_r": 0.0},
)
def make_person_rule_matcher(nlp: Language, name: str, overwrite: bool, signers: bool,
                             titled: bool, members: bool) -> PersonRuleMatcher:
    """``overwrite``: a name wins over an entity it overlaps (default: only where none stands);
    ``signers``, ``titled``, ``members``: which rules run."""
    return PersonRuleMatcher(name, overwrite, signers, titled, members)


_GIVEN_NAME_RE = re.compile(r"^[^\W\d_][^\W\d_A-ZĐ]*$")


def settle_people(docs: Sequence[Doc]) -> None:
    """The document-level step for PERSON, over one document's Docs (a paragraph or footnote
    each): the tagger's one-word names that nothing in the document backs go
    (:func:`drop_unbacked_names`), then a person named again by the given name is found
    (:func:`name_people_again`)."""
    given = _given_names(docs)
    drop_unbacked_names(docs, given)
    name_people_again(docs, given)


def _given_names(docs: Sequence[Doc]) -> set:
    """The last syllables of the document's PERSON spans that look like full names ("Trần Thị
    Lam" gives "Lam"), no place among them."""
    cues = _default_cues()
    given = set()
    for doc in docs:
        for ent in doc.ents:
            if ent.label_ == "PERSON":
                parts = ent.text.split()
                if len(parts) >= 2 and _GIVEN_NAME_RE.match(parts[-1]) and parts[-1][0].isupper() \
                        and not _cannot_be_a_name(parts[-1]) and _looks_like_a_name(parts[0], cues):
                    # ("Nguyễn Văn A" in a form gives no "A" after; the tagger's "Luật Người [lao
                    # động ...]", a law's name, gives no "Người")
                    given.add(parts[-1])
    return given - cues.places


def drop_unbacked_names(docs: Sequence[Doc], given: Optional[set] = None) -> None:
    """The tagger's one-word PERSON that opens a paragraph or a line before a lower-case word
    ("Dùng cho ...", "Người lập biểu" in forms and tables) and is a common word (in the
    dictionary) goes, unless a full name of the document ends with it ("Nguyễn Văn Mười ... |
    Mười kêu bé ..."): a paper names a person in full before by the given name alone. Of the
    training gold's 271 one-word PERSON spans, 3 open a paragraph before a lower-case word, each
    given name of a full name in its document."""
    given = _given_names(docs) if given is None else given
    for doc in docs:
        ents = doc.ents
        kept = [e for e in ents if not _unbacked(doc, e, given)]
        if len(kept) != len(ents):
            set_entities(doc, kept)


def _unbacked(doc: Doc, ent: Span, given: set) -> bool:
    if ent.label_ != "PERSON" or len(ent) != 1 or " " in ent.text or ent.text in given:
        return False
    opens = ent.start == 0 or doc[ent.start - 1].is_space and "\n" in doc[ent.start - 1].text
    after = doc[ent.end].text if ent.end < len(doc) else ""
    return opens and after[:1].islower() and in_dictionary(ent.text.lower())


def name_people_again(docs: Sequence[Doc], given: Optional[set] = None) -> None:
    """PERSON for a person named again by the given name alone, over one document's Docs.

    A news copy names a person in full once and then by the given name ("Trần Thị Lam ... Lam
    nhiều lần tạo ..."); each paragraph is a Doc of its own, so no per-paragraph component sees
    the full name. Every PERSON of two syllables or more in the document that looks like a full
    name (:func:`_given_names`) gives its last syllable; a token of exactly that syllable (the
    tokenizer keeps "Ngân sách", "Nhân dân" whole, so a word is never cut) outside any entity,
    not before another capitalised word nor after a word that makes it a place ("xã Lam":
    ``person_cues.json``, ``not_after``), and not a place name itself, becomes PERSON.

    On the 14 news copies annotated after the pipeline shipped at the time was trained (unseen
    by it): PERSON F1 0.867 -> 0.926 (14 names more, none wrong); on all training gold with
    the pipeline trained on it, no span changes.
    """
    cues = _default_cues()
    given = _given_names(docs) if given is None else given
    if not given:
        return
    # (a paragraph whose text holds none of the syllables is passed over without reading its tokens)
    mentions = re.compile("|".join(map(re.escape, sorted(given))))
    for doc in docs:
        if mentions.search(doc_text(doc)) is None:
            continue
        taken = {i for ent in doc.ents for i in range(ent.start, ent.end)}
        names = []
        for token in doc:
            if token.text not in given or token.i in taken:
                continue
            after = doc[token.i + 1].text if token.i + 1 < len(doc) else ""
            if after[:1].isupper() or token.i and doc[token.i - 1].text.lower() in cues.not_after:
                continue
            names.append(Span(doc, token.i, token.i + 1, label="PERSON"))
        if names:
            add_entities(doc, names, overwrite=False)
