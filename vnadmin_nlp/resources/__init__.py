"""Vocabulary kept as data (medspacy's ``resources/`` style), read once per process.

Each JSON file here holds one vocabulary the library needs (README.md in this folder
describes every file, its fields, who reads it and how to extend it); modules read it
through the functions below instead of keeping their own copy.

Where consumers of one vocabulary use different parts of it, an entry names them in its
``used_by`` field and each consumer asks for its own part: their differences are part of
the tested behaviour, so they are kept, and written down, rather than harmonized.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Dict, Iterable, Optional, Tuple

RESOURCES_DIR = Path(__file__).resolve().parent


@lru_cache(maxsize=None)
def load_resource(name: str):
    """The parsed content of ``resources/<name>.json`` (cached: one read per process)."""
    path = RESOURCES_DIR / f"{name}.json"
    return json.loads(path.read_text(encoding="utf-8"))


def _used_by(entries: Iterable[dict], consumer: str, field: str, where: str) -> Tuple:
    """``entry[field]`` of the entries that ``consumer`` uses, in file order."""
    chosen = tuple(entry[field] for entry in entries if consumer in entry["used_by"])
    if not chosen:
        # A consumer always uses something: an empty part is a misspelt consumer name.
        raise ValueError(f"no entry of {where} is used by {consumer!r}")
    return chosen


# ---------------------------------------------------------------- document kinds
def document_kinds() -> list:
    """The kinds of document, in matching order (see ``document_kinds.json``)."""
    return load_resource("document_kinds")["kinds"]


@lru_cache(maxsize=None)
def title_words(consumer: str) -> Tuple[str, ...]:
    """The title words (capitals, as printed) that ``consumer`` uses, in file order."""
    return _used_by(load_resource("document_kinds")["title_words"], consumer, "word", "document_kinds.title_words")


@lru_cache(maxsize=None)
def title_word_kinds(consumer: str) -> Tuple[Tuple[str, Optional[str]], ...]:
    """``(word, kind)`` of the title words ``consumer`` uses, in file order (kind None: none)."""
    kinds = {entry["word"]: entry["kind"] for entry in load_resource("document_kinds")["title_words"]}
    return tuple((word, kinds[word]) for word in title_words(consumer))


@lru_cache(maxsize=None)
def kind_title_words() -> Tuple[Tuple[str, Tuple[str, ...]], ...]:
    """``(kind, its title words)`` for every kind, in matching order (``document_kind``)."""
    words = load_resource("document_kinds")["title_words"]
    return tuple((entry["kind"], tuple(w["word"] for w in words if w["kind"] == entry["kind"]))
                 for entry in document_kinds())


def sentence_case(word: str) -> str:
    """A capitals title word as it is written inside a sentence ("NGHỊ QUYẾT" -> "Nghị quyết")."""
    return word.capitalize()


# ---------------------------------------------------------------- heading cues
@lru_cache(maxsize=None)
def heading_cues(consumer: str, by_priority: bool = False) -> Tuple[Tuple[str, str], ...]:
    """``(phrase, label)`` of the heading cues ``consumer`` uses: in file order, or (``by_priority``,
    for a consumer that takes the first cue found) in the order of their ``rule_priority``."""
    cues = load_resource("heading_cues")["cues"]
    if by_priority:
        cues = sorted((c for c in cues if consumer in c["used_by"]), key=lambda c: c["rule_priority"])
    pairs = _used_by(cues, consumer, "phrase", "heading_cues")
    labels = {c["phrase"]: c["label"] for c in cues}
    return tuple((phrase, labels[phrase]) for phrase in pairs)


# ---------------------------------------------------------------- list markers
@lru_cache(maxsize=None)
def marker_chars(group: str, consumer: str) -> str:
    """The marks of ``group`` (``bullets``, ``number_closers``; ``roman_numerals`` gives the
    numerals) that ``consumer`` uses, joined, in file order."""
    entries = load_resource("list_markers")[group]
    field = "numeral" if group == "roman_numerals" else "mark"
    return "".join(_used_by(entries, consumer, field, f"list_markers.{group}"))


@lru_cache(maxsize=None)
def roman_values() -> Dict[str, int]:
    """Value of each Roman numeral letter ("I": 1, ... "C": 100)."""
    return {entry["numeral"]: entry["value"] for entry in load_resource("list_markers")["roman_numerals"]}


def item_letters() -> Dict[str, str]:
    """The letters of lettered items: ``range`` (for a regex class) and ``sequence`` (their order)."""
    return load_resource("list_markers")["item_letters"]


def char_class(chars: str) -> str:
    """The inside of a regex character class holding exactly ``chars`` (``[%s]``)."""
    return "".join(re.escape(c) for c in chars)


@lru_cache(maxsize=None)
def opening_marker_pattern(consumer: str) -> str:
    """Regex source of the list marker that opens a paragraph, with the space after it ("1. ",
    "II- ", "1.2) ", "a) ", "- "), from the marks ``consumer`` uses (the paragraph labelers strip it)."""
    return r"^(?:[\d%s]+(?:\.\d+)*\s*[%s]\s*|[%s]\)\s*|[%s]\s*)" % (
        char_class(marker_chars("roman_numerals", consumer)), char_class(marker_chars("number_closers", consumer)),
        item_letters()["range"], char_class(marker_chars("bullets", consumer)))


# ---------------------------------------------------------------- body types
@lru_cache(maxsize=None)
def body_words(consumer: str) -> Tuple[str, ...]:
    """The words of body names (heads, name words, abbreviations, titles ...) that ``consumer``
    uses, in file order (the tokenizer's fixed words depend on it)."""
    return _used_by(load_resource("body_types")["words"], consumer, "word", "body_types.words")


@lru_cache(maxsize=None)
def level_words(consumer: str) -> Tuple[str, ...]:
    """The administrative levels (tỉnh, huyện, xã ...) that ``consumer`` uses, in file order."""
    return _used_by(load_resource("body_types")["levels"], consumer, "word", "body_types.levels")


@lru_cache(maxsize=None)
def level_abbreviations() -> Dict[str, str]:
    """Each level as newspapers abbreviate it, with its period, and the level in full ("Q.": "quận")."""
    return {entry["word"]: entry["full"] for entry in load_resource("body_types")["levels"] if "full" in entry}


def not_name_words() -> Tuple[str, ...]:
    """Capitalised words that start like a body's head but are ordinary words ("Hội nghị")."""
    return tuple(load_resource("body_types")["not_names"])


def every_words() -> Tuple[str, ...]:
    """Words before a body that make it every body of its kind ("các Sở", "mỗi xã")."""
    return tuple(load_resource("body_types")["every"])


# ---------------------------------------------------------------- place names
@lru_cache(maxsize=None)
def place_names() -> Tuple[str, ...]:
    """Names of places as written in a sentence, from ``places.json``: provinces (old and new)
    and their aliases, districts (without the "(Huyện)" that tells apart two of one name),
    regions and countries with their aliases; sorted, each once. The tokenizer keeps the
    capitalized ones of two syllables or more whole (``tokenizer._name_trie``)."""
    places = load_resource("places")
    names = []
    for entry in places["provinces"] + places["countries"]:
        names.append(entry["name"])
        names.extend(entry.get("aliases", ()))
    names.extend(re.sub(r"\s*\(.*\)$", "", entry["name"]) for entry in places["districts"])
    names.extend(places["regions"])
    return tuple(sorted(set(names)))
