"""A paragraph's place in its document, as context tokens for the paragraph classifier.

A paragraph alone often does not say what it does: "- Đơn vị chủ trì: Sở Nội vụ." is a line of
a plan item, "a) Xem xét các báo cáo:" opens a supervision programme's items, a list under
"... thực hiện các nhiệm vụ sau:" shares its lead-in's role. The reader knows the order of the
paragraphs; this module turns it into a few binary tokens per paragraph (what kind of document
it is in, what came just before and after, whether it is an item under a lead-in and what that
lead-in's cues point to), which the classifier reads beside the text and the section.

One function, :func:`paragraph_contexts`, serves every path that makes classifier input: the
reader's documents (``pipeline.document_inputs``), gold records for training
(``io.corpus.record_docs``) and for evaluation (``evaluate.predict_records``), so that training
and prediction see the same context.
"""

from __future__ import annotations

import re
from typing import List, Sequence, Tuple

from .io.document import document_kind
from .resources import char_class, item_letters, marker_chars

# List marks (resources/list_markers.json, those used by "structure"), as regex classes.
_BULLETS = char_class(marker_chars("bullets", "structure"))
_CLOSERS = char_class(marker_chars("number_closers", "structure"))
# A list item: numbered, lettered or bulleted.
_ITEM_RE = re.compile(r"^\s*(?:\d+(?:\.\d+)*\s*[%s]|[%s]\)|[%s])\s*" % (_CLOSERS, item_letters()["range"], _BULLETS))
_SUBLINE_RE = re.compile(r"^\s*[%(b)s]?\s*(?:Đơn vị|Cơ quan) (?:chủ trì|phối hợp|thực hiện)|"
                         r"^\s*[%(b)s]?\s*Thời (?:gian|hạn) (?:thực hiện|hoàn thành)|"
                         r"^\s*[%(b)s]?\s*(?:Sản phẩm|Kinh phí)\s*:" % {"b": _BULLETS}, re.I)


def _shape(text: str) -> str:
    text = text.strip()
    if text.endswith(":"):
        return "lead_in"
    if len(text) < 90 and not text.endswith((".", ";")):
        return "heading_like"
    return "sentence"


def paragraph_contexts(paragraphs: Sequence[Tuple[str, str]], title: str = "",
                       include_kind: bool = False) -> List[str]:
    """Context tokens (space-separated) for each ``(text, section)`` of one document, in order.

    Tokens: ``kind_<document kind>`` (from the title); ``prev_<shape>`` and ``next_<shape>`` of
    the neighbours (lead-in ending with ":", heading-like, sentence); ``first_in_section``;
    ``item`` when the paragraph is a list item and ``under_lead_in`` when a lead-in of the same
    section opened its list, with ``lead_<label>`` for what that lead-in's cue words point to;
    ``subline`` for a plan item's responsible-body or time line; ``doc_start`` for the opening
    paragraphs before any section.
    """
    from .components.paragraph_rules import guess_paragraph_label

    kind = document_kind(title) or "unknown"
    shapes = [_shape(text) for text, _ in paragraphs]
    out: List[str] = []
    lead_label = None  # the cue label of the lead-in that opened the current list
    lead_section, lead_text = None, None
    seen_section = False
    for i, (text, section) in enumerate(paragraphs):
        tokens = [f"kind_{kind}"] if include_kind else []
        tokens.append(f"prev_{shapes[i - 1]}" if i else "prev_none")
        tokens.append(f"next_{shapes[i + 1]}" if i + 1 < len(paragraphs) else "next_none")
        if i == 0 or paragraphs[i - 1][1] != section:
            tokens.append("first_in_section")
        seen_section = seen_section or bool(section)
        if not seen_section:
            tokens.append("doc_start")
        is_item = bool(_ITEM_RE.match(text))
        if is_item:
            tokens.append("item")
        if _SUBLINE_RE.match(text):
            tokens.append("subline")
        # Items stay under a lead-in while they are in its section, or in the section the
        # lead-in itself opened ("2. ... sau:" heads its sub-items' section).
        under = lead_label is not None and (section == lead_section or section.endswith(lead_text))
        if under and shapes[i] != "heading_like":
            tokens += ["under_lead_in", f"lead_{lead_label}"]
        elif not under:
            lead_label = None
        if shapes[i] == "lead_in":
            lead_label = guess_paragraph_label(text, section, "body")
            lead_section, lead_text = section, text.strip()
        out.append(" ".join(tokens))
    return out


def record_contexts(record: dict) -> List[str]:
    """:func:`paragraph_contexts` of a gold or predicted JSONL record's paragraphs. A record without
    a title (some crawled copies) is given its first paragraph as title, as the reader would."""
    paragraphs = [(p["text"], p.get("section", "")) for p in record.get("paragraphs", [])]
    title = record.get("title") or (paragraphs[0][0] if paragraphs else "")
    return paragraph_contexts(paragraphs, title)
