"""ORG and LOC from a knowledge base of public bodies and places, linked to their entry.

Data (``vnadmin_nlp/resources/``, read once per process):

* ``bodies.jsonl``: central bodies (Party, National Assembly, State, Government, ministries
  and their units, courts, procuracies, State Audit, Fatherland Front, mass organizations),
  one entry a line with ``id``, ``name``, ``kind``, ``parent``, ``abbreviations``, ``valid``,
  ``source`` (built by ``scripts/mine_bodies.py``);
* ``local_bodies.json``: the body types of provinces, districts and communes (UBND, HĐND,
  Tỉnh ủy, Sở ..., Công an, Bộ Chỉ huy Quân sự ...), the prefixes that name their organs
  (Ban Thường vụ, Thường trực, Văn phòng, Ban cán sự đảng ...) and the level words (tỉnh,
  thành phố, huyện, xã ...);
* ``places.json``: provinces, districts and communes before and after 2025, regions and
  countries (built by ``scripts/build_places.py``).

Matching walks a trie of the names' lower-cased syllables (any case: "BỘ Y TẾ" matches
"Bộ Y tế"; what spaCy's PhraseMatcher with ``attr="LOWER"`` finds, without making a second
Doc per paragraph) over a syllable view of the text (the word segmenter's tokens differ
with context, syllables do not), with tone marks put in one place ("Uỷ ban" = "Ủy ban",
"Thanh Hoá" = "Thanh Hóa"). A local body is extended with its prefixes and with the level
and place after it ("Ban Thường vụ Tỉnh ủy Bắc Giang", "Ủy ban nhân dân tỉnh Quảng Nam",
"Sở Tài chính tỉnh Bắc Giang"). Capitalization is checked against the entry's own spelling,
so "tổ chức phi chính phủ" is not "Chính phủ".

The component adds ORG spans only where the entities set by earlier components leave room
(never overlapping ``doc.ents``), links an earlier ORG whose span is exactly a knowledge-base
name, and adds LOC for known places that are not part of a body's name. Each ORG it links
carries ``ent.kb_id_`` (the entry's id; ``local:<prefix+body>/<level>/<place>`` for local
bodies) and ``ent._.canonical`` (the entry's full name); each LOC it adds carries the place's
id (``province:bac-giang``, ``district:...``, ``country:lao`` ...) and its name.

One id per local body, whatever the spelling (the rule of data/annotated/GUIDELINES.md §4,
"Linking bodies to the knowledge base"): ``local:<prefixes+body>/<level>/<place>`` with the
level word of the place's own type in ``places.json`` (``tinh`` for a province, ``thanh-pho``
for Hà Nội, Hồ Chí Minh, Hải Phòng, Đà Nẵng, Cần Thơ, Huế; ``huyen``, ``quan``, ``thi-xa``,
``thanh-pho`` for a district; ``xa``, ``phuong``, ``thi-tran`` for a commune) whether or not the
text writes it: "UBND TP.HCM", "Ủy ban nhân dân Thành phố Hồ Chí Minh" are both
``local:ubnd/thanh-pho/ho-chi-minh``; a body named directly with its place (``place_direct``:
Tỉnh ủy, Thành ủy, Huyện ủy, Tỉnh đoàn ...) takes no level word: "Tỉnh ủy tỉnh Gia Lai" and
"Tỉnh ủy Gia Lai" are ``local:tinh-uy/gia-lai``. District and commune ids carry no province
(``local:ubnd/huyen/chau-thanh``), as the gold's. Without a place, the id keeps the level word
the text writes (``local:ubnd/tinh``, ``local:hdnd``): the bodies of a level or type.

The place a document fixes: the pipeline runs one Doc per paragraph, and every paragraph's Doc
carries its document's header paragraphs (``Doc._.header``, :func:`document_header`; set by
``pipeline.document_inputs``/``make_docs``, ``io.corpus.record_docs`` and
``evaluate.predict_records`` alike). From them the ruler finds, once per document and with its
own matcher, the issuer and its place (:meth:`BodyRuler.document_place`: "HỘI ĐỒNG NHÂN DÂN TỈNH
GIA LAI" -> ``local:hdnd/tinh/gia-lai``, ``province:gia-lai``; "BỘ TÀI CHÍNH" -> ``bo-tai-chinh``,
no place). In a document with a place, a local body named without one gets it when its level is
the place's: a level word of the place's type ("Ủy ban nhân dân tỉnh", "HĐND Thành phố"), a
committee whose name says that type ("Tỉnh ủy", "Thành ủy"), a body of the issuer's level without
a level word ("Hội đồng nhân dân", "Thường trực HĐND", "UBND", the courts, the Front), or a
provincial body (a Sở, Bộ Chỉ huy Quân sự, Đoàn ĐBQH: the province, also of a district's
document). Never when the text names every body of a level or kind ("UBND các cấp", "Ủy ban
nhân dân cấp huyện", "HĐND cùng cấp", "các Sở", "HĐND tỉnh, thành phố trực thuộc Trung ương",
"HĐND, UBND các huyện") or the body is part of a law's name ("Luật Tổ chức Hội đồng nhân dân và
Ủy ban nhân dân"); nor a level the place is not ("UBND tỉnh" in Hà Nội's decision, "UBND huyện"
in a province's): those keep the generic id. In a central document the ids stay generic.

A name several central entries share (Vụ Pháp chế of five ministries) links to the unit of the
ministry written beside it ("Bộ Tài chính (Vụ Pháp chế)", "Vụ Pháp chế - Bộ Tài chính"), and to
none when that ministry's unit is not in the knowledge base ("Bộ Nội vụ (Vụ Pháp chế)": the ORG
stays, without ``kb_id``); else to the one whose ministry the paragraph names, else the issuer's,
else the first by id that is still current (an entry, or its parent, whose ``valid`` has an end
year, "-2025" or "1995-2025", is not).
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Callable, Dict, List, NamedTuple, Optional, Sequence, Tuple

from spacy.language import Language
from spacy.symbols import ORG as _ORG_SYMBOL
from spacy.tokens import Doc, Span

from ..doc_text import doc_text
from ..patterns.orgs import NUMBERED_LEVELS, UNIT_NUMBER_RE
from ..resources import RESOURCES_DIR, every_words, level_abbreviations
from ..tokenizer import in_dictionary
from ._spans import set_entities

#: id -> canonical name of every entry linked in this process (central entries are added
#: when the knowledge base loads, local ones when they are first built).
_CANONICAL: Dict[str, str] = {}


def _canonical_getter(span: Span) -> Optional[str]:
    return _CANONICAL.get(span.kb_id_) if span.kb_id_ else None


def register_body_extensions() -> None:
    """``Span._.canonical``: the canonical name of the knowledge-base entry ``span.kb_id_``
    names (None when it names none). Registered once, when the component is created."""
    if not Span.has_extension("canonical"):
        Span.set_extension("canonical", getter=_canonical_getter)


# --- text normalization ----------------------------------------------------------------

_SYLLABLE_RE = re.compile(r"[^\W_]+|[^\w\s]")
_DASHES = {"–", "—", "‑", "−"}
#: A name right after these is part of another name (a law: "Luật Thanh tra"; a language:
#: "tiếng Anh"; people: "người Việt Nam", "Chủ tịch Hồ Chí Minh").
_NOT_AFTER = {"luật", "tiếng", "người", "pháp lệnh"}
#: After a body's name these make it a title ("Tỉnh ủy viên", "Chi cục trưởng").
_TITLE_SUFFIXES = {"viên", "trưởng"}
# Old-style tone placement on the last vowel pair of a syllable -> new style ("hoà" -> "hòa",
# "thuỷ" -> "thủy"), the spelling the knowledge base uses.
_TONES = {"à": "̀", "á": "́", "ả": "̉", "ã": "̃", "ạ": "̣",
          "è": "̀", "é": "́", "ẻ": "̉", "ẽ": "̃", "ẹ": "̣",
          "ỳ": "̀", "ý": "́", "ỷ": "̉", "ỹ": "̃", "ỵ": "̣"}
_OLD_TONE_RE = re.compile(r"(?<![qQ])([oOuU])([àáảãạèéẻẽẹỳýỷỹỵÀÁẢÃẠÈÉẺẼẸỲÝỶỸỴ])$")


def _new_tone(syllable: str) -> str:
    m = _OLD_TONE_RE.search(syllable)
    if not m:
        return syllable
    vowel, toned = m.group(1), m.group(2)
    base = unicodedata.normalize("NFD", toned)[0]
    mark = _TONES[toned.lower()]
    moved = unicodedata.normalize("NFC", vowel + mark) + base
    return syllable[: m.start()] + moved


def _form(syllable: str) -> str:
    """A syllable's form in the knowledge base: NFC, new-style tones, one kind of dash."""
    form = unicodedata.normalize("NFC", syllable)
    return "-" if form in _DASHES else _new_tone(form)


#: A form cache past this many syllables is emptied (memory stays flat on long runs).
_MAX_FORMS = 200_000


