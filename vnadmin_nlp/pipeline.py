"""Loading the pipeline and running it over whole documents."""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path
from typing import Iterable, List, Optional, Union

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .collector import fewer_collections
from .errors import ModelNotFoundError
from .io import Document, read_document
# The record types and helpers live in records; they stay importable from here.
from .records import (  # noqa: F401
    AnnotatedDocument, AnnotatedFootnote, AnnotatedParagraph, Entity, annotated_document, doc_entities,
    paragraph_label,
)

logger = logging.getLogger("vnadmin_nlp")


def _shipped_model() -> Path:
    """The pipeline directory of the model package vi_vnadmin_sm, installed with the library
    (scripts/package_model.py builds it; ``spacy.load("vi_vnadmin_sm")`` loads the same)."""
    try:
        from vi_vnadmin_sm import MODEL_DIR
    except (ImportError, OSError, ValueError):  # e.g. an editable install older than the package
        found = sorted((Path(__file__).resolve().parent.parent / "vi_vnadmin_sm").glob("vi_vnadmin_sm-*"))
        return found[-1] if found else Path(__file__).resolve().parent.parent / "vi_vnadmin_sm" / "missing"
    return MODEL_DIR


#: Where the trained pipeline ships: vi_vnadmin_sm/vi_vnadmin_sm-VERSION/ (installed or in the clone).
SHIPPED_MODEL = _shipped_model()
DEFAULT_CONFIG = Path(__file__).resolve().parent / "default_config.cfg"
MODEL_ENV_VAR = "VNADMIN_MODEL"


def load(path: Optional[Union[str, Path]] = None,
         transformer: Optional[Union[str, Path, List[Union[str, Path]]]] = None) -> Language:
    """Load the vnadmin pipeline.

    Order: ``path`` if given, else the ``VNADMIN_MODEL`` environment variable,
    else the trained pipeline shipped in ``models/vnadmin_pipeline``, else the
    rule pipeline built from the package's default config. Never downloads.
    ``transformer``: fine-tuned directories (``vnadmin finetune-transformer``)
    whose ``vnadmin_transformer`` component is added to that pipeline.
    """
    nlp = _load_pipeline(path)
    if transformer:
        from .transformer.component import add_transformer

        add_transformer(nlp, transformer)
    return nlp


def _load_pipeline(path: Optional[Union[str, Path]]) -> Language:
    from . import components  # noqa: F401  (registers the factories)
    from . import tokenizer  # noqa: F401  (registers the tokenizer)

    chosen = path or os.environ.get(MODEL_ENV_VAR)
    if chosen:
        chosen = Path(chosen)
        if not (chosen / "config.cfg").exists():
            raise ModelNotFoundError(f"{chosen}: no spaCy pipeline there (config.cfg missing)")
        return spacy.load(chosen)
    if (SHIPPED_MODEL / "config.cfg").exists():
        return spacy.load(SHIPPED_MODEL)
    logger.info("no trained pipeline found; using the rule pipeline")
    return build_rule_pipeline()


def build_rule_pipeline() -> Language:
    """Tokenizer + rule components (DOC_NUMBER, DATE, ORG rules, cue-based paragraph labels)."""
    from . import components  # noqa: F401
    from . import tokenizer  # noqa: F401

    config = spacy.util.load_config(DEFAULT_CONFIG)
    return spacy.util.load_model_from_config(config, auto_fill=True, validate=True)


def make_docs(nlp: Language, texts: Iterable[tuple]) -> Iterable[Doc]:
    """Tokenize ``(text, section, kind[, doc_type[, context[, header]]])`` tuples and attach the
    context the components read."""
    from .components.extensions import register_extensions

    register_extensions()
    for text, section, kind, *rest in texts:
        doc = nlp.make_doc(text)
        extensions = doc._  # each ``doc._`` builds an accessor: once per Doc
        extensions.section = section
        extensions.kind = kind
        extensions.doc_type = rest[0] if rest else ""
        extensions.context = rest[1] if len(rest) > 1 else ""
        extensions.header = tuple(rest[2]) if len(rest) > 2 else ()
        yield doc


def document_inputs(document: Document) -> List[tuple]:
    """``(text, section, kind, doc_type, context, header)`` for every paragraph, then every
    footnote, of a document (context: the paragraph's place in the document, see
    :mod:`vnadmin_nlp.structure`; header: the document's header paragraphs, where its issuer is
    written, see :func:`vnadmin_nlp.components.body_ruler.document_header`)."""
    from .components.body_ruler import document_header
    from .io.document import document_type
    from .structure import paragraph_contexts

    doc_type = document_type(document.title)
    contexts = paragraph_contexts([(p.text, p.section) for p in document.paragraphs], document.title)
    header = document_header([p.text for p in document.paragraphs])
    return ([(p.text, p.section, p.kind, doc_type, c, header) for p, c in zip(document.paragraphs, contexts)]
            + [(f.text, "", "footnote", doc_type, "", header) for f in document.footnotes])


def annotate_document(nlp: Language, document: Document, doc_id: str) -> AnnotatedDocument:
    """Run the pipeline over every paragraph and footnote of ``document``."""
    from .components.extensions import register_extensions

    register_extensions()
    docs = list(nlp.pipe(make_docs(nlp, document_inputs(document))))
    return annotated_document(document, docs, doc_id)


#: The pipeline :func:`analyze` runs when it is given none, one per thread (the components
#: keep caches that threads must not share), with the ``VNADMIN_MODEL`` it was loaded under.
_DEFAULT = threading.local()


def default_pipeline() -> Language:
    """The pipeline of :func:`load` (no arguments), loaded on the first call in this thread
    and kept: later calls get the same object, with the tables and caches that its components
    built. Loaded again only if ``VNADMIN_MODEL`` changed since."""
    chosen = os.environ.get(MODEL_ENV_VAR)
    kept = getattr(_DEFAULT, "pipeline", None)
    if kept is None or kept[0] != chosen:
        kept = _DEFAULT.pipeline = (chosen, load())
    return kept[1]


def analyze(path_or_text: Union[str, Path, Document], nlp: Optional[Language] = None,
            doc_id: Optional[str] = None) -> AnnotatedDocument:
    """Read a document (path, raw text or :class:`Document`) and annotate it.

    Pass ``nlp`` to use a pipeline of your own; otherwise the default one is loaded on the
    first call and kept for the next ones (:func:`default_pipeline`).
    """
    with fewer_collections():
        document = path_or_text if isinstance(path_or_text, Document) else read_document(path_or_text)
        nlp = nlp or default_pipeline()
        if doc_id is None:
            doc_id = Path(document.source).stem if document.source else "document"
        return annotate_document(nlp, document, doc_id)
