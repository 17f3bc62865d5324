"""vnadmin-nlp: read Vietnamese administrative documents the way an analyst does.

Public API::

    import vnadmin_nlp
    nlp = vnadmin_nlp.load()                       # the spaCy pipeline
    result = vnadmin_nlp.analyze("document.txt")   # paragraphs, sections, labels, entities
    document = vnadmin_nlp.read_document("document.txt")

Nothing is loaded at import time, and heavy libraries are imported only when used:
scikit-learn for training, underthesea only for comparisons (the tokenizer reads its model
file). Where PyTorch is installed, spaCy's thinc would import it at start-up (about a second
and 220 MB) to learn whether it could use it; :mod:`vnadmin_nlp.thinc_torch` answers that probe
"not installed", and nothing else (``VNADMIN_THINC_TORCH=1`` keeps it).
"""

from importlib import import_module

from .thinc_torch import decline_thinc_probe

decline_thinc_probe()

__version__ = "0.1.0"

#: Public names and the modules that define them, imported on first use (PEP 562), so that
#: ``import vnadmin_nlp.cli`` (the ``vnadmin`` command) does not import spaCy before it has
#: decided what the command needs (see ``cli.main``).
_PUBLIC = {"AnnotatedDocument": ".pipeline", "analyze": ".pipeline", "load": ".pipeline",
           "Document": ".io", "Footnote": ".io", "Paragraph": ".io", "read_document": ".io"}


def __getattr__(name: str):
    if name in _PUBLIC:
        value = getattr(import_module(_PUBLIC[name], __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(list(globals()) + list(_PUBLIC))

__all__ = ["AnnotatedDocument", "Document", "Footnote", "Paragraph", "analyze", "load",
           "read_document", "__version__"]
