"""A regular expression for a list of literal words, shaped as a trie.

Why: Python's ``re`` tries every alternative of ``a|b|c...`` at each position of the text;
with the alternatives merged by their common prefixes it tries each first character once.
For the 66 titles of ``resources/person_cues.json``, searched in every paragraph, that was
four times faster on the benchmark's pool sample (0.5 s -> 0.12 s over 22,865 paragraphs).
"""

import re
from typing import Dict, Iterable

_END = ""


def trie_pattern(words: Iterable[str]) -> str:
    """A pattern matching exactly the given words (escaped), the longest first where several
    start at the same place, as an alternation sorted longest-first would."""
    trie: Dict[str, dict] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[_END] = {}
    return _node_pattern(trie)


def _node_pattern(node: Dict[str, dict]) -> str:
    branches = [re.escape(ch) + _node_pattern(child) for ch, child in sorted(node.items()) if ch != _END]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if _END in node:  # a word ends here and longer ones go on: the rest is optional (greedy)
        return body + "?" if len(branches) == 1 and len(branches[0]) == 1 else "(?:" + body + ")?"
    return body