def syllables(text: str, forms: Optional[Dict[str, str]] = None) -> List[Tuple[int, int, str]]:
    """``(start, end, form)`` of each syllable or punctuation mark; ``form`` NFC, new-style tones.

    ``forms``: a cache, syllable -> form. Syllables repeat across a folder (a few thousand make
    most of the text), so the ruler normalizes each once.
    """
    if forms is None:
        return [(m.start(), m.end(), _form(m.group())) for m in _SYLLABLE_RE.finditer(text)]
    return [(m.start(), m.end(), form) for m, form in zip(
        _SYLLABLE_RE.finditer(text), syllable_forms(_SYLLABLE_RE.findall(text), forms))]


def syllable_forms(raw: Sequence[str], forms: Dict[str, str]) -> List[str]:
    """The forms of syllables ``raw`` (as :func:`syllables` gives them), through the cache ``forms``."""
    out = list(map(forms.get, raw))
    if None in out:
        if len(forms) > _MAX_FORMS:
            forms.clear()
        for i, form in enumerate(out):
            if form is None:
                form = forms.get(raw[i])  # a syllable seen earlier in this text
                if form is None:
                    form = forms[raw[i]] = _form(raw[i])
                out[i] = form
    return out


def _key(forms: Sequence[str]) -> Tuple[str, ...]:
    return tuple(f.lower() for f in forms)


def _is_cap(form: str) -> bool:
    return form[:1].isupper()


def slug(text: str) -> str:
    text = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


# --- the knowledge base ----------------------------------------------------------------


#: The knowledge base's id of Việt Nam among the countries (places.json).
_OWN_COUNTRY = "country:viet-nam"

#: The levels a city numbers (see patterns.orgs), and the levels as newspapers abbreviate them,
#: in full: as the knowledge base keys its level words (lower case, without the period).
_NUMBERED_LEVELS = frozenset(word.rstrip(".").lower() for word in NUMBERED_LEVELS)
_LEVEL_ABBREVIATIONS = {word.rstrip(".").lower(): full for word, full in level_abbreviations().items()}


def abbreviation_variants(name: str) -> List[str]:
    """``name`` and, for an abbreviation joined by "&" ("Bộ NN&PTNT", "Sở TN&MT"), the same with
    a hyphen, as newspapers print it ("Bộ NN-PTNT", "Sở TN-MT")."""
    return [name, name.replace("&", "-")] if "&" in name else [name]


class KnowledgeBase:
    """Bodies, local body vocabulary and places, with a trie over all their names (:meth:`match`)."""

    def __init__(self, bodies_path: Path, local_path: Path, places_path: Path):
        self.bodies: Dict[str, dict] = {}
        # lowered syllable key -> [(surface forms, entry id)] per category
        self.index: Dict[str, Dict[Tuple[str, ...], List[Tuple[Tuple[str, ...], str]]]] = {}
        #: lowered syllable key -> entry id, of the short forms that only link an ORG found by
        #: others ("Thủ tướng", "Trung ương": also a title and a level; ``link_only`` in the JSONL)
        self.link_only: Dict[Tuple[str, ...], str] = {}
        patterns: Dict[str, list] = {}

        def add(category: str, name: str, eid: str) -> None:
            forms = tuple(f for _, _, f in syllables(name))
            if not forms:
                return
            key = _key(forms)
            bucket = self.index.setdefault(category, {})
            if key not in bucket:
                bucket[key] = []
                patterns.setdefault(category, []).append(forms)
            if (forms, eid) not in bucket[key]:
                bucket[key].append((forms, eid))

        with Path(bodies_path).open(encoding="utf-8") as handle:
            for line in handle:
                if not line.strip():
                    continue
                entry = json.loads(line)
                self.bodies[entry["id"]] = entry
                _CANONICAL[entry["id"]] = entry["name"]
                for abbreviation in [entry["name"]] + list(entry.get("abbreviations") or []):
                    for name in abbreviation_variants(abbreviation):
                        add("BODY", name, entry["id"])
                for name in entry.get("link_only") or ():
                    self.link_only[_key(f for _, _, f in syllables(name))] = entry["id"]

        local = json.loads(Path(local_path).read_text(encoding="utf-8"))
        self.levels: Dict[Tuple[str, ...], Tuple[str, str]] = {}
        for word, level in local["levels"].items():
            add("LEVEL", word, word)
            self.levels[_key(f for _, _, f in syllables(word))] = (word.rstrip(".").lower(), level)
        self.local: Dict[str, dict] = {}
        for body in local["bodies"]:
            self.local[body["id"]] = body
            for name in [body["name"]] + body.get("abbreviations", []):
                add("LOCAL", name, body["id"])
        for did, name, abbrs in local["departments"]:
            self.local[did] = {"id": did, "name": name, "kind": "department"}
            for abbreviation in [name] + abbrs:
                for n in abbreviation_variants(abbreviation):
                    add("LOCAL", n, did)
        self.prefixes: Dict[str, dict] = {}
        for pid, name, abbrs, kinds in local["prefixes"]:
            self.prefixes[pid] = {"id": pid, "name": name, "kinds": set(kinds)}
            for n in [name] + abbrs:
                add("PREFIX", n, pid)

        places = json.loads(Path(places_path).read_text(encoding="utf-8"))
        self.place_names: Dict[str, str] = {}
        # place id -> the level words of its own type ("tỉnh", "thành phố", "huyện", "xã" ...),
        # the first the canonical one (a commune name can be of two types in one province)
        self.place_types: Dict[str, List[str]] = {}
        self.needs_level = set()
        for p in places["provinces"]:
            pid = "province:" + slug(p["name"])
            self.place_names[pid] = p["name"]
            self.place_types[pid] = [p.get("type") or "tỉnh"]
            if p.get("needs_level"):
                self.needs_level.add(_key(f for _, _, f in syllables(p["name"])))
            for n in [p["name"]] + p.get("aliases", []):
                add("PROVINCE", n, pid)
        for d in places["districts"]:
            pid = "district:%s:%s" % (slug(d["province"]), slug(d["name"]))
            self.place_names[pid] = d["name"]
            self.place_types.setdefault(pid, []).append(d.get("type") or "huyện")
            add("DISTRICT", d["name"], pid)
        for prov, types in places["communes"].items():
            province = slug(prov)
            for _type, names in types.items():
                for n in names:
                    pid = "commune:%s:%s" % (province, slug(n))
                    self.place_names[pid] = n
                    self.place_types.setdefault(pid, []).append(_type)
                    add("COMMUNE", n, pid)
        for r in places["regions"]:
            self.place_names["region:" + slug(r)] = r
            add("REGION", r, "region:" + slug(r))
        for c in places["countries"]:
            cid = "country:" + slug(c["name"])
            self.place_names[cid] = c["name"]
            for n in [c["name"]] + c.get("aliases", []):
                add("COUNTRY", n, cid)

        _CANONICAL.update(self.place_names)
        # ids of the bodies that have units (ministries ...): naming one tells whose unit follows
        self.parents = {e["parent"] for e in self.bodies.values() if e.get("parent")}
        #: lower-cased syllable -> child node, ...; a node's ``None`` key: the categories of
        #: the names that end there.
        self._trie: dict = {}
        for category, bucket in self.index.items():
            for key in bucket:
                node = self._trie
                for syllable in key:
                    node = node.setdefault(syllable, {})
                node.setdefault(None, []).append(category)

    def match(self, forms: Sequence[str]) -> Dict[str, Dict[int, List[int]]]:
        """Every name in ``forms`` (syllable forms), in any case: category -> start -> the
        ends of the names starting there, shortest first."""
        lowered = list(map(str.lower, forms))
        found: Dict[str, Dict[int, List[int]]] = {}
        first_node, n = self._trie.get, len(lowered)
        for start, syllable in enumerate(lowered):
            node = first_node(syllable)
            if node is None:
                continue
            end = start + 1
            while node is not None:
                for category in node.get(None, ()):
                    found.setdefault(category, {}).setdefault(start, []).append(end)
                if end == n:
                    break
                node, end = node.get(lowered[end]), end + 1
        return found

    def sizes(self) -> Dict[str, int]:
        kinds: Dict[str, int] = {}
        for e in self.bodies.values():
            kinds[e["kind"]] = kinds.get(e["kind"], 0) + 1
        return kinds


@lru_cache(maxsize=4)
def load_knowledge_base(bodies_path: str = "", local_path: str = "", places_path: str = "") -> KnowledgeBase:
    """The knowledge base (cached: built once per process for the same files)."""
    return KnowledgeBase(Path(bodies_path or RESOURCES_DIR / "bodies.jsonl"),
                         Path(local_path or RESOURCES_DIR / "local_bodies.json"),
                         Path(places_path or RESOURCES_DIR / "places.json"))


