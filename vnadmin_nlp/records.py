"""The output record of an annotated document: (Document, Docs) in, the guidelines' JSONL record out.

The one place a record is assembled: :func:`vnadmin_nlp.analyze` (through
``pipeline.annotate_document``), the batch runner and the Dask runner (through
``batch.annotate_files``) all call :func:`annotated_document` or :func:`document_record`
with the reader's :class:`~vnadmin_nlp.io.Document` and the pipeline's Docs, one per
paragraph and then one per footnote (the order of ``pipeline.document_inputs``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import List, Optional, Sequence, Union

from spacy.tokens import Doc

from .doc_text import doc_text
from .io.document import Document
from .io.jsonl import HASH_KEY, clean_span
from .labels import PARAGRAPH_LABELS


@dataclass
class Entity:
    """An entity with character offsets into its paragraph's text."""

    start: int
    end: int
    label: str
    text: str
    #: DATE: the normalized value ("2013-06-03"); DOC_NUMBER: the code's parts (number, year,
    #: type, issuer, kind, family; see patterns/doc_number_parts.py).
    value: Optional[Union[str, dict]] = None

    def to_list(self) -> list:
        ent = [self.start, self.end, self.label]
        if self.label in ("DATE", "DOC_NUMBER") and self.value is not None:
            ent.append(self.value)
        return ent


@dataclass
class AnnotatedParagraph:
    text: str
    section: str
    kind: str
    label: Optional[str]
    entities: List[Entity] = field(default_factory=list)


@dataclass
class AnnotatedFootnote:
    marker: str
    text: str
    entities: List[Entity] = field(default_factory=list)


@dataclass
class AnnotatedDocument:
    """A document with paragraph labels and entities, ready for JSONL."""

    id: str
    source: Optional[str]
    title: str
    paragraphs: List[AnnotatedParagraph]
    footnotes: List[AnnotatedFootnote]

    @property
    def entities(self) -> List[Entity]:
        return [e for p in self.paragraphs for e in p.entities] + [
            e for f in self.footnotes for e in f.entities
        ]

    def to_record(self) -> dict:
        """The guidelines' JSONL record."""
        return {
            "id": self.id, "source": self.source, "title": self.title,
            "paragraphs": [
                {"text": p.text, "label": p.label, "section": p.section,
                 "entities": [e.to_list() for e in p.entities]}
                for p in self.paragraphs
            ],
            "footnotes": [
                {"marker": f.marker, "text": f.text, "entities": [e.to_list() for e in f.entities]}
                for f in self.footnotes
            ],
        }


def paragraph_label(doc: Doc) -> Optional[str]:
    """The highest-scoring paragraph label in ``doc.cats``, or None without a classifier."""
    cats = {k: v for k, v in doc.cats.items() if k in PARAGRAPH_LABELS}
    return max(cats, key=cats.get) if cats else None


def doc_entities(doc: Doc) -> List[Entity]:
    """The Doc's entities as records write them: edges trimmed of spaces and punctuation, and
    spans that would cut a word left out, so that our output always passes our validator."""
    out = []
    ents = doc.ents
    if not ents:
        return out
    text = doc_text(doc)  # Doc.text joins every token anew on each call
    for e in ents:
        span = clean_span(text, e.start_char, e.end_char)
        if span is not None:
            value = e._.value if e.has_extension("value") else None
            if hasattr(value, "_asdict"):  # a DOC_NUMBER's parts: a JSON object in records
                value = value._asdict()
            out.append(Entity(span[0], span[1], e.label_, text[span[0]:span[1]], value))
    return out


def annotated_document(document: Document, docs: Sequence[Doc], doc_id: str) -> AnnotatedDocument:
    """``document`` with the labels and entities of its Docs: one per paragraph, then one per
    footnote. The document-level step for PERSON runs first: the tagger's one-word names that
    nothing in the document backs go, and a person named again by the given name alone is found
    (see :func:`~vnadmin_nlp.components.person_rules.settle_people`)."""
    from .components.person_rules import settle_people

    settle_people(docs)
    n = len(document.paragraphs)
    paragraphs = [
        AnnotatedParagraph(p.text, p.section, p.kind, paragraph_label(d), doc_entities(d))
        for p, d in zip(document.paragraphs, docs)
    ]
    footnotes = [AnnotatedFootnote(f.marker, f.text, doc_entities(d))
                 for f, d in zip(document.footnotes, docs[n:])]
    return AnnotatedDocument(doc_id, document.source, document.title, paragraphs, footnotes)


def document_record(document: Document, docs: Sequence[Doc], doc_id: str, sha256: str) -> dict:
    """The JSONL record of a document read from a file whose bytes hash to ``sha256`` (kept under
    :data:`~vnadmin_nlp.io.jsonl.HASH_KEY`, so that a resumed run knows the file is done)."""
    record = annotated_document(document, docs, doc_id).to_record()
    record[HASH_KEY] = sha256
    return record
