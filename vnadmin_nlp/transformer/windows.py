"""Sliding windows over a paragraph's words, for any Hugging Face tokenizer.

A paragraph longer than the model's input is cut into overlapping windows
of whole words (never truncated away): each window holds at most
``max_length`` pieces with the special tokens, and consecutive windows share
about ``stride`` pieces so that every word is seen with context on both
sides. Fast tokenizers (``tokenizers`` backend) give the piece -> word map
directly; Python tokenizers (PhoBERT's) get it from per-word encoding.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import List, Optional, Sequence

#: Pieces kept from the section heading path in front of a paragraph.
DEFAULT_MAX_SECTION_PIECES = 48


@dataclass
class Window:
    """Words ``[start, end)`` of a paragraph, encoded."""

    start: int
    end: int
    input_ids: List[int]
    token_type_ids: Optional[List[int]]
    #: For each piece, the index of its word in the paragraph, or None (special tokens, section).
    word_ids: List[Optional[int]]


def word_form(word: str, syllable_joiner: Optional[str]) -> str:
    """The word as the model's tokenizer expects it.

    PhoBERT was pretrained on word-segmented text where the syllables of a
    word are joined by ``_`` ("Thường_vụ"); other models read plain text.
    """
    return word.replace(" ", syllable_joiner) if syllable_joiner else word


def piece_counts(tokenizer, words: Sequence[str]) -> List[int]:
    """Pieces per word (at least 1: an unknown word still takes a slot)."""
    if not words:
        return []
    ids = tokenizer(list(words), add_special_tokens=False)["input_ids"]
    return [max(1, len(x)) for x in ids]


def window_bounds(counts: Sequence[int], budget: int, stride: int) -> List[tuple]:
    """``(start, end)`` word ranges covering every word; each holds at most ``budget``
    pieces (a single longer word gets a window of its own) and overlaps the
    previous one by about ``stride`` pieces."""
    if budget < 1:
        raise ValueError("max_length leaves no room for the paragraph's words")
    stride = max(0, min(stride, budget // 2))
    bounds = []
    start, n = 0, len(counts)
    while start < n:
        end, used = start, 0
        while end < n and (end == start or used + counts[end] <= budget):
            used += counts[end]
            end += 1
        bounds.append((start, end))
        if end >= n:
            break
        # Step back over about ``stride`` pieces, always moving forward.
        back, overlap = end, 0
        while back - 1 > start and overlap + counts[back - 1] <= stride:
            back -= 1
            overlap += counts[back]
        start = back
    return bounds


def _encode_words(tokenizer, words: List[str], max_length: int):
    """``(input_ids, token_type_ids, word_ids)`` of ``words`` with special tokens."""
    if getattr(tokenizer, "is_fast", False):
        enc = tokenizer(words, is_split_into_words=True, truncation=True, max_length=max_length)
        return enc["input_ids"], enc.get("token_type_ids"), enc.word_ids()
    per_word = tokenizer(words, add_special_tokens=False)["input_ids"]
    ids, owners = [], []
    for i, pieces in enumerate(per_word):
        pieces = pieces or [tokenizer.unk_token_id]
        ids += pieces
        owners += [i] * len(pieces)
    full = tokenizer.build_inputs_with_special_tokens(ids)
    special = tokenizer.get_special_tokens_mask(ids)
    owner_iter = iter(owners)
    word_ids = [None if s else next(owner_iter) for s in special]
    return full[:max_length], None, word_ids[:max_length]


def token_windows(tokenizer, words: Sequence[str], max_length: int, stride: int,
                  syllable_joiner: Optional[str] = None) -> List[Window]:
    """Windows for token classification: the paragraph's words only."""
    forms = [word_form(w, syllable_joiner) for w in words]
    budget = max_length - tokenizer.num_special_tokens_to_add(pair=False)
    windows = []
    for start, end in window_bounds(piece_counts(tokenizer, forms), budget, stride):
        ids, types, owners = _encode_words(tokenizer, forms[start:end], max_length)
        windows.append(Window(start, end, ids, types,
                              [None if o is None else o + start for o in owners]))
    return windows


def pair_windows(tokenizer, section_words: Sequence[str], words: Sequence[str], max_length: int,
                 stride: int, syllable_joiner: Optional[str] = None,
                 max_section_pieces: int = DEFAULT_MAX_SECTION_PIECES) -> List[Window]:
    """Windows for paragraph classification: (section, window of the paragraph) pairs.

    The section keeps its last words (the nearest heading) within
    ``max_section_pieces``; the paragraph is windowed in the room left.
    """
    sec_forms = [word_form(w, syllable_joiner) for w in section_words]
    sec_counts = piece_counts(tokenizer, sec_forms)
    keep, used = len(sec_forms), 0
    while keep > 0 and used + sec_counts[keep - 1] <= max_section_pieces:
        keep -= 1
        used += sec_counts[keep]
    section = " ".join(sec_forms[keep:])
    forms = [word_form(w, syllable_joiner) for w in words]
    budget = max_length - tokenizer.num_special_tokens_to_add(pair=True) - used
    windows = []
    for start, end in window_bounds(piece_counts(tokenizer, forms), budget, stride) or [(0, 0)]:
        # Counting pieces word by word can differ by a piece or two from
        # encoding in context: truncation is only a safety net here.
        enc = tokenizer(section, " ".join(forms[start:end]), truncation="longest_first",
                        max_length=max_length)
        windows.append(Window(start, end, enc["input_ids"], enc.get("token_type_ids"),
                              [None] * len(enc["input_ids"])))
    return windows


def best_window_per_word(windows: Sequence[Window], n_words: int) -> List[Optional[tuple]]:
    """For each word, ``(window index, piece index)`` of its first piece in the window
    where it has the most context on both sides (the middle of a window)."""
    best: List[Optional[tuple]] = [None] * n_words
    score = [-1.0] * n_words
    for w, window in enumerate(windows):
        seen = set()
        for p, owner in enumerate(window.word_ids):
            if owner is None or owner in seen:
                continue
            seen.add(owner)
            context = min(owner - window.start, window.end - 1 - owner)
            if context > score[owner]:
                score[owner] = context
                best[owner] = (w, p)
    return best
