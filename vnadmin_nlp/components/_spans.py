"""Building entity spans from character offsets, with alignment checked."""

import weakref
from operator import attrgetter
from typing import Dict, Iterable, List, Optional, Tuple

from spacy.attrs import IDX, IS_SPACE, LENGTH, ORTH, SPACY
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..errors import SpanAlignmentError

#: The text of each Doc seen by the rule components, so that it is built once
#: per Doc rather than once per component (``Doc.text`` joins every token
#: anew on each call). Keys are weak: a Doc leaves when it is freed. A Doc's
#: text never changes (retokenizing keeps it), and the token count guards the
#: rare Doc refilled in place (``Doc.from_bytes``).
_TEXTS: "weakref.WeakKeyDictionary[Doc, Tuple[int, str]]" = weakref.WeakKeyDictionary()
#: Token text with its trailing whitespace, by (orth hash, trailing space): a
#: dict look-up costs a fraction of the StringStore's, and joining these at C
#: speed is half the time of ``Doc.text``. Emptied when large; orth hashes do
#: not depend on the vocab.
_TOKEN_TEXT: Dict[Tuple[int, int], str] = {}
_TOKEN_TEXT_MAX = 100_000


def remember_text(doc: Doc, text: str) -> None:
    """Record that ``doc.text`` is ``text`` (a tokenizer that has the text can save the rebuild)."""
    _TEXTS[doc] = (len(doc), text)


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per Doc (see ``_TEXTS``) and faster than spaCy's join over Tokens."""
    known = _TEXTS.get(doc)
    if known is not None and known[0] == len(doc):
        return known[1]
    text = _build_text(doc)
    _TEXTS[doc] = (len(doc), text)
    return text


def _build_text(doc: Doc) -> str:
    if not len(doc):
        return ""
    orths, spaces = doc.to_array([ORTH, SPACY]).T.tolist()
    keys = list(zip(orths, spaces))
    try:
        return "".join(map(_TOKEN_TEXT.__getitem__, keys))
    except KeyError:
        if len(_TOKEN_TEXT) > _TOKEN_TEXT_MAX:
            _TOKEN_TEXT.clear()
        strings = doc.vocab.strings
        for orth, space in set(keys).difference(_TOKEN_TEXT):
            _TOKEN_TEXT[orth, space] = strings[orth] + " " if space else strings[orth]
        return "".join(map(_TOKEN_TEXT.__getitem__, keys))


def clear_caches() -> None:
    """Forget the texts and token strings (for cold timings; both also bound themselves)."""
    _TEXTS.clear()
    _TOKEN_TEXT.clear()


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