class _OrgEdges(NamedTuple):
    """``resources/org_edges.json``, prepared: what the ruler trims off or drops from the ORG
    (and the entities in a photo credit) that the tagger and the rules left."""

    trailing: Tuple[Tuple[str, ...], ...]  # lower-cased syllables of the trailing words
    compounds: frozenset  # ("chương", "trình"): a trailing word that ends a word of the name
    standing: Tuple[str, ...]  # "thường trực": cut after a deputy's title
    deputy: frozenset  # "phó"
    not_org: Tuple[str, ...]  # lower-cased phrases no ORG lies inside
    credits: Tuple[str, ...]  # "Ảnh:" ...
    families: frozenset  # family names: a tail "Phạm Minh Chính" is a person
    last_words: frozenset  # the last syllable of each trailing word (a cheap first check)
    standing_first: frozenset  # the first syllable of each standing word
    units: Tuple[str, ...]  # "Vụ", "Cục" ...: a unit before its ministry across a dash
    nationality: re.Pattern  # "doanh nghiệp", "hàng hóa" ... right before a country: a nationality
    countries: frozenset  # the countries of places.json and their aliases


@lru_cache(maxsize=1)
def org_edges() -> _OrgEdges:
    from ..resources import load_resource

    data = load_resource("org_edges")
    words = sorted((tuple(w.lower().split()) for w in data["trailing_words"]), key=len, reverse=True)
    return _OrgEdges(
        tuple(words), frozenset(tuple(c.lower().split()) for c in data["compounds"]),
        tuple(w.lower() for w in data["standing_words"]),
        frozenset(w.lower() for w in data["deputy_words"]),
        tuple(unicodedata.normalize("NFC", p).lower() for p in data["not_org_phrases"]),
        tuple(data["credit_markers"]), frozenset(load_resource("person_cues")["family_names"]),
        frozenset(w[-1] for w in words), frozenset(w.lower().split()[0] for w in data["standing_words"]),
        tuple(data["units_before_parent"]),
        re.compile(r"(?<!\w)(?:%s) \Z" % "|".join(map(re.escape, data["nationality_nouns"])), re.IGNORECASE),
        frozenset(name for entry in load_resource("places")["countries"]
                  for name in [entry["name"], *entry.get("aliases", ())]))


@lru_cache(maxsize=1)
def _body_heads() -> Tuple[str, ...]:
    """The words a body's name opens with ("bộ", "sở", "ủy ban" ...; resources/body_types.json,
    role "head"), lower-cased."""
    from ..resources import load_resource

    return tuple(sorted({w["word"].lower() for w in load_resource("body_types")["words"]
                         if w["role"] == "head"}))


#: The tagger's labels that a central body's exact name takes over (see ``__call__``).
_NAME_LABELS = frozenset({"LOC", "PERSON"})
#: Labels of the entities in capitals that :meth:`BodyRuler._common_words_in_capitals` checks.
_CAPITALS_CHECKED = frozenset({"ORG", "LOC", "PERSON"})
#: A roman numeral up to 89 ("vii", not "vcci") or one letter, lower-cased.
_ROMAN_OR_LETTER_RE = re.compile(r"^(?:(?=[ivxl])(?:xl|l?x{0,3})(?:ix|iv|v?i{0,3})|[^\W\d_])$")
#: The id of the ORG label (``Span.label``, cheaper than ``label_``): a spaCy symbol.
_ORG_LABEL = int(_ORG_SYMBOL)
#: ``doc.spans`` key under which ``vnadmin_org_rules`` keeps its ORG (components/org_rules.py).
_ORG_RULES_KEY = "vnadmin_org_rules"
_WORD_RE = re.compile(r"[^\W_]+|[^\w\s]")
#: Inside a photo credit ("Ảnh: VGP/Lê Sơn"): capitalized words and these marks.
_CREDIT_MARKS = {"/", "-", "–", "&"}


def _credit_spans(text: str, markers: Sequence[str]) -> List[Tuple[int, int]]:
    """Character spans of the photo credits in ``text``: a marker ("Ảnh:", "(Ảnh: ...)") and the
    capitalized words and slashes after it ("Ảnh: Nhan Sáng", "Ảnh: VGP/Lê Sơn")."""
    out = []
    for marker in markers:
        start = text.find(marker)
        while start >= 0:
            end = start + len(marker)
            for m in _WORD_RE.finditer(text, end, min(len(text), end + 80)):
                word = m.group()
                if not (word[:1].isupper() or word in _CREDIT_MARKS):
                    break
                end = m.end()
            out.append((start, end))
            start = text.find(marker, start + 1)
    return out


# --- matching ----------------------------------------------------------------------------


def _body_cap_ok(text_forms: Sequence[str], forms: Sequence[str]) -> bool:
    """A body in running text starts with a capital ("Bộ Công thương"), or is all upper case,
    or keeps at least two of its name's capitals ("mặt trận Tổ quốc")."""
    letters = [f for f in text_forms if f[:1].isalpha()]
    if letters and all(f.isupper() for f in letters):
        return True
    if _is_cap(text_forms[0]):
        return True
    caps = [i for i, f in enumerate(forms) if _is_cap(f)]
    return len(caps) >= 2 and all(_is_cap(text_forms[i]) for i in caps[1:])


def _place_cap_ok(text_forms: Sequence[str], forms: Sequence[str]) -> bool:
    """Every capital of the place's name is a capital in the text (or all is upper case)."""
    letters = [f for f in text_forms if f[:1].isalpha()]
    if letters and all(f.isupper() for f in letters):
        return True
    return all(_is_cap(t) for t, f in zip(text_forms, forms) if _is_cap(f))


class _Candidate:
    __slots__ = ("start", "end", "kb_id", "canonical", "local")

    def __init__(self, start: int, end: int, kb_id: str, canonical: str, local: Optional[tuple] = None):
        self.start, self.end, self.kb_id, self.canonical = start, end, kb_id, canonical
        # a local body's parts: (prefix ids, body id, level word or None, place id or None)
        self.local = local


# --- the document's issuer and place --------------------------------------------------------

#: A paragraph starting so ends a document's header (its legal bases, its text).
_HEADER_END = ("căn cứ", "theo đề nghị", "xét đề nghị", "xét tờ trình")
#: The header is looked for among the first paragraphs, the short ones.
_HEADER_PARAGRAPHS = 8
_HEADER_CHARS = 300


def _pieces_of(ents: Sequence[Span], start_char: int, end_char: int, levelled: bool = False) -> bool:
    """Are ``ents`` the tagger's pieces of the longer place at these offsets: places or persons
    that all lie inside it and are shorter than it ("Đồng bằng" | "Sông Cửu Long" in "Đồng bằng
    Sông Cửu Long", "Hồ Chí Minh" in "TP Hồ Chí Minh")? After a level word (``levelled``: "thành
    phố Hồ Chí Minh") the whole name is the place too. A name that holds a place ("Nguyễn Thái
    Bình") is never inside the place, and a body's name (ORG) never gives way."""
    return all(e.label_ in ("LOC", "PERSON") and start_char <= e.start_char and e.end_char <= end_char
               and (levelled or e.end_char - e.start_char < end_char - start_char) for e in ents)


def document_header(texts: Sequence[str]) -> Tuple[str, ...]:
    """The paragraphs of a document where its issuer is written: the short ones (at most 300
    characters) among its first eight, up to the first legal basis ("Căn cứ ...", "Theo đề nghị
    ..."). Every paragraph's Doc gets them as ``Doc._.header`` (``pipeline.document_inputs``,
    ``io.corpus.record_docs``, ``evaluate.predict_records``), so that the ruler finds the
    document's issuer, and the place it fixes, once per document (:meth:`BodyRuler.document_place`)."""
    out = []
    for text in list(texts)[:_HEADER_PARAGRAPHS]:
        text = unicodedata.normalize("NFC", text or "").strip()
        if text.lower().startswith(_HEADER_END):
            break
        if text and len(text) <= _HEADER_CHARS:
            out.append(text)
    return tuple(out)


class DocumentPlace(NamedTuple):
    """What a document's header fixes: its issuer and the issuer's place."""

    #: the issuer's knowledge-base id ("local:hdnd/tinh/gia-lai", "bo-tai-chinh"; "" unknown)
    issuer: str = ""
    #: the issuer's place ("province:gia-lai", "district:tay-ninh:chau-thanh"; "" for a central
    #: issuer or none found)
    place: str = ""
    #: the province of ``place`` ("" when unknown: a district name that several provinces have)
    province: str = ""


_NO_PLACE = DocumentPlace()

