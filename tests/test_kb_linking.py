"""data/kb_links/test.jsonl: the knowledge-base entry named by every gold ORG span of the set-aside
test split (rules: data/annotated/GUIDELINES.md §4, "Linking bodies to the knowledge base"), and the
helpers of scripts/kb_linking.py that score the pipeline against it."""

import json
import re
from collections import Counter

import pytest

from vnadmin_nlp.components.body_ruler import slug
from vnadmin_nlp.io.jsonl import iter_jsonl
from vnadmin_nlp.resources import RESOURCES_DIR

from .conftest import GOLD_DIR, REPO, tokenizer_and

LINKS = REPO / "data" / "kb_links" / "test.jsonl"
TEST_DIR = GOLD_DIR / "test"
KEYS = {"doc", "para", "start", "end", "text", "kb_id", "note"}
LOCAL_RE = re.compile(r"^local:([a-z0-9-]+(?:\+[a-z0-9-]+)*)((?:/[a-z0-9-]+){0,2})$")
#: a level word's slug -> the place types it may stand before
LEVEL_TYPES = {"tinh": {"tỉnh"}, "thanh-pho": {"thành phố"}, "huyen": {"huyện"}, "quan": {"quận"},
               "thi-xa": {"thị xã"}, "xa": {"xã"}, "phuong": {"phường"}, "thi-tran": {"thị trấn"},
               "dac-khu": {"đặc khu"}}


@pytest.fixture(scope="module")
def links():
    with LINKS.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


@pytest.fixture(scope="module")
def test_records():
    """The set-aside test records as stored (standoff: offsets without their text; no corpus needed)."""
    records = {}
    for path in sorted(TEST_DIR.glob("*.jsonl")):
        for _, record in iter_jsonl(path):
            records[record["id"]] = record
    assert records, "no set-aside test records"
    return records


