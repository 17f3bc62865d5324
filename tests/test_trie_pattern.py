"""patterns.trie: a trie-shaped pattern finds what the longest-first alternation finds."""

import re

from vnadmin_nlp.patterns.trie import trie_pattern
from vnadmin_nlp.resources import load_resource

TEXT = ("Phó Thủ tướng Chính phủ Trần Hồng Hà chủ trì; đồng chí Nguyễn Văn A, Bộ trưởng Bộ Tài chính, "
        "ông Lê Văn B và bà Phạm Thị C cùng dự. Thủ tướng yêu cầu Bộ trưởng các bộ báo cáo.")


def test_trie_matches_the_longest_first_alternation_on_real_titles():
    titles = sorted({t.lower() for t in load_resource("person_cues")["titles"]}, key=len, reverse=True)
    plain = re.compile(r"(?<![^\W_])(" + "|".join(map(re.escape, titles)) + r")[ \t]+(?=[^\W\d_])")
    trie = re.compile(r"(?<![^\W_])(" + trie_pattern(titles) + r")[ \t]+(?=[^\W\d_])")
    low = TEXT.lower()
    found = [m.span(1) for m in trie.finditer(low)]
    assert found == [m.span(1) for m in plain.finditer(low)]
    assert found[0] == (0, len("phó thủ tướng chính phủ"))  # the longest title, not "phó"


def test_trie_pattern_prefers_the_longer_word_and_escapes():
    pattern = re.compile(trie_pattern(["bộ", "bộ trưởng", "t.ư", "a+b"]))
    assert pattern.match("bộ trưởng bộ").group() == "bộ trưởng"
    assert pattern.match("bộ y tế").group() == "bộ"
    assert pattern.fullmatch("t.ư") and not pattern.fullmatch("txư")
    assert pattern.fullmatch("a+b")
    assert trie_pattern([]) == ""