#: Bodies that a document completes with its place when the text names them without a level
#: word or place: "issuer" (the level of the issuer: "Hội đồng nhân dân", "Thường trực HĐND",
#: "Ủy ban nhân dân" in a People's Council resolution), "province" (provincial bodies: the
#: province of a district's document too), or the place type their own name carries ("Tỉnh ủy":
#: a province that is a "tỉnh"; "Thành ủy": a "thành phố", province or district). Departments
#: ("Sở ...") are provincial. Others (Kho bạc, Chi cục Thuế, mass organizations) are not completed.
_COMPLETE_AS = {
    "ubnd": "issuer", "hdnd": "issuer", "tand": "issuer", "vksnd": "issuer", "ub-mttq": "issuer",
    "ub-mttq-short": "issuer",
    "bch-quan-su": "province", "bch-bien-phong": "province", "doan-dbqh": "province",
    "vp-doan-dbqh-hdnd": "province",
    "tinh-uy": "tỉnh", "tinh-doan": "tỉnh", "thanh-uy": "thành phố", "huyen-uy": "huyện",
    "quan-uy": "quận", "thi-uy": "thị xã",
}
#: Before a body: "every" one, not the document's ("các Sở", "Ủy ban nhân dân mỗi xã").
_GENERIC_BEFORE = set(every_words())
#: After a body (and the bodies joined to it), followed by a level word or "cấp": every one of a
#: level ("UBND các cấp", "Ủy ban nhân dân các huyện", "HĐND cùng cấp", "Ủy ban nhân dân hai
#: cấp"); "UBND tỉnh báo cáo Thường trực HĐND tỉnh các nội dung" is one body.
_GENERIC_AFTER = _GENERIC_BEFORE | {"cùng", "hai", "ba"}
#: After a body, alone: "Ủy ban nhân dân cấp tỉnh", "UBND nơi cư trú".
_GENERIC_NEXT = {"cấp", "nơi"}
_JOINERS = {",", "và", "hoặc", "/", "-"}
#: Looking back from a body to these ends the stretch a law's name can fill.
_NAME_BREAKS = {",", ";", ".", ":", "(", ")", "\"", "“", "”", "số", "ngày", "năm", "tại", "theo"}
#: A ministry at most this many syllables from a unit's name is the unit's ("Bộ Tài chính (Vụ
#: Pháp chế)", "Vụ Pháp chế - Bộ Tài chính").
_BESIDE = 2
#: A body's end year ("-2025", "1995-2025"): it no longer exists under that name.
_ENDED_RE = re.compile(r"-\d{4}$")


