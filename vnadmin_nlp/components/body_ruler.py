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

Matching runs spaCy's :class:`~spacy.matcher.PhraseMatcher` (``attr="LOWER"``: "BỘ Y TẾ"
matches "Bộ Y tế") over a syllable view of the text (the word segmenter's tokens differ
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
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from ..doc_text import doc_text
from ..resources import RESOURCES_DIR
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
    out = []
    for m in _SYLLABLE_RE.finditer(text):
        raw = m.group()
        if forms is None:
            form = _form(raw)
        else:
            form = forms.get(raw)
            if form is None:
                if len(forms) > _MAX_FORMS:
                    forms.clear()
                form = forms[raw] = _form(raw)
        out.append((m.start(), m.end(), form))
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


class KnowledgeBase:
    """Bodies, local body vocabulary and places, with a PhraseMatcher over all their names."""

    def __init__(self, bodies_path: Path, local_path: Path, places_path: Path):
        import spacy

        self.vocab = spacy.blank("xx").vocab
        self.matcher = PhraseMatcher(self.vocab, attr="LOWER")
        self.bodies: Dict[str, dict] = {}
        # lowered syllable key -> [(surface forms, entry id)] per category
        self.index: Dict[str, Dict[Tuple[str, ...], List[Tuple[Tuple[str, ...], str]]]] = {}
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
                for name in [entry["name"]] + list(entry.get("abbreviations") or []):
                    add("BODY", name, entry["id"])

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
            for n in [name] + abbrs:
                add("LOCAL", n, did)
        self.prefixes: Dict[str, dict] = {}
        for pid, name, abbrs, kinds in local["prefixes"]:
            self.prefixes[pid] = {"id": pid, "name": name, "kinds": set(kinds)}
            for n in [name] + abbrs:
                add("PREFIX", n, pid)

        places = json.loads(Path(places_path).read_text(encoding="utf-8"))
        self.place_names: Dict[str, str] = {}
        self.needs_level = set()
        for p in places["provinces"]:
            pid = "province:" + slug(p["name"])
            self.place_names[pid] = p["name"]
            if p.get("needs_level"):
                self.needs_level.add(_key(f for _, _, f in syllables(p["name"])))
            for n in [p["name"]] + p.get("aliases", []):
                add("PROVINCE", n, pid)
        for d in places["districts"]:
            pid = "district:%s:%s" % (slug(d["province"]), slug(d["name"]))
            self.place_names[pid] = d["name"]
            add("DISTRICT", d["name"], pid)
        for prov, types in places["communes"].items():
            for _type, names in types.items():
                for n in names:
                    pid = "commune:%s:%s" % (slug(prov), slug(n))
                    self.place_names[pid] = n
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
        for category, forms_list in patterns.items():
            docs = [Doc(self.vocab, words=list(forms)) for forms in forms_list]
            self.matcher.add(category, docs)

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
    __slots__ = ("start", "end", "kb_id", "canonical")

    def __init__(self, start: int, end: int, kb_id: str, canonical: str):
        self.start, self.end, self.kb_id, self.canonical = start, end, kb_id, canonical


class BodyRuler:
    """Adds and links ORG (public bodies) and LOC (places) from the knowledge base."""

    def __init__(self, name: str = "vnadmin_body_ruler", add_orgs: bool = True, add_locs: bool = True,
                 link_existing: bool = True, bare_districts: bool = True, bodies_path: str = "",
                 local_bodies_path: str = "", places_path: str = ""):
        self.name = name
        self.add_orgs = add_orgs
        self.add_locs = add_locs
        self.link_existing = link_existing
        self.bare_districts = bare_districts
        self.paths = (bodies_path, local_bodies_path, places_path)
        register_body_extensions()
        self._kb: Optional[KnowledgeBase] = None
        self._forms: Dict[str, str] = {}  # syllable -> its form (see syllables)

    def clear_cache(self) -> None:
        """Forget the syllables seen (cold timings)."""
        self._forms.clear()

    @property
    def kb(self) -> KnowledgeBase:
        if self._kb is None:
            self._kb = load_knowledge_base(*self.paths)
        return self._kb

    # -- finding candidates, in syllable indices --

    def _match(self, text: str):
        kb = self.kb
        sylls = syllables(text, self._forms)
        if not sylls:
            return sylls, {}
        sdoc = Doc(kb.vocab, words=[f for _, _, f in sylls])
        found: Dict[str, Dict[int, List[int]]] = {}
        for match_id, s, e in kb.matcher(sdoc):
            found.setdefault(kb.vocab.strings[match_id], {}).setdefault(s, []).append(e)
        return sylls, found

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

    def _local_candidates(self, sylls, found, text_lower: str) -> List[_Candidate]:
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
                if place_id is None:
                    level_ends = found.get("LEVEL", {}).get(e, [])
                    if level_ends:
                        le = max(level_ends)
                        word, level = kb.levels[_key(f for _, _, f in sylls[e:le])]
                        end, level_word = le, word
                        place = self._place_at(sylls, found, le, level)
                        if place:
                            end, place_id = place
                if body.get("needs_level") and not (level_word or place_id):
                    continue
                names = [kb.prefixes[p]["name"] for p in prefix_ids] + [body["name"]]
                kb_id = "local:" + "+".join(prefix_ids + [body["id"]])
                if level_word:
                    level_word = {"tp": "thành phố"}.get(level_word, level_word)
                    names.append(level_word)
                    kb_id += "/" + slug(level_word)
                if place_id:
                    names.append(kb.place_names[place_id])
                    kb_id += "/" + slug(kb.place_names[place_id])
                canonical = " ".join(names)
                _CANONICAL.setdefault(kb_id, canonical)
                out.append(_Candidate(start, end, kb_id, canonical))
        return out

    def _body_candidates(self, sylls, found, text_lower: str) -> List[_Candidate]:
        kb = self.kb
        out = []
        for s, ends in found.get("BODY", {}).items():
            for e in ends:
                forms = [f for _, _, f in sylls[s:e]]
                entries = self._lookup("BODY", forms)
                ok = [eid for ef, eid in entries if _body_cap_ok(forms, ef)]
                if not ok or self._blocked(sylls, s, e):
                    continue
                ids = sorted(set(ok))
                if len(ids) > 1:  # one name, several entries (Vụ Pháp chế): the parent named here
                    named = [i for i in ids if kb.bodies[i].get("parent")
                             and kb.bodies[kb.bodies[i]["parent"]]["name"].lower() in text_lower]
                    current = [i for i in (named or ids) if not (kb.bodies[i].get("valid") or "").startswith("-")]
                    ids = current or named or ids
                eid = ids[0]
                out.append(_Candidate(s, e, eid, kb.bodies[eid]["name"]))
        return out

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

    def _place_candidates(self, sylls, found) -> List[Tuple[int, int, str]]:
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
                        out.append((s, e, entries[0][1]))
        return out

    # -- the component --

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        sylls, found = self._match(text)
        if not found:
            return doc
        text_lower = text.lower()
        cands = self._body_candidates(sylls, found, text_lower) + self._local_candidates(sylls, found, text_lower)
        # longest first, then leftmost: the names kept do not overlap
        cands.sort(key=lambda c: (-(c.end - c.start), c.start))
        taken = [False] * len(sylls)
        orgs: List[_Candidate] = []
        for c in cands:
            if not any(taken[c.start:c.end]):
                orgs.append(c)
                for i in range(c.start, c.end):
                    taken[i] = True
        existing = list(doc.ents)
        ents: List[Span] = []
        linked_existing: Dict[Tuple[int, int], Span] = {}
        by_offsets = {(e.start_char, e.end_char): e for e in existing}
        for c in orgs:
            start_char, end_char = sylls[c.start][0], sylls[c.end - 1][1]
            old = by_offsets.get((start_char, end_char))
            if old is not None:
                if self.link_existing and old.label_ == "ORG" and not old.kb_id_:
                    linked_existing[(start_char, end_char)] = Span(doc, old.start, old.end, label="ORG", kb_id=c.kb_id)
                continue
            if not self.add_orgs or any(e.start_char < end_char and start_char < e.end_char for e in existing):
                continue
            span = doc.char_span(start_char, end_char, label="ORG", kb_id=c.kb_id, alignment_mode="strict")
            if span is not None:
                ents.append(span)
        if self.add_locs:
            placed = list(existing) + ents
            places = sorted(self._place_candidates(sylls, found), key=lambda p: (-(p[1] - p[0]), p[0]))
            for s, e, pid in places:
                if any(taken[s:e]):
                    continue  # part of a body's name (or of a longer place)
                start_char, end_char = sylls[s][0], sylls[e - 1][1]
                if any(x.start_char < end_char and start_char < x.end_char for x in placed):
                    continue
                span = doc.char_span(start_char, end_char, label="LOC", kb_id=pid, alignment_mode="strict")
                if span is not None:
                    ents.append(span)
                    placed.append(span)
                    for i in range(s, e):
                        taken[i] = True
        if ents or linked_existing:
            kept = [linked_existing.get((x.start_char, x.end_char), x) for x in existing]
            set_entities(doc, kept + ents)
        return doc


@Language.factory(
    "vnadmin_body_ruler",
    assigns=["doc.ents"],
    default_config={"add_orgs": True, "add_locs": True, "link_existing": True, "bare_districts": True,
                    "bodies_path": "", "local_bodies_path": "", "places_path": ""},
    default_score_weights={"ents_f": 1.0, "ents_p": 0.0, "ents_r": 0.0},
)
def make_body_ruler(nlp: Language, name: str, add_orgs: bool, add_locs: bool, link_existing: bool,
                    bare_districts: bool, bodies_path: str, local_bodies_path: str,
                    places_path: str) -> BodyRuler:
    """``bodies_path`` etc.: other data files (empty: the package's ``resources/``)."""
    return BodyRuler(name, add_orgs, add_locs, link_existing, bare_districts, bodies_path,
                     local_bodies_path, places_path)
