"""Building entity spans from character offsets, with alignment checked."""

from typing import Iterable, List, Tuple

from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..errors import SpanAlignmentError


def char_spans(doc: Doc, offsets: Iterable[Tuple[int, int]], label: str, component: str) -> List[Span]:
    """Spans for ``offsets``; a span that does not fall on token boundaries is an error."""
    spans = []
    for start, end in offsets:
        span = doc.char_span(start, end, label=label, alignment_mode="strict")
        if span is None:
            raise SpanAlignmentError(
                f"{component}: {label} {doc.text[start:end]!r} at {start}-{end} does not fall on "
                "token boundaries; use the vnadmin.Tokenizer.v1 tokenizer, which keeps rule "
                "entities whole"
            )
        spans.append(span)
    return spans


def add_entities(doc: Doc, spans: List[Span], overwrite: bool) -> None:
    """Merge ``spans`` into ``doc.ents``; on overlap the new spans win if ``overwrite``."""
    existing = list(doc.ents)
    if overwrite:
        kept = [e for e in existing if all(e.end <= s.start or e.start >= s.end for s in spans)]
        doc.ents = filter_spans(spans + kept)
    else:
        new = [s for s in spans if all(s.end <= e.start or s.start >= e.end for e in existing)]
        doc.ents = filter_spans(existing + new)


#: ``doc.spans`` key under which the rule components record what they found, so that
#: later components can tell rule entities from model guesses.
RULE_SPANS_KEY = "vnadmin_rules"


def remember_rule_spans(doc: Doc, spans: List[Span]) -> None:
    """Record rule spans in ``doc.spans[RULE_SPANS_KEY]`` (kept beside ``doc.ents``)."""
    group = list(doc.spans[RULE_SPANS_KEY]) if RULE_SPANS_KEY in doc.spans else []
    doc.spans[RULE_SPANS_KEY] = group + list(spans)
