"""DATE by rule, with the normalized value on ``Span._.value``."""

from spacy.language import Language
from spacy.tokens import Doc

from ._spans import add_entities, char_spans, remember_rule_spans, rule_entities
from .extensions import register_extensions


class DateMatcher:
    """Marks dates, months, quarters, years and periods; sets ``Span._.value``.

    Spans inside a DOC_NUMBER already in ``doc.ents`` are skipped (the year of
    145/2020/NĐ-CP is no date).
    """

    def __init__(self, name: str = "vnadmin_dates", overwrite_ents: bool = True):
        self.name = name
        self.overwrite_ents = overwrite_ents
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        existing = list(doc.ents)
        codes = [(e.start_char, e.end_char) for e in existing if e.label_ == "DOC_NUMBER"]
        found = [(s, e, v) for s, e, v in rule_entities(doc, "DATE")
                 if all(e <= cs or s >= ce for cs, ce in codes)]
        spans = char_spans(doc, [(s, e) for s, e, _v in found], "DATE", self.name)
        for span, (_s, _e, value) in zip(spans, found):
            span._.value = value
        # Span extension values live in doc.user_data keyed by offsets, so the
        # spans stored in doc.ents keep them.
        remember_rule_spans(doc, spans)
        if spans:  # none found: doc.ents stay as they are (spaCy's set_ents costs ~10 µs a call even so)
            add_entities(doc, spans, self.overwrite_ents, existing)
        return doc


@Language.factory(
    "vnadmin_dates",
    assigns=["doc.ents"],
    default_config={"overwrite_ents": True},
    default_score_weights={"ents_f": 1.0, "ents_p": 0.0, "ents_r": 0.0},
)
def make_date_matcher(nlp: Language, name: str, overwrite_ents: bool) -> DateMatcher:
    return DateMatcher(name, overwrite_ents)
