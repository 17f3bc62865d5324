"""``components/_spans.py``: the rule components' shortcuts set exactly what spaCy's own calls set."""

import pytest
from spacy.attrs import ENT_ID, ENT_IOB, ENT_KB_ID, ENT_TYPE
from spacy.tokens import Doc, Span
from spacy.util import filter_spans
from spacy.vocab import Vocab

from vnadmin_nlp.components._spans import (RULE_SPANS_KEY, _filter_spans, doc_text, remember_rule_spans,
                                            set_entities, word_bounds)
from vnadmin_nlp.doc_text import clear_caches

ENT_ATTRS = [ENT_IOB, ENT_TYPE, ENT_KB_ID, ENT_ID]


@pytest.fixture(scope="module")
def seed_docs(rule_nlp, seed_records):
    return [rule_nlp.make_doc(p["text"]) for r in seed_records for p in r["paragraphs"] + r["footnotes"]]


def _odd_doc():
    # Whitespace tokens, a token without trailing space, a line break.
    words = ["Ngày", "  ", "5", "/", "UBND", "\n", "tỉnh", "Bắc Giang"]
    return Doc(Vocab(), words=words, spaces=[True, False, False, False, True, False, True, False])


def test_doc_text_is_doc_text(seed_docs):
    clear_caches()
    docs = seed_docs + [_odd_doc(), Doc(Vocab(), words=[])]
    assert [doc_text(d) for d in docs] == [d.text for d in docs]
    # Built once per Doc, then remembered.
    assert [doc_text(d) for d in docs] == [d.text for d in docs]


def test_word_bounds_are_the_non_space_tokens(seed_docs):
    for doc in seed_docs + [_odd_doc(), Doc(Vocab(), words=[])]:
        words = [(t.idx, t.idx + len(t.text)) for t in doc if not t.is_space]
        starts, ends = word_bounds(doc)
        assert list(zip(starts, ends)) == words


def _states():
    """Docs in the entity states a component can meet: fresh, partly set, blocked, with ids."""
    vocab = Vocab()
    words = "Ngày 5 / 3 UBND tỉnh Bắc Giang họp Sở Y tế".split()
    fresh = Doc(vocab, words=words)
    partly = Doc(vocab, words=words)
    partly.set_ents([Span(partly, 4, 6, label="ORG")], default="unmodified")
    blocked = Doc(vocab, words=words)
    blocked.set_ents([Span(blocked, 9, 12, label="ORG")], blocked=[Span(blocked, 0, 2)], default="missing")
    with_ids = Doc(vocab, words=words)
    with_ids.set_ents([Span(with_ids, 4, 8, label="ORG", kb_id="Q1", span_id="x")])
    return [fresh, partly, blocked, with_ids]


@pytest.mark.parametrize("new", [[], [(1, 4, "DATE")], [(4, 6, "ORG"), (9, 12, "ORG")], [(0, 12, "X")]])
def test_set_entities_sets_what_doc_ents_sets(new):
    for index in range(len(_states())):
        ours, theirs = _states()[index], _states()[index]
        ents_ours = list(ours.ents) + [Span(ours, s, e, label=lab) for s, e, lab in new]
        ents_theirs = list(theirs.ents) + [Span(theirs, s, e, label=lab) for s, e, lab in new]
        ents_ours, ents_theirs = filter_spans(ents_ours), filter_spans(ents_theirs)
        set_entities(ours, ents_ours)
        theirs.ents = ents_theirs
        assert ours.to_array(ENT_ATTRS).tolist() == theirs.to_array(ENT_ATTRS).tolist(), (index, new)


def test_filter_spans_shortcut_agrees_with_spacy():
    doc = Doc(Vocab(), words="a b c d e f g".split())
    cases = [[(0, 2), (3, 4)], [(3, 4), (0, 2)], [(0, 3), (2, 5)], [(1, 2), (1, 2)], [(0, 7), (2, 3)], []]
    for case in cases:
        spans = [Span(doc, s, e, label="X") for s, e in case]
        assert _filter_spans(spans) == filter_spans(spans)


def test_rule_spans_group_exists_even_when_nothing_was_found():
    doc = Doc(Vocab(), words=["không", "có", "gì"])
    remember_rule_spans(doc, [])
    assert list(doc.spans[RULE_SPANS_KEY]) == []
    span = Span(doc, 0, 1, label="DATE")
    remember_rule_spans(doc, [span])
    remember_rule_spans(doc, [])
    assert list(doc.spans[RULE_SPANS_KEY]) == [span]


def test_rule_pipeline_entities_equal_the_gold_seeds(rule_nlp, seed_records):
    """Through the components (spans, values, merging): DOC_NUMBER/DATE exactly as annotated."""
    for record in seed_records:
        for paragraph in record["paragraphs"] + record["footnotes"]:
            doc = rule_nlp(paragraph["text"])
            # Gold holds DATE values only; a DOC_NUMBER's parts are checked in test_doc_number_parts.py.
            got = [(e.start_char, e.end_char, e.label_, e._.value if e.label_ == "DATE" else None)
                   for e in doc.ents if e.label_ in ("DOC_NUMBER", "DATE")]
            gold = sorted((e[0], e[1], e[2], e[3] if len(e) > 3 else None)
                          for e in paragraph["entities"] if e[2] in ("DOC_NUMBER", "DATE"))
            assert got == gold, (record["id"], paragraph["text"][:80])
            rule_spans = [(s.start_char, s.end_char, s.label_, s._.value if s.label_ == "DATE" else None)
                          for s in doc.spans[RULE_SPANS_KEY]]
            assert sorted(rule_spans) == gold
