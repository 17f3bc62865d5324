"""vnadmin-nlp: read Vietnamese administrative documents the way an analyst does.

Public API::

    import vnadmin_nlp
    nlp = vnadmin_nlp.load()                       # the spaCy pipeline
    result = vnadmin_nlp.analyze("document.txt")   # paragraphs, sections, labels, entities
    document = vnadmin_nlp.read_document("document.txt")

Nothing is loaded at import time, and heavy libraries are imported only when used:
scikit-learn for training, underthesea only for comparisons (the tokenizer reads its model
file). Where PyTorch is installed, spaCy's thinc imports it at start-up (about a second); a
default install has no PyTorch.
"""

from .io import Document, Footnote, Paragraph, read_document
from .pipeline import AnnotatedDocument, analyze, load

__version__ = "0.1.0"

__all__ = ["AnnotatedDocument", "Document", "Footnote", "Paragraph", "analyze", "load",
           "read_document", "__version__"]
