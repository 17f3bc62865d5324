"""Reading documents and gold data."""

from .document import Document, Footnote, Paragraph
from .reader import decode_bytes, load_text, normalize_text, read_document, read_text

__all__ = [
    "Document", "Footnote", "Paragraph", "decode_bytes", "load_text", "normalize_text",
    "read_document", "read_text",
]
