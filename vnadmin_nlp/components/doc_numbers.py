"""DOC_NUMBER by rule: document codes of both families and short aliases."""

from spacy.language import Language
from spacy.tokens import Doc

from ._spans import add_entities, char_spans, remember_rule_spans, rule_entities
from .extensions import register_extensions


class DocNumberMatcher:
    """Marks document codes (25-NQ/TW, 145/2020/NĐ-CP) and aliases (Quyết định 218 -> 218)."""

    def __init__(self, name: str = "vnadmin_doc_numbers", overwrite_ents: bool = True):
        self.name = name
        self.overwrite_ents = overwrite_ents
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        found = [(start, end) for start, end, _value in rule_entities(doc, "DOC_NUMBER")]
        spans = char_spans(doc, found, "DOC_NUMBER", self.name)
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
