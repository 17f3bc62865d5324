"""vnadmin-nlp: read Vietnamese administrative documents the way an analyst does.

Public API::

    import vnadmin_nlp
    nlp = vnadmin_nlp.load()                       # the spaCy pipeline
    result = vnadmin_nlp.analyze("document.txt")   # paragraphs, sections, labels, entities
    document = vnadmin_nlp.read_document("document.txt")

Nothing is loaded at import time.
"""

from .io import Document, Footnote, Paragraph, read_document
from .pipeline import AnnotatedDocument, analyze, load

__version__ = "0.1.0"

__all__ = ["AnnotatedDocument", "Document", "Footnote", "Paragraph", "analyze", "load",
           "read_document", "__version__"]
