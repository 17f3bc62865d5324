"""DOC_NUMBER by rule: document codes of both families and short aliases, with their parts
(number, year, type, issuer, kind, family) on ``Span._.value``."""

from spacy.language import Language
from spacy.tokens import Doc

from ..doc_text import doc_text
from ..patterns.doc_number_parts import doc_number_parts
from ._spans import add_entities, char_spans, remember_rule_spans, rule_entities
from .extensions import register_extensions


class DocNumberMatcher:
    """Marks document codes (25-NQ/TW, 145/2020/NĐ-CP) and aliases (Quyết định 218 -> 218) and
    sets ``Span._.value`` to the code's parts (:func:`~vnadmin_nlp.patterns.doc_number_parts.doc_number_parts`:
    the document type word before the code names the kind of an alias)."""

    def __init__(self, name: str = "vnadmin_doc_numbers", overwrite_ents: bool = True):
        self.name = name
        self.overwrite_ents = overwrite_ents
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        found = [(start, end) for start, end, _value in rule_entities(doc, "DOC_NUMBER")]
        spans = char_spans(doc, found, "DOC_NUMBER", self.name)
        if spans:
            text = doc_text(doc)
            for span in spans:
                # Span extension values live in doc.user_data by offsets: doc.ents keep them.
                span._.value = doc_number_parts(span.text, text[max(0, span.start_char - 60):span.start_char])
        remember_rule_spans(doc, spans)
        if spans:  # none found: doc.ents stay as they are (spaCy's set_ents costs ~10 µs a call even so)
            add_entities(doc, spans, self.overwrite_ents)
        return doc


@Language.factory(
    "vnadmin_doc_numbers",
    assigns=["doc.ents"],
    default_config={"overwrite_ents": True},
    default_score_weights={"ents_f": 1.0, "ents_p": 0.0, "ents_r": 0.0},
)
def make_doc_number_matcher(nlp: Language, name: str, overwrite_ents: bool) -> DocNumberMatcher:
    return DocNumberMatcher(name, overwrite_ents)
