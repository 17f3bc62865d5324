"""The in-memory form of a read document: title, paragraphs with sections, footnotes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import List, Optional

from ..resources import kind_title_words, title_words

#: Kinds of paragraph the reader distinguishes. Only ``body`` paragraphs carry
#: the substance; all kinds are labelled (headings and the rest get ``other``).
PARAGRAPH_KINDS = ("header", "title", "heading", "body", "recipients", "signature")


@dataclass
class Paragraph:
    """One paragraph of a document, in reading order.

    ``section`` is the path of headings above the paragraph, joined with
    ``" > "`` (e.g. ``"IV- HẠN CHẾ, NGUYÊN NHÂN > 1. Hạn chế, tồn tại"``).
    ``kind`` says what the reader took the block for (see ``PARAGRAPH_KINDS``).
    """

    text: str
    section: str = ""
    kind: str = "body"


@dataclass
class Footnote:
    """A footnote moved out of the body; ``marker`` is its number as text."""

    marker: str
    text: str


@dataclass
class Document:
    """A whole administrative document after reading and repair."""

    title: str
    paragraphs: List[Paragraph] = field(default_factory=list)
    footnotes: List[Footnote] = field(default_factory=list)
    source: Optional[str] = None

    @property
    def sections(self) -> List[str]:
        """The distinct sections in order of first appearance."""
        seen: List[str] = []
        for para in self.paragraphs:
            if para.section and para.section not in seen:
                seen.append(para.section)
        return seen


#: The title words that name a document's type as printed (Party and State; see
#: ``resources/document_kinds.json``, those ``used_by`` "document_type").
DOCUMENT_TYPES = title_words("document_type")


def document_type(title: str) -> str:
    """The kind of document its title names ("KẾT LUẬN CỦA BAN THƯỜNG VỤ ..." -> "kết luận"),
    "công văn" for a "V/v ..." subject line, or "" when the title names none."""
    head = (title or "").strip()
    if head[:3].lower() == "v/v":
        return "công văn"
    upper = head[:40].upper()
    for kind in DOCUMENT_TYPES:
        if upper.startswith(kind):
            return kind.lower()
    return ""


def document_kind(title: str) -> str:
    """The analytic kind of a document (``plan``, ``decision``, ``hdnd_resolution`` ...; see
    ``resources/document_kinds.json``) from the first words of its title, or "" when they name none.

    Unlike :func:`document_type`, which returns the title word as printed, this folds the words
    into the kinds evaluation and features use ("CHƯƠNG TRÌNH HÀNH ĐỘNG" and "KẾ HOẠCH" are both
    plans; a resolution of a People's Council is ``hdnd_resolution``).
    """
    upper = (title or "").strip().lstrip("#* ")[:60].upper()
    for kind, words in kind_title_words():
        if any(upper.startswith(word.upper()) for word in words):
            if kind == "resolution" and "HỘI ĐỒNG NHÂN DÂN" in upper:
                return "hdnd_resolution"
            return kind
    return ""
