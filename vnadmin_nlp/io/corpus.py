"""Gold JSONL records -> spaCy training Docs (one per paragraph or footnote) -> DocBin.

Each paragraph becomes one ``Doc`` made by the pipeline's own tokenizer, with
its gold entities in ``doc.ents``, its label one-hot in ``doc.cats`` (footnotes
get no cats, so the classifier ignores them), and its section heading in
``Doc._.section`` (kept in ``user_data``, which DocBin stores), with the other
context extensions (``doc_type``, ``context``, ``header``: the document's header
paragraphs, from which the body ruler takes the issuer's place).

Entities of the rule labels (DOC_NUMBER, DATE) can be marked *missing* instead
of given: the trained ``ner`` then learns nothing about them, and the rule
components, which run before it, own those spans.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Iterable, Iterator, List, Sequence, Union

from spacy.language import Language
from spacy.tokens import Doc, DocBin
from spacy.util import registry

from ..errors import SpanAlignmentError
from ..labels import PARAGRAPH_LABELS
from .document import document_type

logger = logging.getLogger("vnadmin_nlp")


def record_docs(nlp: Language, record: dict, missing_labels: Sequence[str] = (),
                strict: bool = True) -> Iterator[Doc]:
    """Training Docs for one gold record (paragraphs, then footnotes).

    A gold entity that does not fall on token boundaries raises, or with
    ``strict=False`` is marked missing (the model learns nothing there) and logged.
    """
    from ..components.extensions import register_extensions

    register_extensions()
    from ..components.body_ruler import document_header
    from ..structure import record_contexts

    contexts = record_contexts(record)
    items = [(p, p.get("section", ""), p.get("label"), c) for p, c in zip(record["paragraphs"], contexts)]
    items += [(f, "", None, "") for f in record.get("footnotes", [])]
    doc_type = document_type(record.get("title") or "")
    header = document_header([p["text"] for p in record["paragraphs"]])
    for item, section, label, context in items:
        doc = nlp.make_doc(item["text"])
        doc._.section = section
        doc._.doc_type = doc_type
        doc._.context = context
        doc._.header = header
        ents, missing = [], []
        for ent in item.get("entities", []):
            span = doc.char_span(ent[0], ent[1], label=ent[2], alignment_mode="strict")
            if span is None and not strict:
                logger.warning("%s: %s %r is not on token boundaries; left out of training",
                               record.get("id"), ent[2], item["text"][ent[0]:ent[1]])
                missing.append(doc.char_span(ent[0], ent[1], alignment_mode="expand"))
                continue
            if span is None:
                raise SpanAlignmentError(
                    f"{record.get('id')}: {ent[2]} {item['text'][ent[0]:ent[1]]!r} does not fall on token "
                    "boundaries of the pipeline's tokenizer")
            (missing if ent[2] in missing_labels else ents).append(span)
        if missing:
            ents, missing = _without_overlaps(doc, ents, missing)
        doc.set_ents(ents, missing=missing, default="outside")
        if label:
            doc.cats = {lab: float(lab == label) for lab in PARAGRAPH_LABELS}
        yield doc


def _without_overlaps(doc: Doc, ents: list, missing: list):
    """Entities and missing spans that share no token: two entities cut inside one token
    ("Nepal Rajesh": LOC, then PERSON) give one missing span, and an entity on such a token
    is missing too (spaCy's ``set_ents`` refuses a token in two spans)."""
    merged: List[list] = []
    for span in sorted(missing, key=lambda sp: sp.start):
        if merged and span.start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], span.end)
        else:
            merged.append([span.start, span.end])
    kept = []
    for ent in ents:
        overlap = [m for m in merged if ent.start < m[1] and m[0] < ent.end]
        if not overlap:
            kept.append(ent)
            continue
        for m in overlap:  # the entity's tokens join the missing stretch
            m[0], m[1] = min(m[0], ent.start), max(m[1], ent.end)
    return kept, [doc[a:b] for a, b in merged]


def records_to_docbin(nlp: Language, records: Iterable[dict], missing_labels: Sequence[str] = (),
                      strict: bool = True) -> DocBin:
    """A DocBin (with user data, so sections survive) of all records' paragraphs and footnotes."""
    docbin = DocBin(store_user_data=True)
    for record in records:
        for doc in record_docs(nlp, record, missing_labels, strict):
            docbin.add(doc)
    return docbin


def write_docbin(nlp: Language, records: List[dict], path: Union[str, Path],
                 missing_labels: Sequence[str] = (), strict: bool = True) -> Path:
    """Write ``records`` as a ``.spacy`` file and return its path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    records_to_docbin(nlp, records, missing_labels, strict).to_disk(path)
    return path


class SectionCorpus:
    """spaCy's ``Corpus`` that also gives each predicted Doc its reference's section.

    spaCy builds ``Example.predicted`` from the reference text only, so without
    this the classifier would be scored during training without its context
    (section and document type).
    """

    def __init__(self, path, max_length: int = 0, limit: int = 0):
        from spacy.training import Corpus

        self.corpus = Corpus(path, max_length=max_length, limit=limit)

    def __call__(self, nlp: Language):
        from ..components.extensions import register_extensions

        register_extensions()
        for eg in self.corpus(nlp):
            eg.predicted._.section = eg.reference._.section
            eg.predicted._.doc_type = eg.reference._.doc_type
            eg.predicted._.context = eg.reference._.context
            eg.predicted._.header = tuple(eg.reference._.header or ())
            yield eg


@registry.readers("vnadmin.Corpus.v1")
def create_section_corpus(path, max_length: int = 0, limit: int = 0) -> SectionCorpus:
    """Registered as ``vnadmin.Corpus.v1`` (see pyproject's ``spacy_readers`` entry point)."""
    return SectionCorpus(path, max_length, limit)
