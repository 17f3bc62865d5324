"""Reading documents and gold data."""

from .document import Document, Footnote, Paragraph
from .reader import Block, decode_bytes, normalize_text, read_blocks, read_text
from .readers import read_document, register_reader

__all__ = [
    "Block", "Document", "Footnote", "Paragraph", "decode_bytes", "normalize_text", "read_blocks",
    "read_document", "read_text", "register_reader",
]
