"""``patterns/_scan.py``: the fast rule finders give exactly what the plain patterns give.

Each pattern is tried only where it can start (``patterns/_scan.py``); these
tests compare that, match by match, with ``pattern.finditer`` over the whole
text, on the seed paragraphs and on variants of them that put numbers, lead
words and separators in unusual places. The finders' result is also checked
against the gold DOC_NUMBER/DATE annotations of the seeds, which the rules
reproduce exactly.
"""

import random
import re

import pytest

from vnadmin_nlp.patterns import find_rule_entities
from vnadmin_nlp.patterns import dates as date_patterns
from vnadmin_nlp.patterns import doc_numbers as code_patterns
from vnadmin_nlp.patterns import orgs as org_patterns
from vnadmin_nlp.patterns._scan import LeadTable, matches_at, start_digits

#: Pieces that the rules care about, spliced into seed text to make hard cases.
PIECES = [
    "0", "1", "2", "5", "12", "31", "2021", "1999", "2025", "348a", "٣", "/", "-", " - ", "- ", " -",
    "–", ".", ",", ", ", " ", "  ", "\n", ":", "(", ")", "_", "x", "Đ", "số ", "Số: ", "ngày ", "Ngày ",
    "tháng ", "Tháng ", "năm ", "Năm ", "NĂM ", "quý ", "Quý ", "III", "IV", "Luật ", "Luật Đất đai ",
    "giai đoạn ", "Giai đoạn ", "Nhiệm kỳ ", "nhiệm kỳ ", " và ", "NQ", "TW", "QĐ-UBND", "NĐ-CP",
    "Quyết định ", "Kế hoạch ", "Nghị quyết số ", "%", " người", " lần", "Ban ", "Sở ", "UBND tỉnh ",
    "Tỉnh ủy ", " viên", "Hội nghị ", "Ủy ban nhân dân ",
]


def _texts(records):
    for record in records:
        for paragraph in record["paragraphs"] + record.get("footnotes", []):
            yield paragraph["text"]


@pytest.fixture(scope="module")
def seed_texts(seed_records):
    return list(_texts(seed_records))


@pytest.fixture(scope="module")
def hard_texts(seed_texts):
    """Seed paragraphs, slices of them with pieces spliced in, and strings of pieces."""
    rng = random.Random(6)
    texts = list(seed_texts)
    for _ in range(1500):
        text = rng.choice(seed_texts)
        at = rng.randrange(len(text) + 1)
        text = text[max(0, at - 50):at + 50]
        for _ in range(rng.randrange(1, 5)):
            cut = rng.randrange(len(text) + 1)
            text = text[:cut] + rng.choice(PIECES) + text[cut + rng.randrange(2):]
        texts.append(text)
    for _ in range(1500):
        texts.append("".join(rng.choice(PIECES) for _ in range(rng.randrange(1, 16))))
    return texts


def _plain(pattern, text):
    return [(m.span(), m.groups()) for m in pattern.finditer(text)]


def _seen(matches):
    return [(m.span(), m.groups()) for m in matches]


def test_rule_entities_equal_the_gold_seeds(seed_records):
    """DOC_NUMBER and DATE of every seed paragraph and footnote, with values, as annotated."""
    checked = 0
    for record in seed_records:
        for paragraph in record["paragraphs"] + record.get("footnotes", []):
            gold = sorted((e[0], e[1], e[2], e[3] if len(e) > 3 else None)
                          for e in paragraph["entities"] if e[2] in ("DOC_NUMBER", "DATE"))
            assert find_rule_entities(paragraph["text"]) == gold, (record["id"], paragraph["text"][:80])
            checked += bool(gold)
    assert checked > 50  # most seed paragraphs have codes or dates to compare


def test_date_rules_match_where_finditer_does(hard_texts):
    found = 0
    for text in hard_texts:
        for (pattern, *_rest), matches in zip(date_patterns._RULES, date_patterns._rule_matches(text)):
            assert _seen(matches) == _plain(pattern, text), (pattern.pattern, text)
            found += len(matches)
    assert found > 200  # the texts exercise the rules


def test_code_patterns_match_where_finditer_does(hard_texts):
    patterns = code_patterns.CODE_PATTERNS + (code_patterns.ALIAS,)
    found = 0
    for text in hard_texts:
        for pattern, matches in zip(patterns, code_patterns._pattern_matches(text)):
            assert _seen(matches) == _plain(pattern, text), (pattern.pattern, text)
            found += len(matches)
    assert found > 200


def test_start_digits_are_the_digits_that_open_a_number(hard_texts):
    opening = re.compile(r"(?<![\w/.\-])\d")
    for text in hard_texts:
        assert list(start_digits(text)) == [m.start() for m in opening.finditer(text)]


def test_matches_at_is_finditer_given_every_start():
    pattern = re.compile(r"(?<!\d)\d+-\d+")
    text = "1-2-3 45-6 7-"
    every = range(len(text) + 1)
    assert _seen(matches_at(pattern, text, every)) == _plain(pattern, text)


def test_lead_table_finds_leads_before_digits_only():
    table = LeadTable({"day": ("ngày ", "Ngày "), "year": ("năm ",)})
    text = "Ngày 5, ngày mai, năm 2020 và (ngày 7"
    assert table.starts(text, start_digits(text)) == {"day": [0, 31], "year": [18]}
    with pytest.raises(ValueError):
        LeadTable({"bad": ("ngày",)})


def test_head_starts_are_every_offset_where_a_head_matches(hard_texts):
    for text in hard_texts[:400]:
        expected = [i for i in range(len(text)) if org_patterns._HEAD_RE.match(text, i)]
        assert org_patterns._head_starts(text) == expected


def test_org_candidates_from_word_pairs_and_from_bounds_agree(seed_texts):
    words_of = re.compile(r"\S+")
    found = 0
    for text in seed_texts:
        words = [m.span() for m in words_of.finditer(text)]
        bounds = ([s for s, _ in words], [e for _, e in words])
        via_pairs = org_patterns.find_org_candidates(text, words)
        assert via_pairs == org_patterns.find_org_candidates(text, lambda: words)
        assert via_pairs == org_patterns.find_org_candidates_in_words(text, lambda: bounds)
        found += len(via_pairs)
    assert found > 100
