"""The in-memory form of a read document: title, paragraphs with sections, footnotes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import List, Optional

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