class BodyRuler:
    """Adds and links ORG (public bodies) and LOC (places) from the knowledge base."""

    def __init__(self, name: str = "vnadmin_body_ruler", add_orgs: bool = True, add_locs: bool = True,
                 link_existing: bool = True, bare_districts: bool = True, bodies_path: str = "",
                 local_bodies_path: str = "", places_path: str = "", extend_orgs: bool = True,
                 tidy_orgs: bool = True):
        self.name = name
        self.extend_orgs = extend_orgs
        self.tidy_orgs = tidy_orgs
        self.add_orgs = add_orgs
        self.add_locs = add_locs
        self.link_existing = link_existing
        self.bare_districts = bare_districts
        self.paths = (bodies_path, local_bodies_path, places_path)
        register_body_extensions()
        self._kb: Optional[KnowledgeBase] = None
        self._forms: Dict[str, str] = {}  # syllable -> its form (see syllables)
        self._places: Dict[Tuple[str, ...], DocumentPlace] = {}  # header -> its DocumentPlace

    def clear_cache(self) -> None:
        """Forget the syllables and the headers seen (cold timings)."""
        self._forms.clear()
        self._places.clear()

    @property
    def kb(self) -> KnowledgeBase:
        if self._kb is None:
            self._kb = load_knowledge_base(*self.paths)
        return self._kb

    # -- finding candidates, in syllable indices --

    def _match(self, text: str):
        # Names are looked for on the forms alone; most paragraphs name none, and only those
        # that do need the syllables' offsets.
        forms = syllable_forms(_SYLLABLE_RE.findall(text), self._forms)
        found = self.kb.match(forms) if forms else {}
        if not found:
            return (), found
        return [(m.start(), m.end(), form) for m, form in zip(_SYLLABLE_RE.finditer(text), forms)], found

    def _lookup(self, category: str, forms: Sequence[str]):
        return self.kb.index.get(category, {}).get(_key(forms), [])

    def _place_at(self, sylls, found, start: int, level: str) -> Optional[Tuple[int, str]]:
        """The longest known place starting at syllable ``start`` fit for ``level``."""
        cats = {"province": ("PROVINCE",), "district": ("DISTRICT",), "commune": ("COMMUNE",),
                "any": ("PROVINCE", "DISTRICT")}.get(level, ("PROVINCE", "DISTRICT", "COMMUNE"))
        best = None
        for cat in cats:
            for end in found.get(cat, {}).get(start, []):
                text_forms = [f for _, _, f in sylls[start:end]]
                entries = self._lookup(cat, text_forms)
                if not any(_place_cap_ok(text_forms, forms) for forms, _ in entries):
                    continue
                if best is None or end > best[0]:
                    best = (end, entries[0][1])
        return best

    def _local_candidates(self, sylls, found, text_lower: str,
                          dplace: DocumentPlace = _NO_PLACE) -> List[_Candidate]:
        kb = self.kb
        out = []
        prefix_ends: Dict[int, List[Tuple[int, str]]] = {}
        for s, ends in found.get("PREFIX", {}).items():
            for e in ends:
                forms = [f for _, _, f in sylls[s:e]]
                if not _body_cap_ok(forms, self._lookup("PREFIX", forms)[0][0]):
                    continue
                for _, pid in self._lookup("PREFIX", forms):
                    prefix_ends.setdefault(e, []).append((s, pid))
        for s, ends in found.get("LOCAL", {}).items():
            for e in ends:
                forms = [f for _, _, f in sylls[s:e]]
                entries = self._lookup("LOCAL", forms)
                if not any(_body_cap_ok(forms, ef) for ef, _ in entries):
                    continue
                body = kb.local[entries[0][1]]
                kind = body.get("kind", "department")
                # prefixes before the body ("Ban Thường vụ" Tỉnh ủy, "Văn phòng" UBND tỉnh)
                start, prefix_ids = s, []
                while True:
                    options = [(ps, pid) for ps, pid in prefix_ends.get(start, []) if kind in kb.prefixes[pid]["kinds"]]
                    if not options:
                        break
                    ps, pid = min(options)
                    prefix_ids.insert(0, pid)
                    start = ps
                if self._blocked(sylls, start, e):
                    continue
                end, level_word, place_id = e, None, None
                place = self._place_at(sylls, found, e, body.get("level", "any") if body.get("place_direct")
                                       else "province")
                if place:
                    end, place_id = place
                number = None
                if place_id is None:
                    level_ends = found.get("LEVEL", {}).get(e, [])
                    if level_ends:
                        le = max(level_ends)
                        word, level = kb.levels[_key(f for _, _, f in sylls[e:le])]
                        end, level_word = le, word
                        place = self._place_at(sylls, found, le, level)
                        if place:
                            end, place_id = place
                        elif word in _NUMBERED_LEVELS and le < len(sylls) and UNIT_NUMBER_RE.match(sylls[le][2]):
                            # a city's numbered district or ward: "UBND quận 1", "UBND Q.12", "phường 2"
                            end, number = le + 1, sylls[le][2]
                        elif sylls[le - 1][2].endswith("."):
                            end, level_word = e, None  # "UBND Q." with no place after it: the body alone
                if body.get("needs_level") and not (level_word or place_id):
                    continue
                if level_word:
                    level_word = _LEVEL_ABBREVIATIONS.get(level_word, level_word)
                if place_id is None and dplace.place and not self._generic_use(
                        sylls, found, start, end, _COMPLETE_AS.get(body["id"]) == "issuer"):
                    place_id = self._fixed_place(body, level_word, dplace)
                kb_id, canonical = self._compose(prefix_ids, body, level_word, place_id)
                if number:
                    kb_id, canonical = f"{kb_id}/{number}", f"{canonical} {number}"
                    _CANONICAL.setdefault(kb_id, canonical)
                parts = (tuple(prefix_ids), body["id"], level_word, place_id)
                out.append(_Candidate(start, end, kb_id, canonical, parts))
        return out

    def _compose(self, prefix_ids: Sequence[str], body: dict, level_word: Optional[str],
                 place_id: Optional[str]) -> Tuple[str, str]:
        """A local body's id and canonical name, one per body whatever the spelling: the level word
        of the place's own type before the place ("UBND TP.HCM", "Ủy ban nhân dân Thành phố Hồ Chí
        Minh" -> ``local:ubnd/thanh-pho/ho-chi-minh``), none for a body named directly with its
        place ("Tỉnh ủy tỉnh Gia Lai" -> ``local:tinh-uy/gia-lai``); without a place, the level word
        of the text, if any (``local:ubnd/tinh``)."""
        kb = self.kb
        names = [kb.prefixes[p]["name"] for p in prefix_ids] + [body["name"]]
        kb_id = "local:" + "+".join(list(prefix_ids) + [body["id"]])
        if place_id:
            if not body.get("place_direct"):
                types = kb.place_types.get(place_id) or [level_word or "tỉnh"]
                word = level_word if level_word in types else types[0]
                names.append(word)
                kb_id += "/" + slug(word)
            names.append(kb.place_names[place_id])
            kb_id += "/" + slug(kb.place_names[place_id])
        elif level_word:
            names.append(level_word)
            kb_id += "/" + slug(level_word)
        canonical = " ".join(names)
        _CANONICAL.setdefault(kb_id, canonical)
        return kb_id, canonical

    def _fixed_place(self, body: dict, level_word: Optional[str], dplace: DocumentPlace) -> Optional[str]:
        """The place the document fixes for a body its text names without one: the issuer's place
        or its province, of the level the body's level word (or name) says ("Ủy ban nhân dân
        tỉnh", "Tỉnh ủy": a "tỉnh"; "HĐND": the issuer's level; "Sở Tư pháp": the province)."""
        kb = self.kb
        own = [p for p in (dplace.place, dplace.province) if p]
        if level_word:
            wanted = level_word
        else:
            wanted = _COMPLETE_AS.get(body["id"])
            if wanted is None and body.get("kind") == "department":
                wanted = "province"
        if wanted is None:
            return None
        if wanted == "issuer":
            return dplace.place
        if wanted == "province":
            return dplace.province or None
        for place in own:
            if wanted in kb.place_types.get(place, ()):
                return place
        return None

    def _generic_use(self, sylls, found, start: int, end: int, joined: bool = True) -> bool:
        """A body named as every one of its kind or level, or inside a law's name, is no one
        body: "các Sở", "UBND các cấp", "Hội đồng nhân dân và Ủy ban nhân dân cùng cấp", "Ủy ban
        nhân dân tỉnh, thành phố trực thuộc trung ương", "Luật Hoạt động giám sát của Quốc hội và
        Hội đồng nhân dân". ``joined``: the level words after the bodies joined to it count too
        ("HĐND, UBND các cấp"; not for "Sở Công Thương và Ủy ban nhân dân cấp huyện")."""
        if start > 0 and sylls[start - 1][2].lower() in _GENERIC_BEFORE:
            return True
        # back to the last break: a law's name ("Luật ..." capitalized) reaching the body
        i = start - 1
        while i >= 0 and start - i <= 20:
            form = sylls[i][2]
            if form.lower() in _NAME_BREAKS or form[:1].isdigit():
                break
            if form in ("Luật", "LUẬT") or (form.lower() == "lệnh" and i > 0 and sylls[i - 1][2] == "Pháp"):
                return True
            i -= 1
        # forward, over the bodies joined to this one ("HĐND và UBND các cấp")
        pos = end
        for _ in range(4):
            if pos >= len(sylls):
                return False
            word = sylls[pos][2].lower()
            after = sylls[pos + 1][2].lower() if pos + 1 < len(sylls) else ""
            if word in _GENERIC_NEXT or (word in _GENERIC_AFTER
                                         and (after == "cấp" or pos + 1 in found.get("LEVEL", {}))):
                return True
            if word not in _JOINERS or not after:
                return False
            if not joined and pos + 1 not in found.get("LEVEL", {}):
                return False
            nxt = pos + 1
            if nxt in found.get("LEVEL", {}):  # "tỉnh, thành phố", "tỉnh/thành phố"
                return True
            if nxt in found.get("PREFIX", {}):
                nxt = max(found["PREFIX"][nxt])
            if nxt not in found.get("LOCAL", {}):
                return False
            pos = max(found["LOCAL"][nxt])
            if pos in found.get("LEVEL", {}):
                pos = max(found["LEVEL"][pos])
        return False

    def _ended(self, eid: str) -> bool:
        """An entry that no longer exists under its name: its ``valid`` has an end year ("-2025",
        "1995-2025"; "2025-" is current), or its parent's has."""
        seen = set()
        while eid and eid in self.kb.bodies and eid not in seen:
            seen.add(eid)
            entry = self.kb.bodies[eid]
            if _ENDED_RE.search(entry.get("valid") or ""):
                return True
            eid = entry.get("parent")
        return False

    def _ancestors(self, eid: str) -> List[str]:
        out = []
        while eid and eid in self.kb.bodies and eid not in out:
            out.append(eid)
            eid = self.kb.bodies[eid].get("parent")
        return out

    def _body_candidates(self, sylls, found, text_lower: str,
                         dplace: DocumentPlace = _NO_PLACE) -> List[_Candidate]:
        kb = self.kb
        out = []
        named_at: Dict[str, List[Tuple[int, int]]] = {}  # body id -> where the text names it
        for s, ends in found.get("BODY", {}).items():
            for e in ends:
                forms = [f for _, _, f in sylls[s:e]]
                for ef, eid in self._lookup("BODY", forms):
                    if _body_cap_ok(forms, ef):
                        named_at.setdefault(eid, []).append((s, e))
        for s, ends in found.get("BODY", {}).items():
            for e in ends:
                forms = [f for _, _, f in sylls[s:e]]
                entries = self._lookup("BODY", forms)
                ok = [eid for ef, eid in entries if _body_cap_ok(forms, ef)]
                if not ok or self._blocked(sylls, s, e):
                    continue
                ids = sorted(set(ok))
                eid = ids[0] if len(ids) == 1 else self._one_of(ids, s, e, named_at, text_lower, dplace)
                out.append(_Candidate(s, e, eid, kb.bodies[eid]["name"] if eid else ""))
        return out

    def _one_of(self, ids: List[str], start: int, end: int, named_at: Dict[str, List[Tuple[int, int]]],
                text_lower: str, dplace: DocumentPlace) -> str:
        """One name, several entries (Vụ Pháp chế of five ministries): the one of the ministry
        written right beside it ("Bộ Tài chính (Vụ Pháp chế)", "Vụ Pháp chế - Bộ Tài chính"), and
        none ("") when that ministry has no such unit in the knowledge base ("Bộ Nội vụ (Vụ Pháp
        chế)"); else the one whose ministry the text names (the nearest); else the issuer's; else
        the first still current."""
        kb = self.kb
        parent_of = {i: kb.bodies[i].get("parent") for i in ids}

        def gap(eid: str) -> int:
            spans = named_at.get(eid, [])
            return min((start - e if e <= start else s - end for s, e in spans), default=10 ** 6)

        beside = sorted((gap(pid), pid) for pid in named_at if pid in kb.parents and gap(pid) <= _BESIDE)
        if beside:
            pid = beside[0][1]
            mine = [i for i in ids if parent_of[i] == pid]
            return mine[0] if mine else ""
        named = [i for i in ids if parent_of[i] and (
            parent_of[i] in named_at or kb.bodies[parent_of[i]]["name"].lower() in text_lower)]
        if named:
            return min(named, key=lambda i: (gap(parent_of[i]), i))
        issuer = self._ancestors(dplace.issuer)
        mine = [i for i in ids if parent_of[i] in issuer]
        if mine:
            return mine[0]
        current = [i for i in ids if not self._ended(i)]
        return (current or ids)[0]

    @staticmethod
    def _blocked(sylls, start: int, end: int) -> bool:
        """A name inside another name or a title: "Luật Thanh tra", "Tỉnh ủy viên"."""
        if start > 0 and sylls[start - 1][2].lower() in _NOT_AFTER:
            return True
        if start > 1 and (sylls[start - 2][2] + " " + sylls[start - 1][2]).lower() in _NOT_AFTER:
            return True
        return end < len(sylls) and sylls[end][2] in _TITLE_SUFFIXES

    @staticmethod
    def _inside_name(sylls, start: int, end: int) -> bool:
        """A one-syllable place between capitalized words is part of a person's or other name
        ("Đức Tuân"); all upper-case text tells nothing."""
        if end - start != 1 or sylls[start][2].isupper():
            return False
        prev = sylls[start - 1][2] if start > 0 else ""
        nxt = sylls[end][2] if end < len(sylls) else ""
        return (prev[:1].isupper() and prev.isalpha()) or (nxt[:1].isupper() and nxt.isalpha())

    def _place_candidates(self, sylls, found) -> List[Tuple[int, int, str, bool]]:
        """``(start, end, place id, after a level word)`` of each place the text names."""
        out = []
        level_after: Dict[int, str] = {}
        for s, ends in found.get("LEVEL", {}).items():
            for e in ends:
                level_after[e] = self.kb.levels[_key(f for _, _, f in sylls[s:e])][1]
        for cat in ("PROVINCE", "DISTRICT", "COMMUNE", "REGION", "COUNTRY"):
            for s, ends in found.get(cat, {}).items():
                if cat == "COMMUNE" and level_after.get(s) not in ("commune", "any"):
                    continue
                if cat == "DISTRICT" and not self.bare_districts and level_after.get(s) not in ("district", "any"):
                    continue
                for e in ends:
                    text_forms = [f for _, _, f in sylls[s:e]]
                    if cat == "PROVINCE" and _key(text_forms) in self.kb.needs_level and s not in level_after:
                        continue
                    if self._blocked(sylls, s, e) or self._inside_name(sylls, s, e):
                        continue
                    entries = self._lookup(cat, text_forms)
                    if any(_place_cap_ok(text_forms, ef) for ef, _ in entries):
                        out.append((s, e, entries[0][1], s in level_after))
        return out

    # -- the bodies of a text --

    def _orgs(self, sylls, found, text: str, dplace: DocumentPlace = _NO_PLACE) -> List[_Candidate]:
        """The bodies named in a text: longest first, then leftmost; the names kept do not overlap."""
        text_lower = text.lower()
        cands = (self._body_candidates(sylls, found, text_lower, dplace)
                 + self._local_candidates(sylls, found, text_lower, dplace))
        cands.sort(key=lambda c: (-(c.end - c.start), c.start))
        taken = [False] * len(sylls)
        orgs: List[_Candidate] = []
        for c in cands:
            if not any(taken[c.start:c.end]):
                orgs.append(c)
                for i in range(c.start, c.end):
                    taken[i] = True
        return sorted(orgs, key=lambda c: c.start)

    # -- the document's issuer --

    def document_place(self, header: Sequence[str]) -> DocumentPlace:
        """The issuer of the document whose header (:func:`document_header`) is ``header``, and
        its place: the first header paragraph that starts with a body written as an issuer is
        (upper case, "HỘI ĐỒNG NHÂN DÂN TỈNH GIA LAI", "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HÀ NỘI", "BỘ
        TÀI CHÍNH", or the whole paragraph), the Party's name above its committee skipped; a
        local body without its place takes the place written after it ("UBND NHÂN DÂN THÀNH PHỐ HÀ
        NỘI") or on the next line; a body on the next line is the issuer under it ("ỦY BAN NHÂN
        DÂN TỈNH X" / "SỞ TÀI CHÍNH"). Found once per document (cached by header)."""
        key = tuple(header or ())
        got = self._places.get(key)
        if got is None:
            if len(self._places) > 10_000:
                self._places.clear()
            got = self._places[key] = self._find_issuer(key) if key else _NO_PLACE
        return got

    def _leading(self, line: str):
        """The bodies a header paragraph starts with, as an issuer writes them: ``(candidates
        one after another from the first syllable, syllables, matches)``, or None."""
        sylls, found = self._match(line)
        if not found:
            return None
        chain = []
        pos = 0
        for c in self._orgs(sylls, found, line):
            if c.start != pos or not c.kb_id:
                break
            chain.append(c)
            pos = c.end
        if not chain:
            return None
        letters = [f for _, _, f in sylls[:pos] if f[:1].isalpha()]
        whole = all(not f[:1].isalnum() for _, _, f in sylls[pos:])
        if not (whole or (letters and all(f.isupper() for f in letters))):
            return None
        return chain, sylls, found

    def _place_after(self, sylls, found, pos: int) -> Optional[str]:
        """A place written after ``pos`` in an upper-case header line (a level word and a place,
        or a province)."""
        for i in range(pos, len(sylls)):
            if not sylls[i][2].isupper():
                continue
            for le in sorted(found.get("LEVEL", {}).get(i, []), reverse=True):
                level = self.kb.levels[_key(f for _, _, f in sylls[i:le])][1]
                place = self._place_at(sylls, found, le, level)
                if place:
                    return place[1]
            place = self._place_at(sylls, found, i, "province")
            if place:
                return place[1]
        return None

    def _find_issuer(self, lines: Tuple[str, ...]) -> DocumentPlace:
        kb = self.kb
        for i, line in enumerate(lines):
            got = self._leading(line)
            if got is None:
                continue
            chain, sylls, found = got
            first = chain[0]
            if first.local is None and kb.bodies.get(first.kb_id, {}).get("kind") == "party":
                continue  # "ĐẢNG CỘNG SẢN VIỆT NAM" above "TỈNH ỦY BẮC GIANG"
            last = chain[-1]
            if last.local is None:
                issuer = last.kb_id
                nxt = self._leading(lines[i + 1]) if i + 1 < len(lines) else None
                if nxt and nxt[0][0].local is None and issuer in self._ancestors(nxt[0][-1].kb_id):
                    issuer = nxt[0][-1].kb_id  # "BỘ TÀI CHÍNH" / "TỔNG CỤC HẢI QUAN"
                return DocumentPlace(issuer, "", "")
            place = next((c.local[3] for c in reversed(chain) if c.local and c.local[3]), None)
            if place is None:
                place = self._place_after(sylls, found, last.end)
            if place is None and i + 1 < len(lines):
                nsylls, nfound = self._match(lines[i + 1])
                if nfound and nsylls[0][2].isupper():
                    place = self._place_after(nsylls, nfound, 0)
            if place is None:
                return DocumentPlace(last.kb_id, "", "")
            prefix_ids, body_id, level_word, _ = last.local
            issuer, _ = self._compose(prefix_ids, kb.local[body_id], level_word, place)
            # the issuer under it on the next line: a department ("ỦY BAN NHÂN DÂN TỈNH TÂY NINH" /
            # "SỞ TÀI CHÍNH"), or a district's body ("... / ỦY BAN NHÂN DÂN HUYỆN CHÂU THÀNH")
            nxt = self._leading(lines[i + 1]) if i + 1 < len(lines) else None
            if nxt and nxt[0][-1].local:
                p_ids, b_id, l_word, n_place = nxt[0][-1].local
                if n_place is None:
                    issuer, _ = self._compose(p_ids, kb.local[b_id], l_word, place)
                elif place.startswith("province:") and not n_place.startswith("province:"):
                    district = self._in_province(n_place, place)
                    issuer, _ = self._compose(p_ids, kb.local[b_id], l_word, district)
                    return DocumentPlace(issuer, district, place)
            return DocumentPlace(issuer, place, self._province_of(place, lines))
        return _NO_PLACE

    def _in_province(self, place: str, province: str) -> str:
        """``place`` (a district or commune id), or the place of that name in ``province``."""
        kind, _, rest = place.partition(":")
        same = "%s:%s:%s" % (kind, province.split(":")[1], rest.split(":", 1)[1])
        return same if same in self.kb.place_names else place

    def _province_of(self, place: str, lines: Sequence[str]) -> str:
        """The province of a place id; for a district name that several provinces have, the one
        the header names, else "" (unknown)."""
        kind, _, rest = place.partition(":")
        if kind == "province":
            return place
        prov = rest.split(":")[0]
        if kind == "commune":
            return "province:" + prov
        name = slug(self.kb.place_names.get(place, ""))
        provinces = sorted(p.split(":")[1] for p in self.kb.place_names if p.startswith("district:")
                           and p.split(":")[2] == name)
        if len(provinces) == 1:
            return "province:" + provinces[0]
        for line in lines:
            sylls, found = self._match(line)
            named = set()
            for s, ends in found.get("PROVINCE", {}).items():
                for e in ends:
                    for _, pid in self._lookup("PROVINCE", [f for _, _, f in sylls[s:e]]):
                        named.add(pid.split(":")[1])
            for p in provinces:
                if p in named:
                    return "province:" + p
        return ""

    @staticmethod
    def _extends(inside: List[Span], start_char: int, end_char: int, placed: bool = False) -> bool:
        """The earlier entities overlapping a knowledge-base name are pieces of it: all inside
        it, none of them the whole name, ORG or LOC (a place inside a body's name is no LOC of
        its own: "Thanh tra thành phố [Hà Nội]", "Bộ Nông nghiệp [và Phát triển nông thôn]";
        PERSON too when the name ends in a known place: "Tỉnh ủy [Nam Định]")."""
        labels = ("ORG", "LOC", "PERSON") if placed else ("ORG", "LOC")
        return all(start_char <= e.start_char and e.end_char <= end_char and e.label_ in labels
                   for e in inside)

    @staticmethod
    def _person_after(text: str, inside: List[Span], start_char: int, end_char: int) -> bool:
        """The tagger's ORG is a knowledge-base name and the person after it ("Trưởng [Ban Tổ
        chức Trung ương Phạm Minh Chính]"): 2 to 4 capitalized words, the first a family name."""
        if len(inside) != 1 or inside[0].label_ != "ORG" or inside[0].start_char != start_char:
            return False
        tail = text[end_char:inside[0].end_char]
        words = tail.split()
        return (tail[:1] == " " and 2 <= len(words) <= 4 and _opens_person(words, org_edges())
                and all(w[:1].isupper() and w.isalpha() for w in words))

    def _class_alone(self, c: _Candidate) -> bool:
        """A local body that, without a level or place, names every one of its kind
        (``class_alone`` in local_bodies.json: "Đoàn đại biểu Quốc hội" in a law)."""
        return (c.local is not None and not c.local[2] and not c.local[3]
                and bool(self.kb.local[c.local[1]].get("class_alone")))

    # -- the component --

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        sylls, found = self._match(text)
        if not found:
            return self._link_by_name(self._tidy(doc, text))
        header = doc._.header if Doc.has_extension("header") else ()
        dplace = self.document_place(header) if header else _NO_PLACE
        orgs = self._orgs(sylls, found, text, dplace)
        taken = [False] * len(sylls)
        for c in orgs:
            for i in range(c.start, c.end):
                taken[i] = True
        existing = list(doc.ents)
        ents: List[Span] = []
        linked_existing: Dict[Tuple[int, int], Span] = {}
        by_offsets = {(e.start_char, e.end_char): e for e in existing}
        replaced: set = set()  # offsets of earlier ents a longer knowledge-base name replaces
        ruled: Optional[set] = None  # offsets of the ORG rules' spans (read when first needed)
        for c in orgs:
            start_char, end_char = sylls[c.start][0], sylls[c.end - 1][1]
            old = by_offsets.get((start_char, end_char))
            if old is not None:
                if self.link_existing and old.label_ == "ORG" and not old.kb_id_ and c.kb_id:
                    linked_existing[(start_char, end_char)] = Span(doc, old.start, old.end, label="ORG", kb_id=c.kb_id)
                elif self.add_orgs and old.label_ in _NAME_LABELS and c.kb_id and c.local is None:
                    # a central body's name or abbreviation the tagger took for a place or a person
                    # ("VCCI", "TTXVN" as LOC): the knowledge base's label wins
                    linked_existing[(start_char, end_char)] = Span(doc, old.start, old.end, label="ORG", kb_id=c.kb_id)
                continue
            if not self.add_orgs:
                continue
            inside = [e for e in existing if e.start_char < end_char and start_char < e.end_char]
            if inside and ruled is None:
                # the ORG rules' own spans stay as they are; the tagger's may be extended
                group = doc.spans.get(_ORG_RULES_KEY) if doc.spans else None
                ruled = {(e.start_char, e.end_char) for e in group} if group else set()
            if inside:
                if ruled and any((e.start_char, e.end_char) in ruled for e in inside):
                    continue
                # A name the tagger cut ("Bộ Khoa học và" | "Bộ Khoa học và Công nghệ", "Thanh tra
                # [Chính phủ]"): the knowledge base's whole name replaces the pieces inside it.
                if not (self.extend_orgs and c.kb_id and (
                        (not self._class_alone(c) and self._extends(
                            inside, start_char, end_char, bool(c.local and c.local[3])))
                        or self._person_after(text, inside, start_char, end_char))):
                    continue
            span = doc.char_span(start_char, end_char, label="ORG", kb_id=c.kb_id, alignment_mode="strict")
            if span is not None:
                ents.append(span)
                replaced.update((e.start_char, e.end_char) for e in inside)
        if replaced:
            existing = [e for e in existing if (e.start_char, e.end_char) not in replaced]
        if self.add_locs:
            placed = list(existing) + ents
            places = sorted(self._place_candidates(sylls, found), key=lambda p: (-(p[1] - p[0]), p[0]))
            for s, e, pid, levelled in places:
                if any(taken[s:e]):
                    continue  # part of a body's name (or of a longer place)
                start_char, end_char = sylls[s][0], sylls[e - 1][1]
                overlapping = [x for x in placed if x.start_char < end_char and start_char < x.end_char]
                if overlapping and not _pieces_of(overlapping, start_char, end_char, levelled):
                    continue
                span = doc.char_span(start_char, end_char, label="LOC", kb_id=pid, alignment_mode="strict")
                if span is not None:
                    if overlapping:  # the tagger's pieces of a longer place give way to it
                        existing = [x for x in existing if x not in overlapping]
                        placed = [x for x in placed if x not in overlapping]
                        ents[:] = [x for x in ents if x not in overlapping]
                    ents.append(span)
                    placed.append(span)
                    for i in range(s, e):
                        taken[i] = True
        if ents or linked_existing:
            kept = [linked_existing.get((x.start_char, x.end_char), x) for x in existing]
            set_entities(doc, kept + ents)
            return self._link_by_name(self._tidy(doc, text, sorted(kept + ents, key=lambda x: x.start)))
        return self._link_by_name(self._tidy(doc, text, existing))

    def _link_by_name(self, doc: Doc) -> Doc:
        """An ORG still without an entry whose whole text is one entry's name, abbreviation or
        link-only short form gets that entry: the tagger's "Quốc hội" in "Đoàn đại biểu Quốc
        hội", where the ruler's own candidate was the longer name; "Thủ tướng" and "Trung ương"
        where the tagger marked them (GUIDELINES §4, "Linking bodies to the knowledge base").
        A name several entries share (Vụ Pháp chế) stays unlinked here."""
        if not self.link_existing:
            return doc
        linked: Dict[int, List[Span]] = {}
        for e in doc.ents:
            if e.label != _ORG_LABEL or e.kb_id:
                continue
            eid = self._entry_named(e.text)
            if eid is not None:
                linked[e.start] = [Span(doc, e.start, e.end, label=e.label, kb_id=eid)]
            elif len(e) > 2:
                pair = self._two_bodies(e)
                if pair:
                    linked[e.start] = pair
        if linked:
            set_entities(doc, [x for e in doc.ents for x in linked.get(e.start, (e,))])
        return doc

    def _entry_named(self, text: str) -> Optional[str]:
        """The one entry whose name, abbreviation or link-only form ``text`` is, or None."""
        forms = [f for _, _, f in syllables(text, self._forms)]
        if not forms:
            return None
        eid = self.kb.link_only.get(_key(forms))
        if eid is None:
            ids = {i for ef, i in self._lookup("BODY", forms) if _body_cap_ok(forms, ef)}
            eid = ids.pop() if len(ids) == 1 else None
        return eid

    def _two_bodies(self, ent: Span) -> List[Span]:
        """Two bodies the tagger ran together over "và" or a comma ("Bộ Văn hóa - Thông tin và
        Ban Vật giá Chính phủ"): each side the whole name of an entry, or nothing."""
        doc = ent.doc
        for token in ent[1:-1]:
            if token.text not in ("và", ","):
                continue
            left, right = doc[ent.start:token.i], doc[token.i + 1:ent.end]
            first, second = self._entry_named(left.text), self._entry_named(right.text)
            if first and second:
                return [Span(doc, left.start, left.end, label=ent.label, kb_id=first),
                        Span(doc, right.start, right.end, label=ent.label, kb_id=second)]
        return []

    def _tidy(self, doc: Doc, text: str, current: Optional[Sequence[Span]] = None) -> Doc:
        """The edges of the ORG that the tagger and the rules left (``resources/org_edges.json``):
        a title is no body ("Chi cục trưởng", "Tỉnh ủy viên"); a verb or function word after a
        name is cut ("Văn phòng Ban Chỉ đạo trình" -> "Văn phòng Ban Chỉ đạo"); "Thường trực"
        after a deputy's title is part of the title ("Phó Thủ tướng Thường trực Chính phủ" ->
        "Chính phủ"); names of unit types, portals, slogans are no ORG ("Ban Thanh tra nhân dân",
        "trái phiếu Chính phủ"); a photo credit ("Ảnh: Nhan Sáng") holds no entity; a country after
        a nationality noun is no LOC ("doanh nghiệp Nhật Bản", "hàng hóa Việt Nam")."""
        if not self.tidy_orgs:
            return doc
        if current is None:
            current = doc.ents
        if not current:
            return doc
        org = _ORG_LABEL
        edges = org_edges()
        lowered, phrases = "", None
        drop: List[Tuple[int, int]] = []
        if "Ảnh" in text:
            drop = _credit_spans(text, edges.credits)
        changed = False
        out: List[Span] = []
        for e in current:
            s_char, e_char = e.start_char, e.end_char
            if drop and any(a <= s_char and e_char <= b for a, b in drop):
                changed = True
                continue
            if not e.kb_id and self._common_words_in_capitals(e):
                changed = True  # "BIỂU THUẾ", "THEO PHÁP LUẬT", "VII. TRÌNH": no name
                continue
            if e.label != org:
                if e.label_ == "LOC" and e.text in edges.countries and edges.nationality.search(text, 0, s_char):
                    changed = True  # "doanh nghiệp Nhật Bản", "hàng hóa Việt Nam": a nationality
                    continue
                out.append(e)
                continue
            nxt = _WORD_RE.match(text, e_char + 1) if text[e_char:e_char + 1] == " " else None
            if nxt and nxt.group() in _TITLE_SUFFIXES:
                changed = True  # "Chi cục trưởng", "Tỉnh ủy viên": a title
                continue
            inner = self._class_head_before_body(text, s_char, e_char)
            if inner is not None:
                span = doc.char_span(inner, e_char, label="ORG", kb_id=e.kb_id_, alignment_mode="strict")
                if span is not None:
                    out.append(span)
                    changed = True
                    continue
            if phrases is None:
                lowered = text.lower()
                # the phrases this text holds (lower() keeps the offsets of Vietnamese text)
                phrases = [p for p in edges.not_org if p in lowered] if len(lowered) == len(text) else []
            if phrases and self._in_phrase(lowered, s_char, e_char, phrases):
                changed = True
                continue
            words = text[s_char:e_char].split()
            if not words or not (words[-1].lower() in edges.last_words or words[0].lower() in edges.standing_first):
                # (an ORG of whitespace tokens alone, which a tagger can guess, is left to the
                # records, which trim it away)
                out.append(e)
                continue
            new_start, new_end = self._trimmed(text, s_char, e_char, edges)
            if (new_start, new_end) != (s_char, e_char):
                span = doc.char_span(new_start, new_end, label="ORG", kb_id=e.kb_id_, alignment_mode="strict")
                if span is not None:  # else a token holds the word too ("Ban Chỉ đạo trình"): kept
                    out.append(span)
                    changed = True
                    continue
            out.append(e)
        merged = self._units_with_parents(doc, text, out, edges)
        if merged is not None:
            out, changed = merged, True
        merged = self._bodies_of_countries(doc, text, out)
        if merged is not None:
            out, changed = merged, True
        if changed:
            set_entities(doc, out)
        return doc

    @staticmethod
    def _merge_adjacent(doc: Doc, ents: List[Span], joined: Callable[[Span, Span], Optional[str]]
                        ) -> Optional[List[Span]]:
        """``ents`` with each entity that ``joined(previous, entity)`` joins to the one before it
        made one ORG with it, of the knowledge-base id ``joined`` returns; None when none is."""
        out: List[Span] = []
        merged = False
        for e in ents:
            kb_id = joined(out[-1], e) if out else None
            if kb_id is not None:
                out[-1] = Span(doc, out[-1].start, e.end, label="ORG", kb_id=kb_id)
                merged = True
                continue
            out.append(e)
        return out if merged else None

    def _units_with_parents(self, doc: Doc, text: str, ents: List[Span], edges: "_OrgEdges") -> Optional[List[Span]]:
        """``ents`` with each unit written before its ministry across a dash made one ORG with it
        ("Vụ Pháp chế - Bộ Tài chính", "Vụ Pháp chế - BTC"), or None when there is none."""
        if " - " not in text and " – " not in text:
            return None

        def joined(prev: Span, e: Span) -> Optional[str]:
            if (e.label == _ORG_LABEL and prev.label == _ORG_LABEL
                    and text[prev.end_char:e.start_char] in (" - ", " – ")
                    and any(prev.text.startswith(unit + " ") for unit in edges.units)
                    and (e.text.startswith("Bộ ") or (e.text.isupper() and len(e.text) <= 8))):
                return prev.kb_id_
            return None

        return self._merge_adjacent(doc, ents, joined)

    def _bodies_of_countries(self, doc: Doc, text: str, ents: List[Span]) -> Optional[List[Span]]:
        """``ents`` with each body right before a place's name made one ORG with it ("Quốc hội
        Lào", "Bộ Ngoại giao Ấn Độ", "NHCSXH Thái Bình", "Tư pháp Hà Nam": a place inside an ORG
        is part of it, GUIDELINES §3-4, and the training gold never has an ORG and a LOC side by
        side), or None when there is none. A foreign or local body is not the knowledge base's
        entry of the same name: only "... Việt Nam" keeps the link."""
        countries = self.kb.index.get("COUNTRY", {})

        def joined(prev: Span, e: Span) -> Optional[str]:
            if e.label_ != "LOC" or prev.label != _ORG_LABEL or text[prev.end_char:e.start_char] != " ":
                return None
            entries = countries.get(_key([f for _, _, f in syllables(e.text, self._forms)]))
            return prev.kb_id_ if entries and entries[0][1] == _OWN_COUNTRY else ""

        return self._merge_adjacent(doc, ents, joined)

    @staticmethod
    def _class_head_before_body(text: str, start: int, end: int) -> Optional[int]:
        """Where the body starts in an ORG that opens with a class of units before it ("các [Ban]
        Hội đồng nhân dân tỉnh": the committees of the council, each of them; the ORG is the
        council), or None."""
        before = text[max(0, start - 8):start].split()
        if not before or before[-1].lower() not in _GENERIC_BEFORE:
            return None
        lowered = text[start:end].lower()
        for head in _body_heads():
            if lowered.startswith(head + " "):
                rest = lowered[len(head) + 1:]
                if any(rest == other or rest.startswith(other + " ") for other in _body_heads()):
                    return start + len(head) + 1
        return None

    def _common_words_in_capitals(self, ent: Span) -> bool:
        """An ORG, LOC or PERSON written in capitals whose words are common words, a roman
        numeral or a letter, none of them starting a known body, place or unit: the tagger took
        part of an upper-case heading for a name ("THUẾ", "TIỀN THUÊ NHÀ", "VẬT CHẤT", "VII").
        Abbreviations (not words: "UBND", "VSDC") and known names ("QUỐC HỘI") stay."""
        text = ent.text
        if not text.isupper() or ent.label_ not in _CAPITALS_CHECKED:
            return False
        words = [w for w in (t.lower_.strip(".,;:") for t in ent if not t.is_punct and not t.is_space) if w]
        if not words or not all(_ROMAN_OR_LETTER_RE.match(w) or in_dictionary(w) for w in words):
            return False
        if all(_ROMAN_OR_LETTER_RE.match(w) for w in words):
            return True  # a heading's number ("VII."), whatever commune bears that name
        if ent.label_ == "PERSON" and len(words) > 1 and not in_dictionary(" ".join(words)):
            return False  # a signer's name is common syllables too ("HOÀNG TRƯỜNG GIANG")
        lowered = " ".join(words)
        if any(lowered == head or lowered.startswith(head + " ") for head in _body_heads()):
            return False  # a body's name cut by a line break ("BỘ LAO ĐỘNG - THƯƠNG BINH")
        return not self._match(text)[1]

    @staticmethod
    def _in_phrase(lowered: str, start: int, end: int, phrases: Sequence[str]) -> bool:
        """The span lies inside one of ``phrases`` in the text (lower-cased, same offsets)."""
        for phrase in phrases:
            at = lowered.find(phrase, max(0, end - len(phrase)), start + len(phrase))
            if at >= 0 and at <= start and end <= at + len(phrase):
                return True
        return False

    @staticmethod
    def _trimmed(text: str, start: int, end: int, edges: _OrgEdges) -> Tuple[int, int]:
        """``(start, end)`` of an ORG less a trailing verb or function word and a leading
        "Thường trực" that belongs to a deputy's title."""
        raw = [(m.start() + start, m.end() + start, m.group()) for m in _WORD_RE.finditer(text[start:end])]
        words = [(a, b, w.lower()) for a, b, w in raw]
        upper = all(w.isupper() for _, _, w in raw if w[:1].isalpha())
        # trailing words ("trình", "bầu hoặc"), one name word at least kept
        changed = True
        while changed and len(words) > 1:
            changed = False
            for trail in edges.trailing:
                n = len(trail)
                if (len(words) > n and tuple(w for _, _, w in words[-n:]) == trail
                        and (upper or raw[len(words) - 1][2].islower())
                        and (words[-n - 1][2],) + trail[:1] not in edges.compounds):
                    words = words[:-n]
                    changed = True
                    break
        # "Phó Thủ tướng Thường trực Chính phủ": "Thường trực" is the deputy's, the ORG "Chính phủ";
        # "Thủ tướng Chính phủ Nguyễn Xuân Phúc": a title before the person's name, the ORG "Chính phủ"
        for standing in edges.standing:
            parts = standing.split()
            n = len(parts)
            if len(words) > n and [w for _, _, w in words[:n]] == parts:
                before = text[max(0, start - 40):start]
                tail = re.split(r"[,;:.()\n]", before)[-1]
                if any(w.lower() in edges.deputy for w in tail.split()) or _person_follows(text, end, edges):
                    words = words[n:]
        return words[0][0], words[-1][1]


