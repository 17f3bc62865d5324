"""Each vocabulary (document kinds, heading cues, list markers, body types and abbreviations) is
defined once, in ``vnadmin_nlp/resources/``, and the resource files are well-formed.

The duplicate check reads the package's sources (and the pool survey script, which uses the same
vocabulary) with ``ast``: a list, tuple, set or dict literal, or a regex alternation in a string,
that holds three entries or more of one vocabulary is a copy of it; so is a regex character class
with the bullet "•" and two more, or all of the short Roman numerals. Modules build their patterns from the
resource loader instead.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path
from typing import Dict, Iterator, List, Set, Tuple

import pytest

from vnadmin_nlp import resources

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "vnadmin_nlp"
SCANNED = sorted(p for p in PACKAGE.rglob("*.py") if "resources" not in p.relative_to(PACKAGE).parts[:1]) + [
    REPO / "scripts" / "pool_survey.py"]

#: Copies that other owners still have to replace with the loader, by file and vocabulary. Each
#: must still be found (so that this list shrinks as they are wired).
PENDING: Dict[str, Set[str]] = {}

#: How many entries of one vocabulary make a copy of it.
THRESHOLD = 3


#: The roles of body_types.json's words that make the body types and abbreviations vocabulary
#: (its titles and actors are there for the sentence openers; people's titles are person_cues.json's).
BODY_ROLES = {"head", "name_word", "abbreviation"}


def _vocabularies() -> Dict[str, Set[str]]:
    kinds = resources.load_resource("document_kinds")["title_words"]
    bodies = resources.load_resource("body_types")["words"]
    return {
        "document kinds": {entry["word"].lower() for entry in kinds},
        "heading cues": {cue["phrase"] for cue in resources.load_resource("heading_cues")["cues"]},
        "body types": {entry["word"].lower() for entry in bodies if entry["role"] in BODY_ROLES},
    }


_REGEX_SYNTAX = re.compile(r"\(\?(?:P<\w+>|[:=!]|<[=!])|\\[bBsSdDwW]|[()^$?*+]|\{\d*,?\d*\}")


def _alternatives(pattern: str) -> Set[str]:
    """The literal words of a regex alternation ("^(?:Bộ|Sở|Ban)\\b" -> bộ, sở, ban)."""
    return {_REGEX_SYNTAX.sub("", part).replace("\\", "").strip().lower() for part in pattern.split("|")}


def _strings(node: ast.AST) -> Iterator[str]:
    for child in ast.walk(node):
        if isinstance(child, ast.Constant) and isinstance(child.value, str):
            yield child.value


def _char_classes(text: str) -> Iterator[str]:
    """The members of each regex character class in ``text`` (escapes undone)."""
    for match in re.finditer(r"\[((?:\\.|[^\]\\])*)\]", text):
        yield re.sub(r"\\(.)", r"\1", match.group(1))


def _copies(path: Path, vocabularies: Dict[str, Set[str]]) -> List[Tuple[int, str, List[str]]]:
    """``(line, vocabulary, entries found)`` for each literal of ``path`` that copies a vocabulary."""
    found = []
    bullets = {entry["mark"] for entry in resources.load_resource("list_markers")["bullets"]}
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    for node in ast.walk(tree):
        if isinstance(node, (ast.List, ast.Tuple, ast.Set, ast.Dict)):
            items = {s.strip().lower() for s in _strings(node)}
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            items = _alternatives(node.value) if "|" in node.value else set()
            for members in _char_classes(node.value):
                # A class of bullets holds the bullet proper (a rule line's class "[-–—_=*.]" does not).
                marks = sorted(set(members) & bullets)
                if "•" in marks and len(marks) >= THRESHOLD or {"I", "V", "X"} <= set(members):
                    found.append((node.lineno, "list markers", marks or ["I", "V", "X"]))
        else:
            continue
        for name, words in vocabularies.items():
            hits = sorted(items & words)
            if len(hits) >= THRESHOLD:
                found.append((node.lineno, name, hits))
    return found


def test_each_vocabulary_is_defined_once():
    vocabularies = _vocabularies()
    copies, pending_seen = [], set()
    for path in SCANNED:
        rel = path.relative_to(REPO).as_posix()
        for line, name, hits in _copies(path, vocabularies):
            if name in PENDING.get(rel, ()):
                pending_seen.add((rel, name))
            else:
                copies.append(f"{rel}:{line}: a copy of the {name} ({', '.join(hits[:6])})")
    assert not copies, "read these from vnadmin_nlp/resources/ instead:\n" + "\n".join(copies)
    stale = {(rel, name) for rel, names in PENDING.items() for name in names} - pending_seen
    assert not stale, f"no longer copied, remove from PENDING: {sorted(stale)}"


def test_the_scan_finds_a_copy(tmp_path):
    # The check itself: the literals that the modules held before the vocabulary became data.
    source = tmp_path / "old.py"
    source.write_text(
        'CUES = (("nguyên nhân", "cause"), ("hạn chế", "limitation"), ("kết quả", "result"))\n'
        'OPENER = r"^(?:Các )?(?:Bộ|Sở|Ban|UBND)\\b"\n'
        'TYPES = ("KẾT LUẬN", "BÁO CÁO", "NGHỊ QUYẾT")\n'
        'MARKER = r"^(?:[\\dIVX]+\\s*[.\\-)]\\s*|[-+•]\\s*)"\n', encoding="utf-8")
    names = {name for _, name, _ in _copies(source, _vocabularies())}
    assert names == {"heading cues", "body types", "document kinds", "list markers"}


# ---------------------------------------------------------------- well-formed resources
def _json(name: str):
    return json.loads((resources.RESOURCES_DIR / f"{name}.json").read_text(encoding="utf-8"))


def _consumers(entries) -> Set[str]:
    return {consumer for entry in entries for consumer in entry["used_by"]}


def test_every_resource_file_loads_and_is_described():
    readme = (resources.RESOURCES_DIR / "README.md").read_text(encoding="utf-8")
    for path in sorted(resources.RESOURCES_DIR.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data, path.name
        assert f"`{path.name}`" in readme, f"{path.name} is not described in resources/README.md"
    for path in sorted(resources.RESOURCES_DIR.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            assert isinstance(json.loads(line), dict)
        assert f"`{path.name}`" in readme, f"{path.name} is not described in resources/README.md"


def test_document_kinds_are_well_formed():
    data = _json("document_kinds")
    kinds = [entry["kind"] for entry in data["kinds"]]
    assert len(kinds) == len(set(kinds))
    for entry in data["kinds"]:
        assert set(entry) == {"kind", "name", "codes"} and entry["codes"]
    words = [entry["word"] for entry in data["title_words"]]
    assert len(words) == len(set(words)), "a title word is listed twice"
    for entry in data["title_words"]:
        assert set(entry) == {"word", "kind", "used_by"}
        assert entry["kind"] is None or entry["kind"] in kinds
        assert entry["word"] == entry["word"].strip()
    # document_type returns the first word that opens the title: none may open another.
    types = resources.title_words("document_type")
    assert not [(a, b) for a in types for b in types if a != b and b.startswith(a + " ")]


def test_heading_cues_are_well_formed():
    from vnadmin_nlp.labels import PARAGRAPH_LABELS

    cues = _json("heading_cues")["cues"]
    phrases = [cue["phrase"] for cue in cues]
    assert len(phrases) == len(set(phrases))
    for cue in cues:
        assert cue["phrase"] == cue["phrase"].lower().strip(), "phrases are matched in lower case"
        assert cue["label"] in PARAGRAPH_LABELS
        assert ("rule_priority" in cue) == ("paragraph_rules" in cue["used_by"])
    priorities = [cue["rule_priority"] for cue in cues if "rule_priority" in cue]
    assert sorted(priorities) == list(range(1, len(priorities) + 1))


def test_list_markers_are_well_formed():
    data = _json("list_markers")
    for group in ("bullets", "number_closers"):
        marks = [entry["mark"] for entry in data[group]]
        assert len(marks) == len(set(marks)) and all(len(mark) == 1 for mark in marks)
    assert resources.roman_values() == {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    letters = data["item_letters"]
    assert re.fullmatch("[%s]+" % letters["range"], letters["sequence"])
    for consumer in ("paragraph_rules", "paragraph_classifier"):
        pattern = re.compile(resources.opening_marker_pattern(consumer))
        assert pattern.match("II. Nhiệm vụ").group() == "II. "
        assert pattern.match("a) Sở Y tế").group() == "a) "
        assert pattern.match("- Ban hành").group() == "- "


def test_body_types_are_well_formed():
    data = _json("body_types")
    words = [entry["word"] for entry in data["words"]]
    assert len(words) == len(set(words)), "a word is listed twice"
    roles = {"head", "name_word", "abbreviation", "title", "actor"}
    for entry in data["words"]:
        assert entry["role"] in roles, entry
        assert entry["used_by"], entry
        assert ("stands_for" in entry) == (entry["role"] == "abbreviation"), entry
        if "variant_of" in entry:
            assert entry["variant_of"] in words
    assert len({entry["word"] for entry in data["levels"]}) == len(data["levels"])
    assert len(set(data["not_names"])) == len(data["not_names"])


def test_a_misspelt_consumer_is_an_error():
    with pytest.raises(ValueError, match="no_such_consumer"):
        resources.title_words("no_such_consumer")
    with pytest.raises(ValueError, match="no_such_consumer"):
        resources.body_words("no_such_consumer")


def test_consumers_read_the_resources():
    """The modules' constants are the resource parts they name (what each consumer uses)."""
    from vnadmin_nlp import tokenizer
    from vnadmin_nlp.components import paragraph_classifier, paragraph_rules
    from vnadmin_nlp.io import document, layout
    from vnadmin_nlp.patterns import doc_numbers, orgs

    assert document.DOCUMENT_TYPES == resources.title_words("document_type")
    assert layout.DOC_TYPE_WORDS == resources.title_words("title_line")
    assert doc_numbers.DOC_TYPE_WORDS == tuple(w.capitalize() for w in resources.title_words("citation")) + tuple(
        w.lower() for w in resources.title_words("citation_lower_case"))
    assert set(resources.title_words("citation_lower_case")) <= set(resources.title_words("citation"))
    assert paragraph_rules.SECTION_CUES == resources.heading_cues("paragraph_rules", by_priority=True)
    assert paragraph_classifier.HEADING_CUES == resources.heading_cues("paragraph_classifier")
    assert orgs.STANDALONE_HEADS == resources.body_words("org_standalone")
    assert tokenizer.DEFAULT_FIXED_WORDS == resources.body_words("tokenizer_word") + resources.body_words(
        "tokenizer_head")
    # The documented differences between consumers: the rule baseline reads fewer heading cues, in
    # its own order (a heading with "kết quả" and "nhiệm vụ" is a task heading for it).
    assert set(paragraph_rules.SECTION_CUES) < set(paragraph_classifier.HEADING_CUES)
    assert document.document_kind("CHƯƠNG TRÌNH HÀNH ĐỘNG thực hiện ...") == "plan"
    assert document.document_type("CHƯƠNG TRÌNH HÀNH ĐỘNG thực hiện ...") == "chương trình"
    assert document.document_type("LUẬT ĐẤT ĐAI") == "" and document.document_kind("LUẬT ĐẤT ĐAI") == "legal"
