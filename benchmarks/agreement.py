"""Word boundaries: how many of underthesea ``word_tokenize``'s words our tokenizer also has."""

from __future__ import annotations

import re
from typing import Dict, Iterable, List, Optional, Tuple


def _reference_spans(text: str, words: List[str]) -> Optional[List[Tuple[int, int]]]:
    """Character spans of underthesea's words in ``text``; None if they cannot be aligned."""
    spans = []
    cursor = 0
    for word in words:
        start = None
        for syllable in word.split(" "):
            found = text.find(syllable, cursor)
            if found < 0 or text[cursor:found].strip():
                return None
            start = found if start is None else start
            cursor = found + len(syllable)
        spans.append((start, cursor))
    return spans


def word_boundary_agreement(texts: Iterable[str], examples: int = 15) -> dict:
    """How many of underthesea ``word_tokenize``'s words our tokenizer also has.

    A reference word counts as agreeing when one of our words has exactly its
    span. Differences inside a document code or date (ours keeps them whole),
    or where a body name or abbreviation is kept whole (fixed words, forced
    name starts), are by design and counted apart.
    """
    from underthesea import word_tokenize

    from vnadmin_nlp.patterns import find_rule_entities
    from vnadmin_nlp.tokenizer import segment_words

    texts = list(texts)
    # Reference first: our tokenizer must not change underthesea's state.
    reference = [word_tokenize(t, use_token_normalize=False) for t in texts]
    total = agree = unaligned = 0
    by_design: Dict[str, int] = {}
    design_examples: Dict[str, List[str]] = {}
    other_examples: List[str] = []
    other = 0
    for text, ref_words in zip(texts, reference):
        ref = _reference_spans(text, ref_words)
        if ref is None:
            unaligned += 1
            continue
        ours = segment_words(text)
        our_set = set(ours)
        entities = [(s, e) for s, e, _l, _v in find_rule_entities(text)]
        for start, end in ref:
            total += 1
            if (start, end) in our_set:
                agree += 1
                continue
            reason = _by_design_reason(text, start, end, entities, ours)
            if reason:
                by_design[reason] = by_design.get(reason, 0) + 1
                bucket = design_examples.setdefault(reason, [])
                if len(bucket) < examples:
                    bucket.append(_show_difference(text, start, end, ours))
            else:
                other += 1
                if len(other_examples) < examples:
                    other_examples.append(_show_difference(text, start, end, ours))
    n_design = sum(by_design.values())
    return {
        "reference_words": total,
        "agree": agree,
        "agreement": agree / total if total else 0.0,
        "by_design": by_design,
        "agreement_excluding_by_design": agree / (total - n_design) if total > n_design else 0.0,
        "other_differences": other,
        "paragraphs_unaligned": unaligned,
        "by_design_examples": design_examples,
        "other_examples": other_examples,
    }


_ABBR = re.compile(r"^[A-ZĐ][A-ZĐ0-9\-]+$")


def _by_design_reason(text: str, start: int, end: int, entities, ours) -> Optional[str]:
    from vnadmin_nlp.tokenizer import DEFAULT_FIXED_WORDS, NAME_HEAD_SYLLABLES

    if any(start < e and end > s for s, e in entities):
        return "code or date kept whole"
    word = text[start:end]
    if any(part and not any(c.isalnum() for c in part) for part in word.split(" ")) and " " in word:
        # "| document", "Quang |": our tokenizer never joins punctuation to a word.
        return "punctuation is never part of a word"
    overlapping = [text[s:e] for s, e in ours if s < end and e > start]
    if any(f in word or f in o for f in DEFAULT_FIXED_WORDS for o in overlapping):
        return "institutional word or body name kept whole"
    for s, e in ours:
        # "Giao | Ban Dân vận": a body's head starts a word when a name follows it.
        if start < s < end and text[s:e].split(" ")[0] in NAME_HEAD_SYLLABLES \
                and text[e:e + 1] == " " and text[e + 1:e + 2].isupper():
            return "body name starts a word (Ban, Sở, Bộ ...)"
    if not word.isupper() and any(_ABBR.match(p) for p in word.split(" ")):
        # Upper-case headings split by the same rule are not counted here.
        return "abbreviation is a word of its own (UBND, MTTQ ...)"
    return None


def _show_difference(text: str, start: int, end: int, ours) -> str:
    overlapping = [text[s:e] for s, e in ours if s < end and e > start]
    return f"{text[start:end]!r} -> {' | '.join(overlapping)}"