@pytest.fixture(scope="module")
def kb():
    bodies = {}
    with (RESOURCES_DIR / "bodies.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                entry = json.loads(line)
                bodies[entry["id"]] = entry
    local = json.loads((RESOURCES_DIR / "local_bodies.json").read_text(encoding="utf-8"))
    places = json.loads((RESOURCES_DIR / "places.json").read_text(encoding="utf-8"))
    local_bodies = {b["id"]: b for b in local["bodies"]}
    local_bodies.update({did: {"id": did, "name": name, "kind": "department"}
                         for did, name, _ in local["departments"]})
    prefixes = {pid: {"name": name, "kinds": set(kinds)} for pid, name, _, kinds in local["prefixes"]}
    # place slug -> {(type, name)}
    place_types = {}
    for p in places["provinces"]:
        place_types.setdefault(slug(p["name"]), set()).add((p["type"], p["name"]))
    for d in places["districts"]:
        place_types.setdefault(slug(d["name"]), set()).add((d["type"], d["name"]))
    for types in places["communes"].values():
        for kind, names in types.items():
            for name in names:
                place_types.setdefault(slug(name), set()).add((kind, name))
    return {"bodies": bodies, "local": local_bodies, "prefixes": prefixes, "places": place_types}


def _gold_org_spans(records):
    spans = Counter()
    for rid, record in records.items():
        for i, para in enumerate(record["paragraphs"]):
            for ent in para.get("entities", []):
                if ent[2] == "ORG":
                    spans[(rid, i, ent[0], ent[1])] += 1
        for ent in (e for note in record.get("footnotes", []) for e in note.get("entities", [])):
            if ent[2] == "ORG":
                pytest.fail("%s: an ORG in a footnote; the links file has no key for footnotes yet" % rid)
    return spans


def test_every_line_has_the_fields_of_a_link(links):
    assert links
    for n, link in enumerate(links, start=1):
        assert set(link) <= KEYS and set(link) >= KEYS - {"note"}, (n, sorted(link))
        assert isinstance(link["doc"], str) and link["doc"], n
        for key in ("para", "start", "end"):
            assert isinstance(link[key], int) and not isinstance(link[key], bool), (n, key)
        assert 0 <= link["start"] < link["end"], n
        assert isinstance(link["text"], str) and link["text"], n
        assert link["kb_id"] is None or (isinstance(link["kb_id"], str) and link["kb_id"]), n
        assert isinstance(link.get("note", ""), str), n


def test_every_line_is_a_gold_org_span_of_the_test_split(links, test_records):
    for link in links:
        record = test_records.get(link["doc"])
        assert record is not None, "%s is not a set-aside test document" % link["doc"]
        assert 0 <= link["para"] < len(record["paragraphs"]), link
        ents = [tuple(e[:3]) for e in record["paragraphs"][link["para"]].get("entities", [])]
        assert (link["start"], link["end"], "ORG") in ents, "not a gold ORG span: %r" % link


def test_every_gold_org_span_of_the_test_split_has_exactly_one_line(links, test_records):
    gold = _gold_org_spans(test_records)
    lines = Counter((link["doc"], link["para"], link["start"], link["end"]) for link in links)
    assert [k for k, n in lines.items() if n > 1] == []
    assert sorted(set(gold) - set(lines)) == [], "gold ORG spans without a link line"
    assert sorted(set(lines) - set(gold)) == []


def test_each_line_keeps_the_text_of_its_span(links, test_records):
    from vnadmin_nlp.io.jsonl import read_gold

    resolved = {r["id"]: r for r in read_gold([TEST_DIR], include_set_aside=True)}
    if set(resolved) != set(test_records):
        pytest.skip("the test documents' texts are not all available (../shared/corpus)")
    for link in links:
        text = resolved[link["doc"]]["paragraphs"][link["para"]]["text"]
        assert text[link["start"]:link["end"]] == link["text"], link


def test_a_null_link_says_why(links):
    nulls = [link for link in links if link["kb_id"] is None]
    assert nulls, "the test split names bodies the knowledge base lacks"
    assert [link for link in nulls if not link.get("note", "").strip()] == []


def test_central_ids_are_entries_of_bodies_jsonl(links, kb):
    central = {link["kb_id"] for link in links if link["kb_id"] and not link["kb_id"].startswith("local:")}
    assert central
    assert sorted(central - set(kb["bodies"])) == []


def test_local_ids_are_well_formed_canonical_and_made_of_known_parts(links, kb):
    local_ids = {link["kb_id"] for link in links if (link["kb_id"] or "").startswith("local:")}
    assert local_ids
    problems = []
    for kb_id in sorted(local_ids):
        m = LOCAL_RE.match(kb_id)
        if not m:
            problems.append((kb_id, "not local:<prefix+...+body>[/<level>][/<place>]"))
            continue
        *prefix_ids, body_id = m.group(1).split("+")
        body = kb["local"].get(body_id)
        if body is None:
            problems.append((kb_id, "no local body or Sở %r" % body_id))
            continue
        for pid in prefix_ids:
            if pid not in kb["prefixes"]:
                problems.append((kb_id, "no prefix %r" % pid))
            elif body.get("kind") not in kb["prefixes"][pid]["kinds"]:
                problems.append((kb_id, "prefix %r does not go with a %s" % (pid, body.get("kind"))))
        parts = [p for p in m.group(2).split("/") if p]
        level = parts[0] if parts and parts[0] in LEVEL_TYPES else None
        place = parts[-1] if parts and parts[-1] not in LEVEL_TYPES else None
        if len(parts) == 2 and not (level and place):
            problems.append((kb_id, "two parts after the body must be a level word and a place"))
            continue
        if place is None:
            continue
        types = kb["places"].get(place)
        if not types:
            problems.append((kb_id, "no place %r in places.json" % place))
        elif body.get("place_direct"):
            if level:  # "Tỉnh ủy Gia Lai", not "Tỉnh ủy tỉnh Gia Lai"
                problems.append((kb_id, "a body named directly with its place takes no level word"))
        elif level is None:
            problems.append((kb_id, "the canonical id has the place's level word"))
        elif not {t for t, _ in types} & LEVEL_TYPES[level]:
            problems.append((kb_id, "%r is no %s" % (place, level)))
    assert problems == []


def test_local_ids_with_a_place_are_what_the_ruler_gives_the_full_name():
    """Each one body's id is the one the knowledge base gives the body's full official name, so that
    the gold spells ids as the ruler does when a text names the body in full."""
    nlp = tokenizer_and("vnadmin_body_ruler")
    ruler = nlp.get_pipe("vnadmin_body_ruler")
    local = json.loads((RESOURCES_DIR / "local_bodies.json").read_text(encoding="utf-8"))
    names = {b["id"]: b["name"] for b in local["bodies"]}
    names.update({did: name for did, name, _, in local["departments"]})
    prefixes = {pid: name for pid, name, _, _ in local["prefixes"]}
    levels = {"tinh": "tỉnh", "thanh-pho": "thành phố", "huyen": "huyện", "quan": "quận", "thi-xa": "thị xã",
              "xa": "xã", "phuong": "phường", "thi-tran": "thị trấn"}
    with LINKS.open(encoding="utf-8") as handle:
        ids = {json.loads(line)["kb_id"] for line in handle if line.strip()}
    checked = 0
    for kb_id in sorted(i for i in ids if (i or "").startswith("local:")):
        head, *rest = kb_id[len("local:"):].split("/")
        if not rest or rest[-1] in levels:
            continue  # no place: a generic id
        *prefix_ids, body_id = head.split("+")
        place = ruler.kb.place_names[next(pid for pid in ruler.kb.place_names
                                          if pid.split(":")[0] in ("province", "district")
                                          and pid.endswith(":" + rest[-1]))]
        name = " ".join([prefixes[p] for p in prefix_ids] + [names[body_id]]
                        + ([levels[rest[0]]] if len(rest) == 2 else []) + [place])
        doc = nlp(name)
        assert [(e.text, e.kb_id_) for e in doc.ents] == [(name, kb_id)], name
        checked += 1
    assert checked >= 20


def test_scoring_helpers_tell_a_missing_place_from_another_body():
    from scripts.kb_linking import place_left_out, split_local_id, without_level

    assert split_local_id("local:thuong-truc+hdnd/tinh/gia-lai") == (["thuong-truc", "hdnd"], "tinh",
                                                                     "gia-lai")
    assert split_local_id("local:thanh-uy/ha-noi") == (["thanh-uy"], None, "ha-noi")
    assert split_local_id("local:ubnd/tinh") == (["ubnd"], "tinh", None)
    assert split_local_id("bo-tai-chinh") is None
    assert place_left_out("local:hdnd", "local:hdnd/tinh/gia-lai")
    assert place_left_out("local:hdnd/tinh", "local:hdnd/tinh/gia-lai")
    assert not place_left_out("local:hdnd/huyen", "local:hdnd/tinh/gia-lai")
    assert not place_left_out("local:ubnd", "local:hdnd/tinh/gia-lai")
    assert not place_left_out("local:hdnd/tinh/ha-giang", "local:hdnd/tinh/gia-lai")
    assert not place_left_out("local:hdnd", "local:hdnd")
    assert without_level("local:ubnd/thanh-pho/ho-chi-minh") == without_level("local:ubnd/ho-chi-minh")
    assert without_level("local:ubnd/tinh/gia-lai") != without_level("local:ubnd/tinh/ha-giang")
