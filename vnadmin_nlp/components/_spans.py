"""Building entity spans from character offsets, with alignment checked."""

from operator import attrgetter
from typing import Iterable, List, Optional, Tuple

from spacy.attrs import IDX, IS_SPACE, LENGTH
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..doc_text import doc_text, remembered_rule_entities
from ..errors import SpanAlignmentError
from ..patterns import find_rule_entities


def rule_entities(doc: Doc, label: str) -> List[Tuple[int, int, Optional[str]]]:
    """``(start, end, value)`` of the rule entities labelled ``label`` in ``doc``: those our
    tokenizer found and left on the Doc, or, for a Doc made otherwise, found now."""
    found = remembered_rule_entities(doc)
    if found is None:
        found = find_rule_entities(doc_text(doc))
    return [(start, end, value) for start, end, kind, value in found if kind == label]


def word_bounds(doc: Doc) -> Tuple[List[int], List[int]]:
    """Start and end offsets of the tokens of ``doc`` that are not whitespace."""
    if not len(doc):
        return [], []
    array = doc.to_array([IDX, LENGTH, IS_SPACE])
    if array[:, 2].any():
        array = array[array[:, 2] == 0]
    starts = array[:, 0]
    return starts.tolist(), (starts + array[:, 1]).tolist()


def char_spans(doc: Doc, offsets: Iterable[Tuple[int, int]], label: str, component: str) -> List[Span]:
    """Spans for ``offsets``; a span that does not fall on token boundaries is an error."""
    spans = []
    for start, end in offsets:
        span = doc.char_span(start, end, label=label, alignment_mode="strict")
        if span is None:
            raise SpanAlignmentError(
                f"{component}: {label} {doc_text(doc)[start:end]!r} at {start}-{end} does not fall on "
                "token boundaries; use the vnadmin.Tokenizer.v1 tokenizer, which keeps rule "
                "entities whole"
            )
        spans.append(span)
    return spans


def add_entities(doc: Doc, spans: List[Span], overwrite: bool,
                 existing: Optional[List[Span]] = None) -> None:
    """Merge ``spans`` into ``doc.ents``; on overlap the new spans win if ``overwrite``.

    ``existing``: ``list(doc.ents)`` where the caller has it already.
    """
    if existing is None:
        existing = list(doc.ents)
    if overwrite:
        kept = [e for e in existing if all(e.end <= s.start or e.start >= s.end for s in spans)]
        set_entities(doc, _filter_spans(spans + kept))
    else:
        new = [s for s in spans if all(s.end <= e.start or s.start >= e.end for e in existing)]
        set_entities(doc, _filter_spans(existing + new))


_SPAN_START = attrgetter("start")


def _filter_spans(spans: List[Span]) -> List[Span]:
    """``spacy.util.filter_spans(spans)``: spans that do not overlap (the usual case) come
    back sorted by start, as filter_spans returns them; others go through it."""
    ordered = sorted(spans, key=_SPAN_START)
    end = 0
    for span in ordered:
        if span.start < end or span.start >= span.end:
            return filter_spans(spans)
        end = span.end
    return ordered


def set_entities(doc: Doc, ents: List[Span]) -> None:
    """``doc.ents = ents`` for non-overlapping ``ents``, with the same token annotation.

    The ``doc.ents`` setter marks every other token outside ("O") in a loop
    that compares an enum per token; passing those tokens as ``outside``
    spans sets the same values (IOB "O", no type) at C speed.
    """
    ents = sorted(ents, key=_SPAN_START)
    outside = []
    cursor = 0
    for ent in ents:
        if not ent.label:
            continue  # set_ents ignores unlabelled spans; their tokens become "O" too
        if ent.start > cursor:
            outside.append(Span(doc, cursor, ent.start))
        cursor = ent.end
    if cursor < len(doc):
        outside.append(Span(doc, cursor, len(doc)))
    doc.set_ents(ents, outside=outside, default="unmodified")


#: ``doc.spans`` key under which the rule components record what they found, so that
#: later components can tell rule entities from model guesses.
RULE_SPANS_KEY = "vnadmin_rules"


def remember_rule_spans(doc: Doc, spans: List[Span]) -> None:
    """Record rule spans in ``doc.spans[RULE_SPANS_KEY]`` (kept beside ``doc.ents``)."""
    if not spans and RULE_SPANS_KEY in doc.spans:
        return  # the group already holds what it would be rebuilt with
    group = list(doc.spans[RULE_SPANS_KEY]) if RULE_SPANS_KEY in doc.spans else []
    doc.spans[RULE_SPANS_KEY] = group + list(spans)