def _opens_person(words: Sequence[str], edges: _OrgEdges) -> bool:
    """Whether ``words`` open a person's name: a family name, then a capitalised word."""
    return len(words) >= 2 and words[0] in edges.families and words[1][:1].isupper()


def _person_follows(text: str, end: int, edges: _OrgEdges) -> bool:
    """Whether a person's name opens right after ``end``, one space after it."""
    return text[end:end + 1] == " " and _opens_person(text[end:end + 30].split(), edges)


@Language.factory(
    "vnadmin_body_ruler",
    assigns=["doc.ents"],
    default_config={"add_orgs": True, "add_locs": True, "link_existing": True, "bare_districts": True,
                    "bodies_path": "", "local_bodies_path": "", "places_path": "", "extend_orgs": True,
                    "tidy_orgs": True},
    default_score_weights={"ents_f": 1.0, "ents_p": 0.0, "ents_r": 0.0},
)
def make_body_ruler(nlp: Language, name: str, add_orgs: bool, add_locs: bool, link_existing: bool,
                    bare_districts: bool, bodies_path: str, local_bodies_path: str,
                    places_path: str, extend_orgs: bool, tidy_orgs: bool) -> BodyRuler:
    """``bodies_path`` etc.: other data files (empty: the package's ``resources/``);
    ``extend_orgs``: an earlier ORG cut inside a knowledge-base name gives way to the name;
    ``tidy_orgs``: the edges of the ORG left are tidied (``resources/org_edges.json``)."""
    return BodyRuler(name, add_orgs, add_locs, link_existing, bare_districts, bodies_path,
                     local_bodies_path, places_path, extend_orgs, tidy_orgs)
